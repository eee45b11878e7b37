// Runs the official @wecom/crypto package for JourneyAssistant's interop tests.
// Reads one JSON request on stdin, writes one JSON result on stdout:
//   {"op":"encrypt","key":..,"message":..,"id":..}          -> {"encrypt":..}
//   {"op":"decrypt","key":..,"encrypt":..}                  -> {"message":..,"id":..}
//   {"op":"sign","token":..,"timestamp":..,"nonce":..,"encrypt":..} -> {"signature":..}
'use strict';
const wecom = require('@wecom/crypto');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  let result;
  switch (request.op) {
    case 'encrypt':
      result = { encrypt: wecom.encrypt(request.key, request.message, request.id) };
      break;
    case 'decrypt': {
      const { message, id } = wecom.decrypt(request.key, request.encrypt);
      result = { message, id };
      break;
    }
    case 'sign':
      result = { signature: wecom.getSignature(request.token, request.timestamp, request.nonce, request.encrypt) };
      break;
    default:
      process.stderr.write(`unknown op ${request.op}\n`);
      process.exit(2);
  }
  process.stdout.write(JSON.stringify(result));
});

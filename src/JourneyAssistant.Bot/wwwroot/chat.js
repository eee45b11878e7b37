// Connects the official Web Chat to this host's Direct Line 3.0 endpoint, polling over REST (no WebSocket).
(async function () {
  const error = document.getElementById('error');
  try {
    if (!window.WebChat) { throw new Error('Web Chat bundle missing: build the bot project (it runs npm ci in webchat/).'); }
    const response = await fetch('/chat/token', { method: 'POST' });
    if (!response.ok) { throw new Error('Could not get a chat token: HTTP ' + response.status); }
    const { token, userId } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: window.location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 500
    });
    const locale = (navigator.language || 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
    const props = {
      directLine,
      locale,
      // The id the token is bound to: the server stamps it on our messages, so Web Chat must know them as ours.
      userID: userId,
      username: 'you',
      styleOptions: {
        botAvatarInitials: 'JA', userAvatarInitials: '我', bubbleMaxWidth: 720, adaptiveCardsParserMaxVersion: '1.5',
        // An answer card is taller than a small window: stop scrolling when the new answer's top reaches the top of
        // the pane, so its headline is what one sees, not its last button.
        autoScrollSnapOnPage: true, autoScrollSnapOnPageOffset: 0
      }
    };
    renderUntilConnected(directLine, props, document.getElementById('webchat'));
  } catch (e) {
    error.textContent = e.message;
    error.style.display = 'block';
  }
})();

// The send box stays disabled until Direct Line is online: a question typed earlier would otherwise wait on a
// conversation that does not exist yet and be dropped, its text left in the box.
function renderUntilConnected(directLine, props, element) {
  const online = 2; // ConnectionStatus.Online in botframework-directlinejs
  let connected = false;
  window.WebChat.renderWebChat({ ...props, disabled: true }, element);
  directLine.connectionStatus$.subscribe(status => {
    if (status === online && !connected) {
      connected = true;
      window.WebChat.renderWebChat({ ...props, disabled: false }, element);
      element.querySelector('[data-id="webchat-sendbox-input"]')?.focus();
    }
  });
}

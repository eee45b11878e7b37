// Connects the official Web Chat to this host's Direct Line 3.0 endpoint, polling over REST (no WebSocket).
(async function () {
  const error = document.getElementById('error');
  try {
    if (!window.WebChat) { throw new Error('Web Chat bundle missing: build the bot project (it runs npm ci in webchat/).'); }
    const response = await fetch('/chat/token', { method: 'POST' });
    if (!response.ok) { throw new Error('Could not get a chat token: HTTP ' + response.status); }
    const { token } = await response.json();
    const directLine = window.WebChat.createDirectLine({
      token,
      domain: window.location.origin + '/v3/directline',
      webSocket: false,
      pollingInterval: 500
    });
    const locale = (navigator.language || 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
    window.WebChat.renderWebChat(
      {
        directLine,
        locale,
        userID: 'webchat-' + Math.random().toString(36).slice(2, 10),
        username: 'you',
        styleOptions: { botAvatarInitials: 'JA', userAvatarInitials: '我', bubbleMaxWidth: 720, adaptiveCardsParserMaxVersion: '1.5' }
      },
      document.getElementById('webchat')
    );
    document.querySelector('#webchat > *')?.focus();
  } catch (e) {
    error.textContent = e.message;
    error.style.display = 'block';
  }
})();

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
    const element = document.getElementById('webchat');
    renderUntilConnected(directLine, props, element);
    showEachNewAnswerFromItsTop(element);
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

// Web Chat's snap-on-page stops at the first activity it counts as unread, which depends on how fast the person
// typed and when the chart loaded: it could stop at the previous answer or run past the new one's headline. So the
// newest answer card is placed by us: once its images have loaded its top goes to the top of the transcript, and is
// held there until Web Chat's own (sticky) scrolling has stopped moving it for a while — unless the person scrolls.
function showEachNewAnswerFromItsTop(element) {
  const quietMs = 800;     // held this long with nothing moving it: Web Chat has let go
  const longestMs = 10000; // never hold longer than this, whatever moves it
  const placed = new WeakSet();
  let personScrolled = false;
  const inTranscript = e => e.target.closest && e.target.closest('.webchat__basic-transcript__scrollable');
  for (const type of ['wheel', 'touchstart', 'mousedown']) {
    element.addEventListener(type, e => { if (inTranscript(e)) { personScrolled = true; } }, { passive: true, capture: true });
  }
  element.addEventListener('keydown', e => {
    if (['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key) && inTranscript(e)) { personScrolled = true; }
  }, { capture: true });

  const hold = (activity, started, lastMoved) => {
    if (personScrolled || !activity.isConnected) { return; }
    const now = performance.now();
    const scroller = activity.closest('.webchat__basic-transcript__scrollable');
    if (scroller) {
      const offset = activity.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      // A short answer cannot reach the top: the most it can do is end at the bottom.
      const target = Math.max(0, Math.min(scroller.scrollTop + offset, scroller.scrollHeight - scroller.clientHeight));
      if (Math.abs(target - scroller.scrollTop) > 1) {
        scroller.scrollTop = target;
        lastMoved = now;
      }
    }
    if (now - lastMoved < quietMs && now - started < longestMs) { requestAnimationFrame(() => hold(activity, started, lastMoved)); }
  };
  const imagesLoaded = activity => Promise.all([...activity.querySelectorAll('img')].filter(i => !i.complete).map(i =>
    new Promise(resolve => { i.addEventListener('load', resolve, { once: true }); i.addEventListener('error', resolve, { once: true }); })));

  new MutationObserver(() => {
    const activities = element.querySelectorAll('.webchat__basic-transcript__activity');
    const newest = activities[activities.length - 1];
    if (!newest || placed.has(newest) || !newest.querySelector('.ac-adaptiveCard')) { return; }
    placed.add(newest);
    personScrolled = false;
    imagesLoaded(newest).then(() => requestAnimationFrame(() => { const now = performance.now(); hold(newest, now, now); }));
  }).observe(element, { childList: true, subtree: true });
}

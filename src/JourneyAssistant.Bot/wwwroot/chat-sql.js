// Adds a copy button under every SQL block the cards show (the element the card builder gives id "sql-text").
// Web Chat renders cards itself, so the page watches the transcript instead of changing the bundle.
(function () {
  const labels = { copy: '复制 SQL / Copy SQL', copied: '已复制 / Copied', failed: '复制失败，请手动选择 / Copy failed, select it instead' };

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    // Plain-http hosts other than localhost have no async clipboard: the selection-based command still works there.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) { throw new Error('copy refused'); }
  }

  function decorate(block) {
    if (block.dataset.copyButton) { return; }
    block.dataset.copyButton = '1';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'journey-copy-sql';
    button.textContent = labels.copy;
    button.addEventListener('click', async () => {
      try {
        await copy(block.innerText);
        button.textContent = labels.copied;
      } catch {
        button.textContent = labels.failed;
      }
      setTimeout(() => { button.textContent = labels.copy; }, 3000);
    });
    block.insertAdjacentElement('afterend', button);
  }

  new MutationObserver(() => document.querySelectorAll('[id="sql-text"]').forEach(decorate))
    .observe(document.documentElement, { childList: true, subtree: true });
})();

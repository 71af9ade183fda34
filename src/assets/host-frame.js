/*
 * Yehua (夜话) iframe host script, for the page that embeds the widget in an iframe:
 *
 *   <iframe src="https://yehua.example.org/?lang=zh-CN" title="居民意见征集" data-yehua-frame></iframe>
 *   <script src="https://yehua.example.org/host-frame.js" defer></script>
 *
 * For every iframe[data-yehua-frame] it
 *   - answers the frame's hello (yehua-frame.js) so the frame starts reporting, to this page only;
 *   - sets the iframe's height to the content's, growing and shrinking with it;
 *   - re-dispatches the widget's `yehua:ready`, `yehua:submitted` (detail: the receipt code) and
 *     `yehua:error` (detail: a message) as bubbling CustomEvents on the iframe element.
 * A message is used only when it comes from that iframe's window (event.source) AND from the
 * origin of its src (event.origin), and has the expected shape; anything else is ignored.
 * Plain script, no inline code, no style attributes in markup: the sizes are set through the
 * CSSOM (iframe.style), which a strict CSP on this page allows.
 */
(() => {
  'use strict';
  if (window.yehuaHostFrame) return;
  window.yehuaHostFrame = true;
  const EVENTS = ['yehua:ready', 'yehua:submitted', 'yehua:error'];
  const MAX_HEIGHT = 100000;

  function frameFor(source) {
    for (const iframe of document.querySelectorAll('iframe[data-yehua-frame]')) {
      if (iframe.contentWindow === source) return iframe;
    }
    return null;
  }

  function originOf(iframe) {
    try {
      return new URL(iframe.src, document.baseURI).origin;
    } catch {
      return null;
    }
  }

  function prepare(iframe) {
    if (iframe.dataset.yehuaFramePrepared) return;
    iframe.dataset.yehuaFramePrepared = '';
    // Defaults a host stylesheet can override with !important.
    iframe.style.setProperty('display', 'block');
    iframe.style.setProperty('width', '100%');
    iframe.style.setProperty('border', '0');
  }

  const prepareAll = () => document.querySelectorAll('iframe[data-yehua-frame]').forEach(prepare);
  prepareAll();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', prepareAll);

  window.addEventListener('message', (event) => {
    const iframe = event.source && frameFor(event.source);
    if (!iframe || event.origin !== originOf(iframe)) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || typeof data.type !== 'string') return;
    if (data.type === 'yehua:hello') {
      prepare(iframe);
      event.source.postMessage({ type: 'yehua:connect' }, event.origin);
    } else if (data.type === 'yehua:height') {
      const h = data.height;
      if (typeof h === 'number' && Number.isFinite(h) && h >= 0 && h <= MAX_HEIGHT) {
        iframe.style.setProperty('height', `${Math.ceil(h)}px`);
      }
    } else if (EVENTS.includes(data.type)) {
      const detail = typeof data.detail === 'string' ? data.detail.slice(0, 2000) : '';
      iframe.dispatchEvent(new CustomEvent(data.type, { bubbles: true, detail }));
    }
  });
})();

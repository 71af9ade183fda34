// Inside an iframe (imported by yehua-start.js only when framed): tells the embedding page the
// content's height and the widget's events, for host-frame.js on that page.
//
// Handshake: this frame says {type: "yehua:hello"} (no data) to its parent; host-frame.js answers
// {type: "yehua:connect"} only for an iframe it knows, from that page's origin. From then on every
// message goes to that origin only, never to "*":
//   {type: "yehua:height", height}                     whenever the content's height changes
//   {type: "yehua:ready" | "yehua:submitted" | "yehua:error", detail}  the widget's DOM events
// Until connected, events wait in a short queue and each change says hello again (the host
// script may load after this frame).
const EVENTS = ['yehua:ready', 'yehua:submitted', 'yehua:error'];
const root = document.documentElement;
let parentOrigin = null;
let lastHeight = -1;
const queue = [];

function post(message) {
  if (parentOrigin) window.parent.postMessage(message, parentOrigin);
}

function height() {
  // The document's own height (not scrollHeight, which never goes below the frame's height,
  // so the frame could grow but never shrink).
  return Math.ceil(root.getBoundingClientRect().height);
}

function reportHeight() {
  if (!parentOrigin) return window.parent.postMessage({ type: 'yehua:hello' }, '*');
  const h = height();
  if (h !== lastHeight) {
    lastHeight = h;
    post({ type: 'yehua:height', height: h });
  }
}

window.addEventListener('message', (event) => {
  const data = event.data;
  if (parentOrigin || event.source !== window.parent || event.origin === 'null') return;
  if (!data || typeof data !== 'object' || data.type !== 'yehua:connect') return;
  parentOrigin = event.origin;
  reportHeight();
  queue.splice(0).forEach(post);
});

for (const type of EVENTS) {
  document.addEventListener(type, (event) => {
    const message = { type, detail: typeof event.detail === 'string' ? event.detail : '' };
    if (parentOrigin) return post(message);
    if (queue.length < 20) queue.push(message);
    window.parent.postMessage({ type: 'yehua:hello' }, '*');
  });
}

new ResizeObserver(reportHeight).observe(root);

/*
 * Yehua (夜话) embed loader: defines <yehua-feedback>, which renders the widget inside its own
 * shadow root, so the host page's styles and the widget's never meet. Paste on the host page:
 *
 *   <link rel="modulepreload" href="https://yehua.example.org/yehua-app.js">   (optional: one
 *                                                                             round trip less)
 *   <script src="https://yehua.example.org/yehua-embed.js" async></script>
 *   <yehua-feedback definition-url="/consultations/heping-12.json"
 *                   endpoint="https://jiedao.example.cn/api/yehua" locale="zh-CN"></yehua-feedback>
 *
 * Attributes: definition-url, definition, endpoint, endpoint-format, locale, device, config (a
 * JSON file on the host page's origin), theme ("accent: #0a5; radius: 4px"). Changing one
 * re-mounts the widget. Several elements on one page work independently; the wasm module is
 * loaded once, from the folder this script came from (yehua-app.js names this build's files).
 * Another name for the element, for a page that already has a <yehua-feedback> of its own:
 * `<script src="…/yehua-embed.js" data-element-name="jiedao-feedback" async>`, then
 * `<jiedao-feedback …>`. A name that is taken is reported in the console, never silently.
 * Nothing is shared with the host page through globals: the loader's state lives in this closure,
 * and the widget module is started by the element (`mount`), never by the standalone start-up.
 * Always the residents' variant: kiosk mode and the live board never run inside the element
 * (yehua-kiosk.js, the kiosk variant, is for the standalone page; docs/KIOSK.md).
 * Plain script: no inline code, no eval, no style attributes in markup (the one size below is
 * set through the CSSOM), so it runs under a strict CSP. Events `yehua:ready`, `yehua:submitted`
 * (detail: the receipt code) and `yehua:error` bubble out of the element.
 */
(() => {
  'use strict';
  // Resolved now: document.currentScript is only set while this script first runs.
  const script = document.currentScript;
  const TAG = ((script && script.getAttribute('data-element-name')) || 'yehua-feedback').trim();
  if (!window.customElements) {
    console.error('yehua: this browser has no custom elements; the consultation cannot be shown here');
    return;
  }
  const taken = customElements.get(TAG);
  if (taken) {
    // A second copy of this loader is harmless; anything else is the host's own element.
    if (!taken.yehuaLoader) {
      console.error(
        `yehua: <${TAG}> is already defined on this page by another script, so Yehua's element ` +
          'is not. Give Yehua\'s element another name with the data-element-name attribute: ' +
          `<script src="${script ? script.src : 'yehua-embed.js'}" data-element-name="yehua-consultation">, ` +
          'then write <yehua-consultation …> (docs/EMBEDDING.md).',
      );
    }
    return;
  }
  const ATTRIBUTES = ['definition-url', 'definition', 'endpoint', 'endpoint-format', 'locale',
    'device', 'config', 'theme'];
  const FOCUSABLE = 'input, select, textarea, button, [tabindex]';
  const base = new URL('.', (script && script.src) || document.baseURI);
  let app = null;
  /** URL -> the promise of its text, fetched early for the widget (handed to `mount`, never put
   *  on `window`: a host's globals cannot reach or break it). */
  const PREFETCH = Object.create(null);

  /** This build's files (yehua-app.js: their names), imported once for all elements, and
   *  `ready`: the wasm-bindgen module, initialised. The names come first, so the stylesheet
   *  loads while the module and the wasm do. */
  function loadApp() {
    if (!app) {
      const files = import(new URL('yehua-app.js', base).href);
      app = { files, ready: files.then((f) => f.start()) };
      app.ready.catch(() => {}); // reported by each element that awaits it
    }
    return app;
  }

  /** An element's definition and same-origin config file, fetched now, in parallel with the
   *  wasm (as yehua-start.js does for the standalone page): the widget takes these answers
   *  (web::fetch::get_text, once each) and fetches again itself if one failed. Without either,
   *  the default consultation beside this script. No cookies, as the widget's own requests. */
  function prefetch(el) {
    const map = PREFETCH;
    const value = (name) => (el.getAttribute(name) || '').trim();
    const urls = [];
    for (const name of ['config', 'definition-url']) {
      if (!value(name)) continue;
      try {
        const url = new URL(value(name), document.baseURI);
        if (name === 'config' && url.origin !== location.origin) continue; // refused by the widget
        urls.push(url.href);
      } catch (e) {
        // not a URL: the widget reports it
      }
    }
    if (!value('config') && !value('definition-url') && !value('definition')) {
      urls.push(new URL('consultation.json', base).href);
    }
    for (const url of urls) {
      if (map[url]) continue;
      map[url] = fetch(url, { credentials: 'omit', cache: 'no-cache' }).then((r) =>
        r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`)),
      );
      map[url].catch(() => {}); // the widget reports failures itself
    }
  }

  /** The reader's default font size ("medium"), for the stylesheet's `--yh-rem`: inside a
   *  shadow root, `rem` would follow the host page's <html> font size instead. */
  function readerFontSize(shadow) {
    const probe = document.createElement('span');
    probe.style.setProperty('font-size', 'medium', 'important');
    shadow.append(probe);
    const size = getComputedStyle(probe).fontSize;
    probe.remove();
    return size || '16px';
  }

  /** In-page links (the error summary's "#yh-q3") cannot be followed inside a shadow root:
   *  move to the question and focus its first field instead of changing the host's URL. */
  function followInPageLink(event) {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || event.defaultPrevented) return;
    const target = link.getRootNode().getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    const field = target.matches(FOCUSABLE) ? target : target.querySelector(FOCUSABLE);
    target.scrollIntoView({ block: 'start' });
    (field || target).focus({ preventScroll: true });
  }

  // Until its widget mounts, an element says that it is loading (the start script shows the same
  // on the standalone page): on a slow link the wasm takes a second or more, and an empty box
  // looks broken. Both languages: the element's own is only known once the widget runs. A
  // download that stalls neither finishes nor fails: after SLOW_MS the line says so and offers
  // to try again (which loads the page anew; the download goes on meanwhile). The texts and the
  // three helpers below are yehua-start.js's: importing them would cost one more request before
  // the line can show, so the two copies are kept in step.
  const LOADING = ['正在加载，请稍候…', 'Loading, please wait…'];
  const SLOW = ['网络较慢，仍在加载。也可以点“重试”重新打开。', 'The connection is slow; still loading. You can also try again.'];
  const FAILED = ['意见征集暂时无法打开，请稍后再试。', 'The consultation could not be opened; please try again later.'];
  const SLOW_MS = 20000;

  /** `line` says `zh`, then `en` in a span of its own (lang=en; the stylesheet puts it on its own line). */
  function say(line, [zh, en]) {
    const english = document.createElement('span');
    english.lang = 'en';
    english.textContent = en;
    line.replaceChildren(`${zh} `, english);
  }

  /** `<div class="yh-root yh-boot"><p class=… role=…>…</p></div>`, styled like the widget's own
   *  lines (in the host's font until the stylesheet has arrived). */
  function bootLine(shadow, className, role, text) {
    const box = document.createElement('div');
    box.className = 'yh-root yh-boot';
    box.style.setProperty('--yh-rem', readerFontSize(shadow));
    const line = box.appendChild(document.createElement('p'));
    line.className = className;
    line.setAttribute('role', role);
    say(line, text);
    return box;
  }

  /** 重试: loads the page anew (a module that failed to load is not fetched again by import()). */
  function tryAgain() {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'yh-button yh-button-secondary';
    button.textContent = '重试 Try again';
    button.addEventListener('click', () => location.reload());
    return button;
  }

  class YehuaFeedback extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    /** Tells a second copy of this loader that the element is Yehua's own. */
    static get yehuaLoader() {
      return true;
    }

    constructor() {
      super();
      this._widget = null;
      this._run = 0;
      this._queued = false;
      this._slow = 0;
    }

    connectedCallback() {
      if (!this._widget) this._schedule();
    }

    disconnectedCallback() {
      // Moving the element (disconnect + connect in one task) keeps the widget.
      queueMicrotask(() => {
        if (!this.isConnected) {
          this._run += 1;
          this._unmount();
        }
      });
    }

    attributeChangedCallback(name, before, after) {
      if (before !== after && this.isConnected && (this._widget || this._run)) this._schedule();
    }

    /** Several attribute changes in one task re-mount once. */
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      queueMicrotask(() => {
        this._queued = false;
        if (this.isConnected) this._render();
      });
    }

    async _render() {
      const run = ++this._run;
      let shadow = this.shadowRoot;
      try {
        this._unmount();
        shadow = shadow || this._attach();
        shadow.querySelectorAll('.yh-failed').forEach((el) => el.remove());
        let box = shadow.querySelector('.yh-boot');
        if (!box && !shadow.querySelector('.yh-embed')) {
          box = shadow.appendChild(bootLine(shadow, 'yh-loading', 'status', LOADING));
        }
        if (box) {
          this._slow = setTimeout(() => {
            say(box.firstChild, SLOW);
            if (!box.querySelector('button')) box.append(tryAgain());
          }, SLOW_MS);
        }
        prefetch(this);
        const { files, ready } = loadApp();
        // The stylesheet loads while the wasm does; the widget shows once both are there.
        const styled = this._stylesheet(shadow, (await files).css.href);
        const [m] = await Promise.all([ready, styled]);
        if (run !== this._run || !this.isConnected) return;
        const target = document.createElement('div');
        target.className = 'yh-embed';
        target.style.setProperty('--yh-rem', readerFontSize(shadow));
        clearTimeout(this._slow);
        shadow.querySelectorAll('.yh-embed, .yh-boot').forEach((el) => el.remove());
        shadow.append(target);
        this._widget = m.mount(this, target, PREFETCH);
      } catch (error) {
        // Every failure of the loader ends here: the message, a way to try again, yehua:error.
        if (run === this._run) this._fail(shadow || this.shadowRoot || this._attach(), error);
      }
    }

    _attach() {
      const shadow = this.attachShadow({ mode: 'open' });
      shadow.addEventListener('click', followInPageLink);
      return shadow;
    }

    /** Adds the widget's stylesheet once (style-src allows a <link>); resolves when it loaded,
     *  so the widget never shows unstyled. */
    _stylesheet(shadow, href) {
      const present = shadow.querySelector('link[rel="stylesheet"]');
      if (present) return present._loaded;
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link._loaded = new Promise((resolve) => {
        link.addEventListener('load', resolve, { once: true });
        link.addEventListener('error', resolve, { once: true });
      });
      link.href = href;
      shadow.prepend(link);
      return link._loaded;
    }

    _unmount() {
      clearTimeout(this._slow);
      const widget = this._widget;
      this._widget = null;
      if (widget) widget.unmount();
    }

    _fail(shadow, error) {
      clearTimeout(this._slow);
      const detail = String((error && error.message) || error);
      console.error(`yehua: ${detail}`);
      try {
        const box = bootLine(shadow, 'yh-crash', 'alert', FAILED);
        box.classList.add('yh-failed');
        box.append(tryAgain());
        shadow.querySelectorAll('.yh-boot').forEach((el) => el.remove());
        shadow.append(box);
      } finally {
        this.dispatchEvent(new CustomEvent('yehua:error', { bubbles: true, composed: true, detail }));
      }
    }
  }

  try {
    customElements.define(TAG, YehuaFeedback);
  } catch (error) {
    console.error(
      `yehua: cannot define <${TAG}> (${error && error.message}): data-element-name must be a ` +
        'lower-case name with a hyphen, such as yehua-consultation',
    );
  }
})();

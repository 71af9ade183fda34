// Starts the standalone page (index.html). A file instead of Trunk's inline bootstrap, so the
// page runs under `script-src 'self'` (Trunk.toml's pattern_script points here).
// Inside an iframe, yehua-frame.js first starts reporting height and events to the host page.
//
// Two builds of the widget (docs/KIOSK.md): yehua-app.js names the residents' wasm,
// yehua-kiosk.js the kiosk variant (kiosk mode, staff panel, live board, the organizers' check
// view). Kiosk, board and check pages load only the kiosk variant: `#yehua[data-kiosk="true"]`,
// `[data-view="board"]` or `[data-view="check"]`, `?kiosk=1`, `?view=board`, `?view=check` or
// `?check=1`, or a same-origin `data-config` file with `"kiosk": true`, a `"kiosk"` object
// without `"enabled": false`, or `"view": "board"` / `"check"` (read as core::config::Config
// reads them: keep the two in step). Everything else loads only the residents' wasm.

// Spaces around a value are ASCII ones only, as in HTML and core::config.
const ON = /^[ \t\n\f\r]*(true|1|yes|on)[ \t\n\f\r]*$/i;
const BOARD = /^[ \t\n\f\r]*board[ \t\n\f\r]*$/i;
const CHECK = /^[ \t\n\f\r]*check[ \t\n\f\r]*$/i;
const SURVEY = /^[ \t\n\f\r]*survey[ \t\n\f\r]*$/i;

/** What the page's query string chooses, by the one rule core::config::PageQuery follows (the
 *  cases both are tested on: tests/query_cases.json): decoded as URLSearchParams decodes it,
 *  the FIRST value of a name counts; `lang` (else `locale`) when letters, digits and `-` only;
 *  `kiosk` on for true/1/yes/on; `view` survey, board or check; `check` on for true/1/yes/on
 *  is view check (it wins over `view`). */
export function pageChoices(search) {
  const query = new URLSearchParams(search);
  const lang = query.has('lang') ? query.get('lang') : query.get('locale');
  const view = query.get('view') ?? '';
  return {
    lang: lang !== null && /^[A-Za-z0-9-]+$/.test(lang) ? lang : null,
    kiosk: ON.test(query.get('kiosk') ?? ''),
    view: ON.test(query.get('check') ?? '')
      ? 'check'
      : BOARD.test(view) ? 'board' : CHECK.test(view) ? 'check' : SURVEY.test(view) ? 'survey' : null,
  };
}

// The definition and the config file are fetched now, in parallel with the wasm, instead of after
// it starts: one round trip less before the first question on a slow link. The widget takes
// these answers (web::fetch::get_text, once each) and fetches again itself if one failed, so its
// error messages stay its own. Same request as the widget's: no cookies, no cache tricks.
// A page that names no definition and no config file (which could name one) shows the default
// consultation, consultation.json beside this script (web::fetch::bundled_consultation_url).
// yehua-embed.js does the same for each <yehua-feedback> (a classic script of its own: sharing
// this code would cost embedding pages one more request); keep the two in step.
// URL -> the promise of its text: private to this module and handed to the widget's `startPage`
// (never put on `window`, where a host's globals could reach or break it).
const PREFETCH = Object.create(null);
{
  const root = document.getElementById('yehua');
  const data = (name) => (root && (root.getAttribute(`data-${name}`) || '').trim()) || '';
  const urls = [];
  for (const name of ['config', 'definition-url']) {
    if (!data(name)) continue;
    try {
      const parsed = new URL(data(name), document.baseURI);
      if (name === 'config' && parsed.origin !== location.origin) continue; // refused by the widget
      urls.push(parsed.href);
    } catch (e) {
      // not a URL: the widget reports it
    }
  }
  if (root && !data('config') && !data('definition-url') && !data('definition')) {
    urls.push(new URL('consultation.json', import.meta.url).href);
  }
  for (const url of urls) {
    PREFETCH[url] = fetch(url, { credentials: 'omit', cache: 'no-cache' }).then((r) =>
      r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`)),
    );
    PREFETCH[url].catch(() => {}); // the widget reports failures itself
  }
}

// A prerendered first screen (docs/PRERENDER.md). Made for other settings than the page has now
// (its data-* attributes, or a query string choosing another language, the view, kiosk mode or
// a definition), it is out of date: drop it, the widget renders the right one. Else mark a
// composition under way in it, so the widget waits for the input method to finish before it
// takes the screen over.
{
  const root = document.getElementById('yehua');
  const copy = root && root.querySelector(':scope > [data-yehua-prerendered]');
  if (copy) {
    const settings = [...root.attributes].filter((a) => a.name.startsWith('data-'));
    const now = settings.map((a) => `${a.name}=${a.value}`).sort().join('\n');
    const query = new URLSearchParams(location.search);
    const { lang } = pageChoices(location.search);
    const otherLang = lang !== null && lang.toLowerCase() !== (copy.getAttribute('lang') || '').toLowerCase();
    const chosen = otherLang || ['view', 'kiosk', 'definition', 'check'].some((k) => query.has(k));
    if (chosen || copy.getAttribute('data-yehua-for') !== now) {
      copy.remove();
      console.info('yehua: the prerendered first screen was made for other settings; not shown');
    }
  }
}
// Until the widget starts (Yew empties #yehua when it mounts), a line saying that it is loading:
// on a slow link the wasm takes a second or more, and an empty page looks broken. Not beside a
// prerendered first screen, which is there to read. Both languages: which one the widget shows
// is only known once it has read its config. yehua-embed.js shows the same in each element
// (its own copy of these texts and helpers: keep the two in step).
// A download that stalls neither finishes nor fails: after SLOW_MS the line says so and offers
// to try again (the download goes on meanwhile).
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
 *  lines (no inline styles: a strict CSP refuses them). */
function bootLine(className, role, text) {
  const box = document.createElement('div');
  box.className = 'yh-root yh-boot';
  const line = box.appendChild(document.createElement('p'));
  line.className = className;
  line.setAttribute('role', role);
  say(line, text);
  return box;
}

/** 重试: loads the page anew. */
function tryAgain() {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'yh-button yh-button-secondary';
  button.textContent = '重试 Try again';
  button.addEventListener('click', () => location.reload());
  return button;
}

let slow = 0;
{
  const root = document.getElementById('yehua');
  if (root && !root.querySelector(':scope > [data-yehua-prerendered]')) {
    const box = root.appendChild(bootLine('yh-loading', 'status', LOADING));
    slow = setTimeout(() => {
      say(box.firstChild, SLOW);
      box.append(tryAgain());
    }, SLOW_MS);
  }
}

/** The widget's files did not arrive or its module failed to start (a flaky link, a server
 *  down): the message every failure gets and a way to try again, instead of a blank page or a
 *  loading line that never ends. A panic inside the widget has shown its own message already. */
function showFailure(error) {
  console.error(`yehua: the widget could not start: ${error}`);
  const root = document.getElementById('yehua');
  if (!root || root.getAttribute('data-yehua-state') === 'error') return;
  root.querySelectorAll(':scope > .yh-boot, :scope > [data-yehua-prerendered]').forEach((el) => el.remove());
  root.appendChild(bootLine('yh-crash', 'alert', FAILED)).append(tryAgain());
  root.setAttribute('data-yehua-state', 'error');
  root.dispatchEvent(new CustomEvent('yehua:error', { bubbles: true, detail: String(error) }));
}

for (const [type, composing] of [['compositionstart', true], ['compositionend', false]]) {
  document.addEventListener(
    type,
    (e) => e.target.closest?.('[data-yehua-prerendered]')?.toggleAttribute('data-composing', composing),
    true,
  );
}

/** The prefetched text of `url` (a promise), if the page started one. */
function prefetched(url) {
  return PREFETCH[url];
}

/** The config file's `kiosk` turns kiosk mode on (core::config::KioskConfig::merge_file). */
function kioskInFile(kiosk) {
  if (typeof kiosk === 'boolean') return kiosk;
  return !!kiosk && typeof kiosk === 'object' && !Array.isArray(kiosk) && kiosk.enabled !== false;
}

async function wantsKiosk() {
  const root = document.getElementById('yehua');
  const data = (name) => (root && root.getAttribute(`data-${name}`)) || '';
  if (ON.test(data('kiosk')) || BOARD.test(data('view')) || CHECK.test(data('view'))) return true;
  const query = pageChoices(location.search);
  if (query.kiosk || query.view === 'board' || query.view === 'check') return true;
  const config = data('config').trim();
  if (!config) return false;
  try {
    const url = new URL(config, document.baseURI);
    if (url.origin !== location.origin) return false; // the wasm refuses it with its own error
    const text = prefetched(url.href);
    if (!text) return false;
    const file = JSON.parse(await text);
    return kioskInFile(file && file.kiosk) || (!!file && (BOARD.test(String(file.view)) || CHECK.test(String(file.view))));
  } catch (e) {
    return false; // the wasm shows its own error for the config
  }
}

async function load(kiosk) {
  if (await kiosk) {
    try {
      return await import('./yehua-kiosk.js');
    } catch (e) {
      console.warn(`yehua: the kiosk variant could not be loaded (${e}); starting the residents' one`);
    }
  }
  return import('./yehua-app.js');
}

const kiosk = wantsKiosk(); // the config file is fetched meanwhile
try {
  if (window.parent !== window) await import('./yehua-frame.js');
  const app = await load(kiosk);
  // The standalone start-up is this explicit call: the module starts nothing by itself, so
  // yehua-embed.js can load the same module without a second widget on the host's page.
  (await app.start()).startPage(PREFETCH);
} catch (error) {
  showFailure(error);
} finally {
  clearTimeout(slow);
}

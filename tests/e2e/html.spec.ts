// Organizers' markup and text piping in the real widget (docs/DEFINITIONS.md, "Formatted text"
// and "Piping answers into texts"): the XSS corpus of core/tests/fixtures/html_corpus.json
// rendered as html elements and completedHtml — no script runs, no dialog opens, nothing is
// fetched for it, the DOM holds only the allowlisted elements and attributes, and every case's
// text is kept; links in a kiosk are text; `{name}` shows the answer's shown text as text only
// and follows it as it changes.
// With YEHUA_SCREENSHOTS=1 it also writes docs/screenshots/html-*.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openWidget, recordRequests } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const CORPUS: { name: string; html: string; text: string }[] = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'core/tests/fixtures/html_corpus.json'), 'utf8'),
);
const SUBMIT = '.yh-nav .yh-button-primary';
const SUBMITTED = '[data-yehua-state="submitted"]';

/** Before any page script: every way a payload could announce itself. */
async function trapScripts(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as any;
    w.__pwned = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      w[name] = (...args: unknown[]) => w.__pwned.push(`${name}(${args.join(',')})`);
    }
  });
  return dialogs;
}

/** What the DOM under `scope` holds outside the safe subset: element names, attributes. */
async function outsideSubset(scope: Locator): Promise<string[]> {
  return scope.evaluateAll((roots) => {
    const ELEMENTS = new Set(['P', 'DIV', 'BR', 'HR', 'B', 'STRONG', 'I', 'EM', 'U', 'UL', 'OL', 'LI',
      'H3', 'H4', 'H5', 'H6', 'A', 'SPAN']);
    const bad: string[] = [];
    for (const root of roots) {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const attrs = Array.from(el.attributes).map((a) => `${a.name}=${a.value}`);
        if (!ELEMENTS.has(el.tagName)) bad.push(`<${el.tagName}>`);
        if (el.tagName === 'A') {
          const ok =
            attrs.length === 3 &&
            /^(https?|mailto):/i.test(el.getAttribute('href') ?? '') &&
            el.getAttribute('target') === '_blank' &&
            el.getAttribute('rel') === 'noopener noreferrer';
          if (!ok) bad.push(`<a ${attrs.join(' ')}>`);
        } else if (el.tagName === 'SPAN') {
          if (attrs.join(' ') !== 'class=yh-sr' || el.parentElement?.tagName !== 'A') bad.push(`<span ${attrs.join(' ')}>`);
        } else if (attrs.length > 0) {
          bad.push(`<${el.tagName} ${attrs.join(' ')}>`);
        }
      }
    }
    return bad;
  });
}

/** A note's text as a reader sees it, without the spoken "opens in a new tab". */
async function shownText(note: Locator): Promise<string> {
  return note.evaluate((el) => {
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll('.yh-sr').forEach((s) => s.remove());
    return copy.textContent ?? '';
  });
}

const corpusDefinition = {
  consultation: { id: 'html-corpus', version: '1' },
  title: '格式测试',
  // The thank-you first: some cases swallow everything after them (an unterminated comment,
  // <plaintext>), as they would in a browser.
  completedHtml:
    '<p class="x">谢谢 <b>{who}</b>！<a href="https://example.org/report">办理情况</a></p>' +
    CORPUS.filter((c) => !c.name.startsWith('organizer')).map((c) => c.html).join(''),
  pages: [
    {
      name: 'corpus',
      elements: [
        ...CORPUS.map((c, i) => ({ type: 'html', name: `c${i}`, html: c.html })),
        { type: 'text', name: 'who', title: '称呼' },
      ],
    },
  ],
};

test('the XSS corpus in html elements and completedHtml: no script, only the safe subset, the text kept', async ({
  page,
  consoleErrors,
}) => {
  const dialogs = await trapScripts(page);
  const requests = recordRequests(page);
  await openWidget(page, { attrs: { definition: JSON.stringify(corpusDefinition) } });
  const notes = page.locator('.yh-note');
  // Every case is on the page (built a few groups after each paint), and reads as expected.
  await expect(notes).toHaveCount(CORPUS.length);
  for (const [i, c] of CORPUS.entries()) {
    expect(await shownText(page.locator(`.yh-note[data-name="c${i}"]`)), c.name).toBe(c.text);
  }
  expect(await outsideSubset(notes)).toEqual([]);
  // The organizer's intro: its heading below the page's h2, its links in a new tab.
  const intro = page.locator(`.yh-note[data-name="c${CORPUS.findIndex((c) => c.name === 'organizer-intro')}"]`);
  await expect(intro.locator('h3')).toHaveText('欢迎参加夜话');
  await expect(intro.locator('a[href="https://example.org/yehua"]')).toHaveAccessibleName('社区网站 （在新标签页打开）');
  await expect(intro.locator('a[href="mailto:juweihui@example.org"]')).toHaveCount(1);

  // Typing markup where completedHtml pipes it in: shown as text on the receipt.
  await page.locator('[data-name="who"] input').fill('<img src=x onerror=alert(9)>老张');
  await page.locator(SUBMIT).click();
  await expect(page.locator(SUBMITTED)).toBeAttached();
  const completed = page.locator('.yh-completed');
  await expect(completed.locator('p').first().locator('b')).toHaveText('<img src=x onerror=alert(9)>老张');
  await expect(completed.locator('a[href="https://example.org/report"]')).toHaveCount(1);
  expect(await outsideSubset(completed)).toEqual([]);

  expect(await page.evaluate(() => (window as any).__pwned)).toEqual([]);
  expect(dialogs).toEqual([]);
  // Nothing was fetched for any payload (img src=x, scripts, stylesheets, frames).
  const fetched = requests.filter((u) => /xss\.example|cdn\.example|\/x(\?|$)|scriptlet|\.js\?/.test(u));
  expect(fetched).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('in kiosk mode a link is text with its address: the tablet never leaves the consultation', async ({
  page,
  consoleErrors,
}) => {
  const definition = {
    consultation: { id: 'html-kiosk', version: '1' },
    elements: [
      {
        type: 'html',
        name: 'intro',
        html: '<p>详情见<a href="https://example.org/yehua/">社区网站</a>，或写信给 <a href="mailto:jwh@example.org">jwh@example.org</a>。</p>',
      },
      { type: 'comment', name: 'suggestion', title: '您的建议' },
    ],
  };
  await openWidget(page, { path: '/?kiosk=1', attrs: { definition: JSON.stringify(definition) }, waitReady: false });
  await page.locator('.yh-kiosk-begin').click();
  const intro = page.locator('.yh-note[data-name="intro"]');
  await expect(intro).toHaveText('详情见社区网站 (example.org/yehua)，或写信给 jwh@example.org。');
  await expect(page.locator('.yh-kiosk a[href]')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

const pipingDefinition = {
  consultation: { id: 'html-piping', version: '1' },
  title: { default: '和平夜话 · 意见征集', en: 'Evening Talk: your views' },
  completedHtml: {
    default: '<p>谢谢您，<b>{name}</b>！您最关心的是“{topic}”，我们会在下一期夜话上通报。</p>',
    en: '<p>Thank you, <b>{name}</b>! You care most about "{topic}"; we will report on it at the next forum.</p>',
  },
  pages: [
    {
      name: 'intro',
      title: { default: '开始之前', en: 'Before you start' },
      elements: [
        {
          type: 'html',
          name: 'welcome',
          html: {
            default:
              '<h2>欢迎参加和平夜话</h2><p>社区想听听您的想法，大约需要 <b>3 分钟</b>，<em>大部分问题可以不填</em>。</p>' +
              '<ul><li><b>问需</b>：您需要什么帮助</li><li><b>问技</b>：您能出一份什么力</li><li><b>问策</b>：您对社区的建议</li></ul>' +
              '<p>往期办理情况见<a href="https://example.org/yehua">社区网站</a>。</p>',
            en:
              '<h2>Welcome to the Evening Talk</h2><p>We want to hear from you. It takes about <b>3 minutes</b>, and <em>most questions are optional</em>.</p>' +
              '<ul><li><b>Needs</b>: what help you need</li><li><b>Skills</b>: what you could offer</li><li><b>Suggestions</b>: how the community could do better</li></ul>' +
              '<p>What was done after earlier forums: see the <a href="https://example.org/yehua">community website</a>.</p>',
          },
        },
        { type: 'text', name: 'name', title: { default: '怎么称呼您？', en: 'What may we call you?' } },
        {
          type: 'radiogroup',
          name: 'topic',
          title: { default: '{name}，您最关心哪件事？', en: '{name}, what matters most to you?' },
          description: { default: '选一项就好。', en: 'Pick one.' },
          choices: [
            { value: 'lift', text: { default: '加装电梯', en: 'Lifts in old buildings' } },
            { value: 'parking', text: { default: '停车难', en: 'Parking' } },
            { value: 'elderly', text: { default: '老年食堂', en: 'A canteen for the elderly' } },
          ],
        },
        {
          type: 'comment',
          name: 'why',
          title: { default: '关于“{topic}”，您有什么具体建议？', en: 'About "{topic}": what do you suggest?' },
        },
      ],
    },
  ],
};

for (const lang of ['zh-CN', 'en'] as const) {
  test(`piping in ${lang}: the shown answer, as text, following each change; formatted intro`, async ({
    page,
    consoleErrors,
  }, testInfo) => {
    await page.setViewportSize({ width: 480, height: 900 });
    await openWidget(page, { attrs: { definition: JSON.stringify(pipingDefinition), locale: lang } });
    const zh = lang === 'zh-CN';
    const topicTitle = page.locator('[data-name="topic"] .yh-title-text');
    const whyTitle = page.locator('[data-name="why"] .yh-title-text');
    // Unanswered: empty, as in SurveyJS.
    await expect(topicTitle).toHaveText(zh ? '，您最关心哪件事？' : ', what matters most to you?');
    await expect(whyTitle).toHaveText(zh ? '关于“”，您有什么具体建议？' : 'About "": what do you suggest?');

    // What a resident types is text, never markup.
    await page.locator('[data-name="name"] input').fill(zh ? '<b>老张</b>' : '<b>Zhang</b>');
    await expect(topicTitle).toHaveText(zh ? '<b>老张</b>，您最关心哪件事？' : '<b>Zhang</b>, what matters most to you?');
    await expect(page.locator('[data-name="topic"] .yh-title-text b')).toHaveCount(0);
    await page.locator('[data-name="name"] input').fill(zh ? '老张' : 'Zhang');
    await expect(topicTitle).toHaveText(zh ? '老张，您最关心哪件事？' : 'Zhang, what matters most to you?');

    // A choice shows its text, and the title follows a new choice.
    await page.getByRole('radio', { name: zh ? '停车难' : 'Parking' }).check();
    await expect(whyTitle).toHaveText(zh ? '关于“停车难”，您有什么具体建议？' : 'About "Parking": what do you suggest?');
    await page.getByRole('radio', { name: zh ? '加装电梯' : 'Lifts in old buildings' }).check();
    await expect(whyTitle).toHaveText(
      zh ? '关于“加装电梯”，您有什么具体建议？' : 'About "Lifts in old buildings": what do you suggest?',
    );
    // The intro's heading sits below the page title.
    await expect(page.locator('.yh-note[data-name="welcome"] h3')).toHaveCount(1);
    await page.locator('.yh-page-title').focus();
    await shot(page, testInfo, `html-intro-${zh ? 'zh' : 'en'}`);

    await page.locator(SUBMIT).click();
    await expect(page.locator(SUBMITTED)).toBeAttached();
    await expect(page.locator('.yh-completed')).toHaveText(
      zh
        ? '谢谢您，老张！您最关心的是“加装电梯”，我们会在下一期夜话上通报。'
        : 'Thank you, Zhang! You care most about "Lifts in old buildings"; we will report on it at the next forum.',
    );
    await expect(page.locator('.yh-completed b')).toHaveText(zh ? '老张' : 'Zhang');
    await shot(page, testInfo, `html-receipt-${zh ? 'zh' : 'en'}`);
    expect(consoleErrors).toEqual([]);
  });
}

async function shot(page: Page, testInfo: { outputPath(name: string): string }, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.YEHUA_SCREENSHOTS) {
    fs.copyFileSync(file, path.join(ROOT, 'docs/screenshots', `${name}.png`));
  }
}

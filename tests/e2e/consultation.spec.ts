// The default consultation (core/src/default_consultation.json) end to end, as a resident and
// as the staff member who exports the answers: conditional questions, validation and its
// translations, Back, the draft that survives a reload, anonymity, and the language switch.
// Run: cd tests/e2e && npx playwright test consultation   (against the release build in dist-e2e)
import { test, expect, openWidget, waitForReady } from './helpers';
import { SurveyPage, RECEIPT_CODE, receiptCodeOf } from './pages/survey';
import { parseCsv } from './csv';

const CONSULTATION_ID = 'heping-yehua-example';
const DRAFT_KEY = `yehua.draft.${CONSULTATION_ID}`;

/** Page titles of the default consultation, zh-CN. */
const TITLES = {
  about: '关于您',
  needs: '问需 · 您最需要什么',
  skills: '问技 · 您能出一份力吗',
  suggestions: '问策 · 您的建议',
  contact: '联系方式（选填）',
};

/** Rows as objects keyed by the header; checks every row has the header's width. */
function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) expect(r, `CSV row width: ${JSON.stringify(r)}`).toHaveLength(header.length);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

test('the parser itself reads quotes, doubled quotes and line breaks', () => {
  expect(parseCsv('a,"b,c","say ""hi""","x\r\ny"\r\n1,,3,4\r\n')).toEqual([
    ['a', 'b,c', 'say "hi"', 'x\r\ny'],
    ['1', '', '3', '4'],
  ]);
});

/** Answers the required questions of pages 1–2 and walks to page `to`. */
async function walkTo(s: SurveyPage, to: keyof typeof TITLES): Promise<void> {
  const order = Object.keys(TITLES) as (keyof typeof TITLES)[];
  await expect(s.pageTitle).toHaveText(TITLES.about);
  for (const page of order.slice(0, order.indexOf(to))) {
    if (page === 'about') await s.choose('grid', 'grid_1');
    if (page === 'needs') await s.tick('needs', 'parking');
    await s.goNext();
  }
  await expect(s.pageTitle).toHaveText(TITLES[to]);
}

test.describe('the default consultation', () => {
  test('a resident completes it in Chinese; the receipt, the device count and both exports agree', async ({
    page,
    consoleErrors,
  }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await expect(s.root.locator('.yh-title')).toHaveText('夜话 · 问需 问技 问策');
    await expect(s.progress).toHaveText('第 1 / 5 页');
    await expect(s.back).toHaveCount(0);
    await expect(s.deviceCount).toHaveAttribute('data-count', '0');

    // 1 关于您: a grid from the dropdown (required), an age group
    await s.choose('grid', 'grid_2');
    await expect(s.select('grid').locator('option:checked')).toHaveText('第二网格（6—10 号楼）');
    await s.pick('age_group', '60-74');
    await s.goNext();

    // 2 问需: the urgency rating appears only once a need is chosen; at most 3 needs
    await expect(s.pageTitle).toHaveText(TITLES.needs);
    await expect(s.question('needs_urgency')).toHaveCount(0);
    await s.tick('needs', 'elderly_care');
    await expect(s.question('needs_urgency')).toBeVisible();
    await expect(s.question('canteen_satisfaction')).toHaveCount(0);
    await s.tick('needs', 'community_canteen', 'elevator_retrofit');
    await expect(s.question('canteen_satisfaction')).toBeVisible();
    await expect(s.option('needs', 'parking')).toBeDisabled();
    await expect(s.option('needs', 'elderly_care')).toBeEnabled();
    await s.pick('needs_urgency', 4);
    await s.pick('canteen_satisfaction', 2);
    await s.goNext();

    // 3 问技: volunteering reveals the skills
    await expect(s.pageTitle).toHaveText(TITLES.skills);
    await expect(s.question('skills')).toHaveCount(0);
    await expect(s.question('availability')).toHaveCount(0);
    await s.yesNo('volunteer', true);
    await expect(s.question('skills')).toBeVisible();
    await s.tick('skills', 'repairs', 'digital_help');
    await s.pick('availability', 'weekends');
    await s.goNext();

    // 4 问策: a suggestion typed as committed Chinese text, with a comma, quotes and a line break
    await expect(s.pageTitle).toHaveText(TITLES.suggestions);
    const suggestion = '3 号楼前的路灯坏了，晚上出门不方便, "请尽快修好"。\n另外：楼道灯也暗。';
    await s.choose('topic', 'safety');
    await s.type('suggestion', suggestion, 'insertText');
    await s.goNext();

    // 5 联系方式: consent reveals name and phone; the phone becomes required
    await expect(s.pageTitle).toHaveText(TITLES.contact);
    await expect(s.question('contact_details')).toHaveCount(0);
    await s.yesNo('consent_contact', true);
    await expect(s.question('name')).toBeVisible();
    await expect(s.question('phone').locator('.yh-required')).toBeVisible();
    await expect(s.question('name').locator('.yh-required')).toHaveCount(0);
    await expect(s.next).toHaveText('提交');
    await s.next.click(); // no phone yet
    await expect(s.error('phone')).toHaveText('这个问题需要回答。');
    await expect(s.summary).toContainText('联系电话');
    await expect.poll(() => s.focusedId()).toBe(await s.textbox('phone').getAttribute('id'));
    await s.type('name', '王阿姨');
    await s.type('phone', '13800138000');
    await expect(s.error('phone')).toHaveCount(0);

    // submit: receipt, state, and the host event carrying the code
    await page.evaluate(() => {
      const w = window as unknown as { __submitted: string[] };
      w.__submitted = [];
      document.addEventListener('yehua:submitted', (e) => w.__submitted.push((e as CustomEvent).detail));
    });
    const code = await s.submit();
    expect(code).toMatch(RECEIPT_CODE);
    await expect(s.receiptCode).toHaveText(code);
    await expect(s.root.locator('.yh-receipt-status')).toHaveText('您的意见已保存在这台设备上。');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __submitted: string[] }).__submitted))
      .toEqual([code]);
    await expect(s.deviceCount).toHaveAttribute('data-count', '1');
    if (process.env.YEHUA_SCREENSHOT_DIR) {
      await page.screenshot({ path: `${process.env.YEHUA_SCREENSHOT_DIR}/yehua-receipt.png`, fullPage: true });
    }

    // the count survives a reload
    await page.reload();
    await waitForReady(page);
    await expect(s.deviceCount).toHaveAttribute('data-count', '1');
    await expect(s.deviceCount).toContainText('1');
    await expect(s.pageTitle).toHaveText(TITLES.about);
    await expect(s.select('grid')).toHaveValue('');

    // CSV: BOM, header, one row with what was typed
    const csv = await s.export('csv');
    expect(csv.name).toBe('yehua-submissions.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const { header, records } = csvRecords(csv.text.slice(1));
    expect(header).toEqual([
      'id', 'receipt', 'createdAt', 'consultation', 'version', 'locale', 'device',
      'grid', 'age_group', 'needs', 'needs_urgency', 'canteen_satisfaction', 'volunteer', 'skills',
      'availability', 'topic', 'suggestion', 'consent_contact', 'name', 'phone',
    ]);
    expect(records).toHaveLength(1);
    const [row] = records;
    expect(row).toMatchObject({
      receipt: code,
      consultation: CONSULTATION_ID,
      version: '1',
      locale: 'zh-CN',
      grid: 'grid_2',
      age_group: '60-74',
      needs: 'elderly_care; community_canteen; elevator_retrofit',
      needs_urgency: '4',
      canteen_satisfaction: '2',
      volunteer: 'true',
      skills: 'repairs; digital_help',
      availability: 'weekends',
      topic: 'safety',
      suggestion,
      consent_contact: 'true',
      name: '王阿姨',
      phone: '13800138000',
    });
    expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(receiptCodeOf(row.id)).toBe(code);

    // JSON: the versioned payload with the same answers
    const json = await s.export('json');
    expect(json.name).toBe('yehua-submissions.json');
    const exported = JSON.parse(json.text);
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({
      schema: 'yehua.submission/1',
      id: row.id,
      consultation: { id: CONSULTATION_ID, version: '1' },
      locale: 'zh-CN',
      answers: {
        grid: { value: 'grid_2' },
        age_group: { value: '60-74' },
        needs: { value: ['elderly_care', 'community_canteen', 'elevator_retrofit'], intent: 'need' },
        needs_urgency: { value: '4', intent: 'need' },
        canteen_satisfaction: { value: '2' },
        volunteer: { value: true, intent: 'skill' },
        skills: { value: ['repairs', 'digital_help'], intent: 'skill' },
        availability: { value: 'weekends' },
        topic: { value: 'safety', intent: 'suggestion' },
        suggestion: { value: suggestion, intent: 'suggestion' },
        consent_contact: { value: true },
        name: { value: '王阿姨' },
        phone: { value: '13800138000' },
      },
    });
    expect(Object.keys(exported[0].answers)).toHaveLength(13);
    expect(consoleErrors).toEqual([]);
  });

  test('Next without the required grid shows the summary and an inline error, focuses the select, and translates', async ({
    page,
    consoleErrors,
  }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    // nothing is shown before an attempt
    await expect(s.error('grid')).toHaveCount(0);
    await expect(s.summary).toHaveCount(0);

    await s.tryNext();
    await expect(s.pageTitle).toHaveText(TITLES.about);
    await expect(s.summary).toHaveAttribute('role', 'alert');
    await expect(s.summary.locator('li')).toHaveCount(1);
    await expect(s.summary.locator('li')).toHaveText('您住在哪个网格？：这个问题需要回答。');
    await expect(s.error('grid')).toHaveText('这个问题需要回答。');
    const select = s.select('grid');
    const selectId = await select.getAttribute('id');
    expect(selectId).toMatch(/^yh-q\d+-input$/);
    await expect.poll(() => s.focusedId()).toBe(selectId);
    await expect(select).toHaveAttribute('aria-invalid', 'true');
    // the error is announced with the select
    const describedBy = (await select.getAttribute('aria-describedby')) ?? '';
    const errorId = await s.error('grid').getAttribute('id');
    expect(describedBy.split(' ')).toContain(errorId);
    // the optional question has no error
    await expect(s.question('age_group').locator('.yh-error')).toHaveCount(0);

    await s.switchLanguage('English');
    await expect(s.error('grid')).toHaveText('Please answer this question.');
    await expect(s.summary.locator('li')).toHaveText(
      'Which grid (block of buildings) do you live in?：Please answer this question.',
    );
    await expect(s.next).toHaveText('Next');
    await s.switchLanguage('繁體中文');
    await expect(s.error('grid')).toHaveText('這一題需要回答。');

    // answering clears both; Next then moves on
    await s.choose('grid', 'grid_5');
    await expect(s.error('grid')).toHaveCount(0);
    await expect(s.summary).toHaveCount(0);
    await expect(select).not.toHaveAttribute('aria-invalid', 'true');
    await s.goNext();
    await expect(s.progress).toHaveText('第 2 / 5 頁');
    expect(consoleErrors).toEqual([]);
  });

  test('the suggestion box counts characters (graphemes) and refuses more than 500', async ({ page, consoleErrors }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await walkTo(s, 'suggestions');
    const counter = s.counter('suggestion');
    await expect(counter).toHaveText('0/500 字');
    // one Han character each, and an emoji with a skin tone is one character
    await s.type('suggestion', '路灯坏了👍🏽', 'insertText');
    await expect(counter).toHaveText('5/500 字');

    await s.type('suggestion', '好'.repeat(501));
    await expect(counter).toHaveText('501/500 字');
    await s.leave('suggestion');
    await expect(s.error('suggestion')).toHaveText('最多 500 个字，请删减一些。');
    await s.tryNext();
    await expect(s.pageTitle).toHaveText(TITLES.suggestions);
    await expect.poll(() => s.focusedId()).toBe(await s.textbox('suggestion').getAttribute('id'));

    await s.type('suggestion', '好'.repeat(500));
    await expect(counter).toHaveText('500/500 字');
    await expect(s.error('suggestion')).toHaveCount(0);
    await s.goNext();
    await expect(s.pageTitle).toHaveText(TITLES.contact);
    expect(consoleErrors).toEqual([]);
  });

  test('Back keeps every answer, and so does going forward again', async ({ page, consoleErrors }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await s.choose('grid', 'grid_3');
    await s.pick('age_group', '35-59');
    await s.goNext();
    await s.tick('needs', 'parking', 'garbage_sorting');
    await s.pick('needs_urgency', 2);
    await s.goNext();
    await expect(s.pageTitle).toHaveText(TITLES.skills);
    await s.yesNo('volunteer', false);

    await s.goBack();
    await expect(s.pageTitle).toHaveText(TITLES.needs);
    await expect(s.option('needs', 'parking')).toBeChecked();
    await expect(s.option('needs', 'garbage_sorting')).toBeChecked();
    await expect(s.option('needs', 'elderly_care')).not.toBeChecked();
    await expect(s.option('needs_urgency', '2')).toBeChecked();
    await expect(s.error('needs')).toHaveCount(0);

    await s.goBack();
    await expect(s.pageTitle).toHaveText(TITLES.about);
    await expect(s.select('grid')).toHaveValue('grid_3');
    await expect(s.option('age_group', '35-59')).toBeChecked();
    await expect(s.back).toHaveCount(0);

    await s.goNext();
    await s.goNext();
    await expect(s.pageTitle).toHaveText(TITLES.skills);
    await expect(s.option('volunteer', 'false')).toBeChecked();
    await expect(s.question('skills')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });

  test('an answer given just before a reload is in the draft (a pending one is written at pagehide)', async ({ page }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await s.choose('grid', 'grid_2');
    await page.reload(); // no wait for the draft: pagehide writes a pending one
    await waitForReady(page);
    await expect(s.select('grid')).toHaveValue('grid_2');
  });

  test('a draft survives an accidental reload mid-survey and is gone after the submission', async ({
    page,
    consoleErrors,
  }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await s.choose('grid', 'grid_1');
    await s.goNext();
    await s.tick('needs', 'family_doctor');
    await s.pick('needs_urgency', 5);
    // the draft is written as the resident answers
    await expect
      .poll(async () => (await s.storage())[DRAFT_KEY] ?? '')
      .toContain('needs_urgency');

    await page.reload();
    await waitForReady(page);
    await expect(s.pageTitle).toHaveText(TITLES.needs);
    await expect(s.progress).toHaveText('第 2 / 5 页');
    await expect(s.option('needs', 'family_doctor')).toBeChecked();
    await expect(s.option('needs_urgency', '5')).toBeChecked();
    await s.goBack();
    await expect(s.select('grid')).toHaveValue('grid_1');

    await s.goNext();
    await s.goNext();
    await s.goNext();
    await s.type('suggestion', '社区食堂菜价能不能便宜一点？');
    await s.goNext();
    const code = await s.submit();
    expect(code).toMatch(RECEIPT_CODE);
    const keys = Object.keys(await s.storage());
    expect(keys.filter((k) => k.startsWith('yehua.draft.'))).toEqual([]);
    expect(keys.filter((k) => k.startsWith('yehua.outbox.'))).toHaveLength(1);

    // and a reload now starts a fresh form
    await page.reload();
    await waitForReady(page);
    await expect(s.pageTitle).toHaveText(TITLES.about);
    await expect(s.select('grid')).toHaveValue('');
    expect(Object.keys(await s.storage()).filter((k) => k.startsWith('yehua.draft.'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('anonymous by default: a name and phone typed before consent was withdrawn never leave the form', async ({
    page,
    endpoint,
    consoleErrors,
  }) => {
    const s = new SurveyPage(page);
    await openWidget(page, { attrs: { endpoint: endpoint.url } });
    await walkTo(s, 'contact');
    await s.yesNo('consent_contact', true);
    await s.type('name', '李师傅');
    await s.type('phone', '13912345678');
    await s.yesNo('consent_contact', false);
    await expect(s.question('contact_details')).toHaveCount(0);
    await expect(s.question('phone')).toHaveCount(0);
    const code = await s.submit();

    const secrets = ['13912345678', '李师傅'];
    // what is stored on the device (outbox entry and everything else)
    const [stored] = await s.storedSubmissions();
    expect(stored.schema).toBe('yehua.submission/1');
    expect(receiptCodeOf(stored.id)).toBe(code);
    expect(stored.answers.consent_contact).toEqual({ value: false });
    expect(stored.answers).not.toHaveProperty('name');
    expect(stored.answers).not.toHaveProperty('phone');
    const everything = JSON.stringify(await s.storage());
    for (const secret of secrets) expect(everything).not.toContain(secret);

    // what the endpoint receives
    const [sent] = await endpoint.waitForSubmissions(1);
    expect(sent.idempotency_key).toBe(stored.id);
    expect(sent.json.answers).not.toHaveProperty('name');
    expect(sent.json.answers).not.toHaveProperty('phone');
    for (const secret of secrets) expect(sent.body).not.toContain(secret);

    // what staff export
    const exported = JSON.parse((await s.export('json')).text);
    expect(exported[0].answers).not.toHaveProperty('name');
    expect(exported[0].answers).not.toHaveProperty('phone');
    const csv = (await s.export('csv')).text;
    for (const secret of secrets) expect(csv).not.toContain(secret);
    expect(consoleErrors).toEqual([]);
  });

  // Regression guard: in 3198b1f, when a choice or dropdown question's error appeared or went
  // away, Yew re-created the question's children (unkeyed siblings are matched from the end and
  // the error node came and went), so the focused "other" box was replaced and focus fell to
  // <body>: residents could not type the "other" text of grid, needs or skills.
  test('typing the "other" text as a resident does (tap the box, type) keeps focus and every character', async ({
    page,
  }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    // the dropdown, as with a finger: focus the select, choose, tap the box, type
    await s.select('grid').focus();
    await s.choose('grid', 'other');
    const gridOther = s.question('grid').locator('.yh-other input');
    await gridOther.click();
    await page.keyboard.type('8 号院 temp');
    await expect(gridOther).toHaveValue('8 号院 temp');
    await expect(gridOther).toBeFocused();
    await s.goNext();

    // a check box group
    await s.question('needs').locator('label', { hasText: '其他' }).click();
    const needsOther = s.question('needs').locator('.yh-other input');
    await needsOther.click();
    await page.keyboard.type('noise 噪音');
    await expect(needsOther).toHaveValue('noise 噪音');
    await expect(needsOther).toBeFocused();
    await s.goNext();
    await expect(s.pageTitle).toHaveText(TITLES.skills);

    // the texts are submitted with their answers, and exported in <name>-Comment columns
    await s.goNext();
    await s.goNext();
    const code = await s.submit();
    const [stored] = await s.storedSubmissions();
    expect(stored.answers.grid).toEqual({ value: 'other', other: '8 号院 temp' });
    expect(stored.answers.needs).toEqual({ value: ['other'], other: 'noise 噪音', intent: 'need' });
    const { header, records } = csvRecords((await s.export('csv')).text.slice(1));
    expect(header.slice(-2)).toEqual(['grid-Comment', 'needs-Comment']);
    expect(records[0]).toMatchObject({
      receipt: code,
      grid: 'other',
      'grid-Comment': '8 号院 temp',
      needs: 'other',
      'needs-Comment': 'noise 噪音',
    });
  });

  // Focus moving from the "其他" check box into its own text box is not leaving the question.
  test('moving into the "other" box of the same question does not flag it yet', async ({ page }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await s.choose('grid', 'grid_1');
    await s.goNext();
    await s.question('needs').locator('label', { hasText: '其他' }).click();
    await s.question('needs').locator('.yh-other input').focus();
    await expect(s.question('needs').locator('.yh-other input')).toBeFocused();
    await expect(s.error('needs')).toHaveCount(0);
  });

  test('switching the language keeps every answer, typed text included', async ({ page, consoleErrors }) => {
    const s = new SurveyPage(page);
    await openWidget(page);
    await s.choose('grid', 'grid_4');
    await s.pick('age_group', '75+');

    await s.switchLanguage('English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(s.pageTitle).toHaveText('About you');
    await expect(s.select('grid')).toHaveValue('grid_4');
    await expect(s.select('grid').locator('option:checked')).toHaveText('Grid 4 (Buildings 16–20)');
    await expect(s.option('age_group', '75+')).toBeChecked();
    await expect(s.next).toHaveText('Next');
    await s.goNext();

    await s.tick('needs', 'childcare', 'parking');
    await s.switchLanguage('繁體中文');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await expect(s.next).toHaveText('下一頁');
    await expect(s.option('needs', 'childcare')).toBeChecked();
    await expect(s.option('needs', 'parking')).toBeChecked();
    await expect(s.question('needs_urgency')).toBeVisible();
    await s.goNext();
    await s.goNext();

    const text = '希望週末多辦一些親子活動。';
    await s.type('suggestion', text, 'insertText');
    await s.switchLanguage('简体中文');
    await expect(s.pageTitle).toHaveText(TITLES.suggestions);
    await expect(s.textbox('suggestion')).toHaveValue(text);
    await expect(s.counter('suggestion')).toHaveText(`${[...text].length}/500 字`);
    await s.switchLanguage('English');
    await expect(s.textbox('suggestion')).toHaveValue(text);
    await s.goBack();
    await s.goBack();
    await s.goBack();
    await expect(s.select('grid')).toHaveValue('grid_4');

    // submitted in English: the stored answers are the same values, the locale is recorded
    await s.goNext();
    await s.goNext();
    await s.goNext();
    await s.goNext();
    await expect(s.next).toHaveText('Submit');
    await s.submit();
    await expect(s.root.locator('.yh-receipt h2')).toHaveText('Submitted');
    const [stored] = await s.storedSubmissions();
    expect(stored.locale).toBe('en');
    expect(stored.answers).toMatchObject({
      grid: { value: 'grid_4' },
      age_group: { value: '75+' },
      needs: { value: ['childcare', 'parking'] },
      suggestion: { value: text },
    });
    expect(consoleErrors).toEqual([]);
  });
});

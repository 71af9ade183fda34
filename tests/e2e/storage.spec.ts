// Storage full or unavailable: a clear, translated message, the answers stay on screen, nothing
// is silently lost, and the same answers are stored once storage works again.
import { expect, openWidget, test } from './helpers';
import { SurveyPage } from './pages/survey';

/** Runs in the page before the widget: localStorage refuses outbox writes while the flag is set. */
function refuseOutboxWrites(kind: 'QuotaExceededError' | 'SecurityError'): void {
  const w = window as any;
  w.__refuse = true;
  const set = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key: string, value: string) {
    if (w.__refuse && key.startsWith('yehua.outbox.')) throw new DOMException('refused by the test', kind);
    return set.call(this, key, value);
  };
}

const ONE_QUESTION = JSON.stringify({
  consultation: { id: 'storage-test', version: '1' },
  title: '一题问卷',
  pages: [{ name: 'p1', elements: [{ type: 'comment', name: 'idea', title: '您的建议' }] }],
});

for (const [kind, message] of [
  ['QuotaExceededError', /存储空间已满/],
  ['SecurityError', /不能保存意见/],
] as const) {
  test(`${kind}: the resident is told, the answers stay, and a later submit stores them once`, async ({ page }) => {
    await page.addInitScript(refuseOutboxWrites, kind);
    await openWidget(page, { attrs: { definition: ONE_QUESTION } });
    const s = new SurveyPage(page);
    await s.type('idea', '楼下路灯坏了，希望尽快修好');
    await s.root.locator('.yh-nav .yh-button-primary').click();
    // A translated message in the summary; still answering; the text is still there.
    await expect(s.summary).toContainText(message);
    await s.expectState('ready');
    await expect(s.question('idea').locator('textarea')).toHaveValue('楼下路灯坏了，希望尽快修好');
    expect(Object.keys(await s.storage()).filter((k) => k.startsWith('yehua.outbox.'))).toEqual([]);
    // Storage works again: the same answers are stored, exactly once.
    await page.evaluate(() => ((window as any).__refuse = false));
    const code = await s.submit();
    expect(code).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
    const stored = await s.storedSubmissions();
    expect(stored).toHaveLength(1);
    expect(stored[0].answers.idea.value).toBe('楼下路灯坏了，希望尽快修好');
  });
}

/**
 * Page object for the Yehua survey widget: answer questions by their definition `name`, move
 * between pages, submit, and read errors, the receipt and the device panel.
 *
 * It speaks only the widget's public DOM contract (docs in src/ui/*.rs):
 *   .yh-root[data-yehua-state]        loading | ready | error | submitted
 *   [data-name=<question name>]       one question; its first input has id yh-q<index>-input
 *   .yh-error / .yh-summary           inline error / error summary (role=alert)
 *   .yh-button-primary / -secondary   下一页 or 提交 / 上一页
 *   .yh-lang-button                   简体中文 / 繁體中文 / English
 *   .yh-receipt-code[data-receipt-code], .yh-device-count[data-count]
 * Nothing here waits on time: every method waits for a visible condition.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export type Language = '简体中文' | '繁體中文' | 'English';

/** A receipt code as shown to residents: `XXX-XXX` over 21 characters (no vowels, no look-alikes). */
export const RECEIPT_CODE = /^[34679CDFGHJKMNPQRTVWX]{3}-[34679CDFGHJKMNPQRTVWX]{3}$/;

/**
 * The receipt code of a submission id, computed independently of core/src/submission.rs
 * `receipt_code`: the id's first 48 bits modulo 21^6, written in base 21 over the alphabet.
 */
export function receiptCodeOf(id: string): string {
  const alphabet = '34679CDFGHJKMNPQRTVWX';
  const hex = id.replace(/[^0-9a-f]/gi, '').slice(0, 12);
  let n = (hex === '' ? 0 : parseInt(hex, 16)) % alphabet.length ** 6;
  let code = '';
  for (let i = 0; i < 6; i++) {
    code = alphabet[n % alphabet.length] + code;
    n = Math.floor(n / alphabet.length);
    if (i === 2) code = '-' + code;
  }
  return code;
}

export interface DownloadedFile {
  name: string;
  /** The raw bytes, to check a BOM. */
  bytes: Buffer;
  /** Decoded as UTF-8 (a leading BOM stays in as U+FEFF). */
  text: string;
}

export class SurveyPage {
  readonly root: Locator;
  readonly summary: Locator;
  readonly next: Locator;
  readonly back: Locator;
  readonly pageTitle: Locator;
  readonly progress: Locator;
  readonly receipt: Locator;
  readonly receiptCode: Locator;
  readonly deviceCount: Locator;
  readonly errorScreen: Locator;

  constructor(readonly page: Page) {
    this.root = page.locator('.yh-root');
    this.summary = this.root.locator('.yh-summary');
    this.next = this.root.locator('.yh-nav .yh-button-primary');
    this.back = this.root.locator('.yh-nav .yh-button-secondary');
    this.pageTitle = this.root.locator('.yh-page-title');
    this.progress = this.root.locator('#yh-progress-label');
    this.receipt = this.root.locator('.yh-receipt');
    this.receiptCode = this.root.locator('.yh-receipt-code[data-receipt-code]');
    this.deviceCount = this.root.locator('.yh-device-count[data-count]');
    this.errorScreen = this.root.locator('.yh-error-screen');
  }

  // --- reading -------------------------------------------------------------------------------

  /** The container of question `name`. */
  question(name: string): Locator {
    return this.root.locator(`[data-name="${name}"]`);
  }

  /** The text input or textarea of a text/comment question. */
  textbox(name: string): Locator {
    return this.question(name).locator('input.yh-input, textarea').first();
  }

  select(name: string): Locator {
    return this.question(name).locator('select');
  }

  /** The radio or checkbox with `value` in question `name`. */
  option(name: string, value: string): Locator {
    return this.question(name).locator(`input.yh-choice-input[value="${value}"]`);
  }

  /** The inline error of question `name`. */
  error(name: string): Locator {
    return this.question(name).locator('.yh-error');
  }

  counter(name: string): Locator {
    return this.question(name).locator('.yh-counter');
  }

  async state(): Promise<string | null> {
    return this.root.getAttribute('data-yehua-state');
  }

  async expectState(state: 'loading' | 'ready' | 'error' | 'submitted'): Promise<void> {
    await expect(this.root).toHaveAttribute('data-yehua-state', state);
  }

  /** The id of the element that has focus ('' for none). */
  async focusedId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? '');
  }

  // --- answering -----------------------------------------------------------------------------

  /** Dropdown: choose by value. */
  async choose(name: string, value: string): Promise<void> {
    await this.select(name).selectOption(value);
    await expect(this.select(name)).toHaveValue(value);
  }

  /** Radio group or rating: pick one value. */
  async pick(name: string, value: string | number): Promise<void> {
    const input = this.option(name, String(value));
    await input.check();
    await expect(input).toBeChecked();
  }

  /** Boolean: yes or no. */
  async yesNo(name: string, yes: boolean): Promise<void> {
    await this.pick(name, String(yes));
  }

  /** Check boxes: tick each value (in order). */
  async tick(name: string, ...values: string[]): Promise<void> {
    for (const v of values) {
      const input = this.option(name, v);
      await input.check();
      await expect(input).toBeChecked();
    }
  }

  async untick(name: string, ...values: string[]): Promise<void> {
    for (const v of values) {
      const input = this.option(name, v);
      await input.uncheck();
      await expect(input).not.toBeChecked();
    }
  }

  /**
   * Text or comment: replace the text. `insertText` types it as one committed input, the way
   * an input method commits Chinese text (no per-key events for Han characters).
   */
  async type(name: string, text: string, how: 'fill' | 'insertText' = 'fill'): Promise<void> {
    const box = this.textbox(name);
    if (how === 'fill') {
      await box.fill(text);
    } else {
      await box.fill('');
      await box.focus();
      await this.page.keyboard.insertText(text);
    }
    await expect(box).toHaveValue(text);
  }

  /** Moves focus out of question `name` (so its problems may show). */
  async leave(name: string): Promise<void> {
    await this.textbox(name).blur();
  }

  // --- navigation ----------------------------------------------------------------------------

  /** Clicks 下一页 and waits until the page title changed. */
  async goNext(): Promise<void> {
    const before = await this.pageTitle.textContent();
    await this.next.click();
    await expect(this.pageTitle).not.toHaveText(before ?? '');
  }

  /** Clicks 下一页 expecting to stay (a problem on the page); waits for the summary. */
  async tryNext(): Promise<void> {
    await this.next.click();
    await expect(this.summary).toBeVisible();
  }

  async goBack(): Promise<void> {
    const before = await this.pageTitle.textContent();
    await this.back.click();
    await expect(this.pageTitle).not.toHaveText(before ?? '');
  }

  /** Clicks 提交 and waits for the receipt; returns the receipt code. */
  async submit(): Promise<string> {
    await this.next.click();
    await this.expectState('submitted');
    await expect(this.receiptCode).toBeVisible();
    return (await this.receiptCode.getAttribute('data-receipt-code')) ?? '';
  }

  async switchLanguage(language: Language): Promise<void> {
    const button = this.root.locator('.yh-lang-button', { hasText: language });
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
  }

  // --- host events ---------------------------------------------------------------------------

  /**
   * Starts recording the widget's `yehua:*` DOM events on `document` (they bubble from the
   * root). Call before the action; read with `events()` / `waitForEvent()`.
   */
  async recordEvents(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __yehuaEvents?: { type: string; detail: unknown }[] };
      if (w.__yehuaEvents) return;
      w.__yehuaEvents = [];
      for (const type of ['yehua:ready', 'yehua:submitted', 'yehua:error']) {
        document.addEventListener(type, (e) =>
          w.__yehuaEvents!.push({ type, detail: (e as CustomEvent).detail }),
        );
      }
    });
  }

  /**
   * Like `recordEvents`, but installed before the page loads (for events fired while loading,
   * such as `yehua:error`). Call before `openWidget`.
   */
  async recordEventsFromStart(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __yehuaEvents?: { type: string; detail: unknown }[] };
      w.__yehuaEvents = [];
      for (const type of ['yehua:ready', 'yehua:submitted', 'yehua:error']) {
        document.addEventListener(type, (e) =>
          w.__yehuaEvents!.push({ type, detail: (e as CustomEvent).detail }),
        );
      }
    });
  }

  async events(type?: string): Promise<{ type: string; detail: unknown }[]> {
    const all = await this.page.evaluate(
      () => (window as unknown as { __yehuaEvents?: { type: string; detail: unknown }[] }).__yehuaEvents ?? [],
    );
    return type ? all.filter((e) => e.type === type) : all;
  }

  /** Waits until at least one `type` event was recorded; returns the details of all of them. */
  async waitForEvent(type: string): Promise<unknown[]> {
    await expect.poll(async () => (await this.events(type)).length, { message: `waiting for ${type}` }).toBeGreaterThan(0);
    return (await this.events(type)).map((e) => e.detail);
  }

  // --- device panel --------------------------------------------------------------------------

  exportButton(kind: 'json' | 'csv'): Locator {
    // "导出 JSON" / "Export JSON", "导出表格（CSV）" / "Export spreadsheet (CSV)"
    return this.root.locator('.yh-device button', { hasText: kind === 'json' ? /JSON/ : /CSV/ });
  }

  /** Clicks an export button and returns the downloaded file. */
  async export(kind: 'json' | 'csv'): Promise<DownloadedFile> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton(kind).click()]);
    return readDownload(download);
  }

  /** localStorage as a plain object. */
  async storage(): Promise<Record<string, string>> {
    return this.page.evaluate(() => {
      const out: Record<string, string> = {};
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i)!;
        out[k] = localStorage.getItem(k) ?? '';
      }
      return out;
    });
  }

  /** The parsed `yehua.submission/1` bodies of every outbox entry in localStorage. */
  async storedSubmissions(): Promise<any[]> {
    const all = await this.storage();
    return Object.entries(all)
      .filter(([k]) => k.startsWith('yehua.outbox.'))
      .map(([, v]) => JSON.parse(JSON.parse(v).body));
  }
}

async function readDownload(download: Download): Promise<DownloadedFile> {
  const failure = await download.failure();
  if (failure) throw new Error(`download ${download.suggestedFilename()} failed: ${failure}`);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

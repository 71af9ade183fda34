//! Interface strings: the locales Yehua speaks and one message catalog per locale.
//!
//! Owns: the `Locale` enum, BCP 47 tag matching, the lookup chain used for locale maps in
//! consultation definitions, the catalogs (per locale one `\n`-joined string of messages in the
//! order of zh-CN's keys: no HashMap, no pointer pairs, to stay small in wasm) and `{param}`
//! substitution.
//! Must not: hold text written by organizers (that comes from the definition), touch the
//! browser, allocate except in `format`, or panic on any key.
//!
//! Messages are short, warm and plain: many residents are elderly. Error messages say what
//! to do next. Every catalog has exactly the keys of `ZH_CN` and the same `{param}` names
//! (checked by the tests below; `cargo test --features kiosk` checks the kiosk-only messages,
//! which only the kiosk variant compiles in).

/// An interface language. zh-CN is the default and the fallback for everything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    ZhCn,
    ZhTw,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// The canonical tag: "zh-CN", "zh-TW" or "en".
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    /// The best locale for a BCP 47-ish tag (case-insensitive, `-` or `_` separators).
    /// `zh`, `zh-CN`, `zh-Hans`, `zh-SG` -> ZhCn; `zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant` -> ZhTw
    /// (a script subtag wins over a region: `zh-Hans-HK` -> ZhCn); `en`, `en-*` -> En;
    /// anything else, including "", -> ZhCn.
    pub fn from_tag(tag: &str) -> Locale {
        let mut parts = tag.trim().split(['-', '_']);
        let primary = parts.next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            return Locale::En;
        }
        if !primary.eq_ignore_ascii_case("zh") {
            return Locale::ZhCn;
        }
        let mut by_region = Locale::ZhCn;
        for part in parts {
            if part.eq_ignore_ascii_case("hant") {
                return Locale::ZhTw;
            }
            if part.eq_ignore_ascii_case("hans") {
                return Locale::ZhCn;
            }
            if ["tw", "hk", "mo"]
                .iter()
                .any(|r| part.eq_ignore_ascii_case(r))
            {
                by_region = Locale::ZhTw;
            }
        }
        by_region
    }

    /// The language's name in itself, for the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::ZhCn => "简体中文",
            Locale::ZhTw => "繁體中文",
            Locale::En => "English",
        }
    }

    /// Keys to try, in order, when reading a locale map of a definition
    /// (`{"default": "…", "en": "…", "zh-tw": "…"}`): the locale's own tag, its script
    /// alias, the bare language, then `"default"` (which organizers write in zh-CN).
    /// All lowercase; callers compare map keys ASCII case-insensitively, so "zh-TW" and
    /// "zh-tw" both match. A zh-TW reader without a Traditional text gets the Simplified one.
    pub fn lookup_chain(self) -> &'static [&'static str] {
        match self {
            Locale::ZhCn => &["zh-cn", "zh-hans", "zh", "default"],
            Locale::ZhTw => &["zh-tw", "zh-hant", "zh-hk", "zh", "default"],
            Locale::En => &["en", "default"],
        }
    }

    /// Whether a speech voice tagged `voice_lang` (`zh-CN`, `zh_TW`, `cmn-Hans-CN`, `en-GB`…)
    /// reads this locale's texts: English for `en`; Mandarin (`zh`, `cmn`) in the locale's
    /// script or region for zh-CN and zh-TW, as [`Locale::from_tag`] reads it.
    pub fn speaks(self, voice_lang: &str) -> bool {
        let voice_lang = voice_lang.trim();
        let (primary, rest) = voice_lang
            .split_once(['-', '_'])
            .unwrap_or((voice_lang, ""));
        match self {
            Locale::En => primary.eq_ignore_ascii_case("en"),
            _ => {
                (primary.eq_ignore_ascii_case("zh") || primary.eq_ignore_ascii_case("cmn"))
                    && Locale::from_tag(&format!("zh-{rest}")) == self
            }
        }
    }
}

/// One set of messages: the keys, and the messages of each locale in [`Locale::ALL`] order,
/// as written by [`messages!`].
struct Catalog {
    keys: &'static str,
    messages: [&'static str; 3],
}

/// The residents' messages, then, in the kiosk variant only (Cargo feature `kiosk`), the kiosk,
/// staff panel and live board ones, which the residents' wasm does not carry.
static CATALOGS: &[Catalog] = &[
    Catalog {
        keys: ZH_CN_KEYS,
        messages: [ZH_CN, ZH_TW, EN],
    },
    #[cfg(feature = "kiosk")]
    Catalog {
        keys: ZH_CN_KIOSK_KEYS,
        messages: [ZH_CN_KIOSK, ZH_TW_KIOSK, EN_KIOSK],
    },
];

impl Catalog {
    fn entries(&self, locale: Locale) -> impl Iterator<Item = (&'static str, &'static str)> {
        let messages = self.messages[locale as usize];
        self.keys
            .split_terminator('\n')
            .zip(messages.split_terminator('\n'))
    }
}

/// Every interface message of `locale` as (key, message) pairs.
pub fn catalog(locale: Locale) -> impl Iterator<Item = (&'static str, &'static str)> {
    CATALOGS.iter().flat_map(move |c| c.entries(locale))
}

fn find(locale: Locale, key: &str) -> Option<&'static str> {
    CATALOGS.iter().find_map(|c| {
        let index = c.keys.split_terminator('\n').position(|k| k == key)?;
        c.messages[locale as usize]
            .split_terminator('\n')
            .nth(index)
    })
}

/// The message for `key` in `locale`, falling back to zh-CN (for every locale), then to the
/// key itself so a missing message shows up visibly instead of panicking. The result lives
/// as long as `key` (it is `'static` whenever `key` is a literal).
pub fn text(locale: Locale, key: &str) -> &str {
    find(locale, key)
        .or_else(|| find(Locale::ZhCn, key))
        .unwrap_or(key)
}

/// Like [`text`], replacing each `{name}` with the value paired with `name` in `params`.
/// One pass: placeholders inside substituted values are not expanded again (values may be
/// typed by residents). Unknown or unclosed placeholders are left as written.
pub fn format(locale: Locale, key: &str, params: &[(&str, &str)]) -> String {
    let mut rest = text(locale, key);
    let mut out = String::with_capacity(rest.len() + 16);
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            rest = &rest[open..];
            break;
        };
        let name = &after[..close];
        match params.iter().find(|(k, _)| *k == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Defines one message table: `$keys` and `$messages`, each entry of both followed by `\n`
/// (messages never contain a line break: the tests check the counts), entry i of `$messages`
/// being the message of key i. Joined text rather than a slice of `(&str, &str)` pairs: in wasm
/// every pair costs 16 bytes of pointers (and a relocation) that compress far worse than text.
macro_rules! messages {
    ($keys:ident, $messages:ident: $($key:literal => $message:literal,)*) => {
        // Only zh-CN's keys are looked up; the others exist so the tests can check them.
        #[cfg_attr(not(test), allow(dead_code))]
        const $keys: &str = concat!($($key, "\n",)*);
        const $messages: &str = concat!($($message, "\n",)*);
    };
}

messages! { ZH_CN_KEYS, ZH_CN:
    "app.loading" => "正在加载，请稍候…",
    "nav.next" => "下一页",
    "nav.back" => "上一页",
    "nav.submit" => "提交",
    "nav.progress" => "第 {current} / {total} 页",
    "question.required" => "必填",
    "question.chars" => "{count}/{max} 字",
    "errors.summary" => "还有 {count} 个问题需要处理，请看下面标出的地方。",
    "validation.required" => "这个问题需要回答。",
    "validation.too_long" => "最多 {max} 个字，请删减一些。",
    "validation.not_number" => "请填写数字，例如 12。",
    "validation.not_email" => "邮箱格式不对，请按 name@example.com 的样子填写。",
    "validation.not_phone" => "电话号码格式不对，请检查后重新填写。",
    "validation.too_few" => "请至少选择 {min} 项。",
    "validation.too_many" => "最多只能选 {max} 项，请取消一些。",
    "validation.other_required" => "您选了“其他”，请写一下具体内容。",
    "validation.out_of_range" => "请填写 {min} 到 {max} 之间的数字。",
    "validation.too_small" => "请填写不小于 {min} 的数字。",
    "validation.too_large" => "请填写不大于 {max} 的数字。",
    "choice.other" => "其他",
    "choice.other_label" => "请说明",
    "choice.select_placeholder" => "请选择",
    "boolean.yes" => "是",
    "boolean.no" => "否",
    "receipt.title" => "提交成功",
    "receipt.code_label" => "回执码",
    "receipt.code_hint" => "以后想查询或补充，可以把回执码告诉工作人员。",
    "receipt.sending" => "正在发送…",
    "receipt.saved_on_device" => "您的意见已保存在这台设备上。",
    "receipt.sent" => "已经成功发送。",
    "receipt.queued" => "暂时连不上网络。意见已经保存，联网后会自动发送，不用再填一次。",
    "receipt.held" => "服务器没有接收这份意见。它已保存在这台设备上，工作人员会处理，您不用再填。",
    "receipt.again" => "再填一份",
    "device.count" => "本设备保存了 {count} 份意见",
    "device.pending" => "其中 {count} 份还在等待发送",
    "device.held" => "{count} 份被服务器拒收，需要工作人员处理",
    "device.last_sent" => "上次成功发送：{time}",
    "device.export_json" => "导出 JSON",
    "device.export_csv" => "导出表格（CSV）",
    "lang.label" => "语言",
    "settings.label" => "显示设置",
    "settings.large_text" => "大字",
    "settings.contrast" => "高对比",
    "read_aloud.button" => "朗读",
    "read_aloud.choices" => "选项有：{choices}。",
    "read_aloud.list_separator" => "，",
    "read_aloud.sentence_end" => "。",
    "definition.warnings" => "问卷定义中有 {count} 处未支持的内容，已跳过",
    "error.title" => "出了点问题",
    "error.definition" => "问卷无法打开：{detail}",
    "error.definition_where" => "位置：{path}",
    "error.load_failed" => "无法加载问卷（{detail}）。请检查网络后点“重试”。",
    "error.storage_full" => "设备存储空间已满，这份意见没能保存。请工作人员导出并清理旧数据后再试。",
    "error.storage_unavailable" => "这台设备现在不能保存意见（可能开了无痕模式）。请关闭后再试，或请工作人员帮忙。",
    "error.unexpected" => "出现了意外错误。请点“重试”，或请工作人员帮忙。",
    "error.retry" => "重试",
    "def.not_json" => "不是有效的 JSON：{detail}",
    "def.not_object" => "最外层必须是一个 JSON 对象",
    "def.no_elements" => "没有任何问题（pages 或 elements 是空的）",
    "def.duplicate_name" => "问题名称重复：{name}",
    "def.bad_expression" => "条件表达式有误：{detail}",
    "def.bad_choices" => "选项（choices）格式不对",
    "def.bad_rating" => "评分设置不对（rateMin、rateMax、rateStep 或 rateValues）",
    "def.json_at" => "第 {line} 行第 {column} 个字符：{what}",
    "def.expr_at" => "第 {position} 个字符处：{what}",
    "detail.end" => "内容在这里意外结束了（可能少了括号或引号）",
    "detail.deep" => "嵌套层数太多",
    "detail.key" => "这里应该是带引号的属性名",
    "detail.colon" => "这里应该是冒号",
    "detail.comma_object" => "这里应该是逗号或右花括号",
    "detail.comma_array" => "这里应该是逗号或右方括号",
    "detail.value" => "这里应该有一个值",
    "detail.literal" => "无法识别的词（应为 true、false 或 null）",
    "detail.number" => "数字格式不对",
    "detail.escape" => "反斜杠转义不对",
    "detail.surrogate" => "文字编码不完整",
    "detail.control" => "引号内有不允许的控制字符（如换行）",
    "detail.trailing" => "结尾后面还有多余的内容",
    "detail.unclosed_brace" => "问题名称的花括号没有闭合",
    "detail.empty_name" => "花括号里缺少问题名称",
    "detail.unterminated" => "引号没有闭合",
    "detail.unclosed_paren" => "圆括号没有闭合",
    "detail.unclosed_bracket" => "方括号没有闭合",
    "detail.token" => "这里出现了不该有的内容",
    "def.bad_value" => "属性值类型不对：需要 {expected}",
}

messages! { ZH_TW_KEYS, ZH_TW:
    "app.loading" => "正在載入，請稍候…",
    "nav.next" => "下一頁",
    "nav.back" => "上一頁",
    "nav.submit" => "提交",
    "nav.progress" => "第 {current} / {total} 頁",
    "question.required" => "必填",
    "question.chars" => "{count}/{max} 字",
    "errors.summary" => "還有 {count} 個題目需要處理，請看下方標示的地方。",
    "validation.required" => "這一題需要回答。",
    "validation.too_long" => "最多 {max} 個字，請刪減一些。",
    "validation.not_number" => "請填寫數字，例如 12。",
    "validation.not_email" => "電子郵件格式不正確，請依照 name@example.com 的樣式填寫。",
    "validation.not_phone" => "電話號碼格式不正確，請檢查後重新填寫。",
    "validation.too_few" => "請至少選擇 {min} 項。",
    "validation.too_many" => "最多只能選 {max} 項，請取消一些。",
    "validation.other_required" => "您選了「其他」，請寫下具體內容。",
    "validation.out_of_range" => "請填寫 {min} 到 {max} 之間的數字。",
    "validation.too_small" => "請填寫不小於 {min} 的數字。",
    "validation.too_large" => "請填寫不大於 {max} 的數字。",
    "choice.other" => "其他",
    "choice.other_label" => "請說明",
    "choice.select_placeholder" => "請選擇",
    "boolean.yes" => "是",
    "boolean.no" => "否",
    "receipt.title" => "送出成功",
    "receipt.code_label" => "回執碼",
    "receipt.code_hint" => "日後想查詢或補充，可以把回執碼告訴工作人員。",
    "receipt.sending" => "正在傳送…",
    "receipt.saved_on_device" => "您的意見已儲存在這台裝置上。",
    "receipt.sent" => "已經成功送出。",
    "receipt.queued" => "目前無法連線。意見已經儲存，恢復連線後會自動送出，不必再填一次。",
    "receipt.held" => "伺服器沒有接收這份意見。它已儲存在這台裝置上，工作人員會處理，您不用再填。",
    "receipt.again" => "再填一份",
    "device.count" => "這台裝置儲存了 {count} 份意見",
    "device.pending" => "其中 {count} 份還在等待送出",
    "device.held" => "{count} 份被伺服器拒收，需要工作人員處理",
    "device.last_sent" => "上次成功送出：{time}",
    "device.export_json" => "匯出 JSON",
    "device.export_csv" => "匯出表格（CSV）",
    "lang.label" => "語言",
    "settings.label" => "顯示設定",
    "settings.large_text" => "大字",
    "settings.contrast" => "高對比",
    "read_aloud.button" => "朗讀",
    "read_aloud.choices" => "選項有：{choices}。",
    "read_aloud.list_separator" => "，",
    "read_aloud.sentence_end" => "。",
    "definition.warnings" => "問卷定義中有 {count} 處不支援的內容，已略過",
    "error.title" => "出了點問題",
    "error.definition" => "問卷無法開啟：{detail}",
    "error.definition_where" => "位置：{path}",
    "error.load_failed" => "無法載入問卷（{detail}）。請檢查連線後按「重試」。",
    "error.storage_full" => "裝置儲存空間已滿，這份意見未能儲存。請工作人員匯出並清理舊資料後再試。",
    "error.storage_unavailable" => "這台裝置目前無法儲存意見（可能開啟了無痕瀏覽）。請關閉後再試，或請工作人員協助。",
    "error.unexpected" => "發生了意外錯誤。請按「重試」，或請工作人員協助。",
    "error.retry" => "重試",
    "def.not_json" => "不是有效的 JSON：{detail}",
    "def.not_object" => "最外層必須是一個 JSON 物件",
    "def.no_elements" => "沒有任何題目（pages 或 elements 是空的）",
    "def.duplicate_name" => "題目名稱重複：{name}",
    "def.bad_expression" => "條件式有誤：{detail}",
    "def.bad_choices" => "選項（choices）格式不正確",
    "def.bad_rating" => "評分設定不正確（rateMin、rateMax、rateStep 或 rateValues）",
    "def.json_at" => "第 {line} 行第 {column} 個字元：{what}",
    "def.expr_at" => "第 {position} 個字元處：{what}",
    "detail.end" => "內容在這裡意外結束了（可能少了括號或引號）",
    "detail.deep" => "巢狀層數太多",
    "detail.key" => "這裡應該是帶引號的屬性名稱",
    "detail.colon" => "這裡應該是冒號",
    "detail.comma_object" => "這裡應該是逗號或右大括號",
    "detail.comma_array" => "這裡應該是逗號或右方括號",
    "detail.value" => "這裡應該有一個值",
    "detail.literal" => "無法識別的詞（應為 true、false 或 null）",
    "detail.number" => "數字格式不對",
    "detail.escape" => "反斜線跳脫不對",
    "detail.surrogate" => "文字編碼不完整",
    "detail.control" => "引號內有不允許的控制字元（如換行）",
    "detail.trailing" => "結尾後面還有多餘的內容",
    "detail.unclosed_brace" => "題目名稱的大括號沒有閉合",
    "detail.empty_name" => "大括號裡缺少題目名稱",
    "detail.unterminated" => "引號沒有閉合",
    "detail.unclosed_paren" => "圓括號沒有閉合",
    "detail.unclosed_bracket" => "方括號沒有閉合",
    "detail.token" => "這裡出現了不該有的內容",
    "def.bad_value" => "屬性值的類型不正確：需要 {expected}",
}

messages! { EN_KEYS, EN:
    "app.loading" => "Loading, please wait…",
    "nav.next" => "Next",
    "nav.back" => "Back",
    "nav.submit" => "Submit",
    "nav.progress" => "Page {current} of {total}",
    "question.required" => "Required",
    "question.chars" => "{count}/{max} characters",
    "errors.summary" => "Some answers need attention ({count}). Please look at the marked questions below.",
    "validation.required" => "Please answer this question.",
    "validation.too_long" => "Please shorten this to {max} characters or fewer.",
    "validation.not_number" => "Please enter a number, for example 12.",
    "validation.not_email" => "Please enter an email address like name@example.com.",
    "validation.not_phone" => "This phone number doesn't look right. Please check it and try again.",
    "validation.too_few" => "Please choose at least {min}.",
    "validation.too_many" => "Please choose no more than {max}.",
    "validation.other_required" => "You chose \"Other\". Please say what it is.",
    "validation.out_of_range" => "Please enter a number from {min} to {max}.",
    "validation.too_small" => "Please enter a number of at least {min}.",
    "validation.too_large" => "Please enter a number of at most {max}.",
    "choice.other" => "Other",
    "choice.other_label" => "Please specify",
    "choice.select_placeholder" => "Please choose",
    "boolean.yes" => "Yes",
    "boolean.no" => "No",
    "receipt.title" => "Submitted",
    "receipt.code_label" => "Receipt code",
    "receipt.code_hint" => "To ask about or add to your answers later, give this code to a staff member.",
    "receipt.sending" => "Sending…",
    "receipt.saved_on_device" => "Your answers are saved on this device.",
    "receipt.sent" => "They have been sent.",
    "receipt.queued" => "There is no connection right now. Your answers are saved and will be sent automatically, so there is no need to fill them in again.",
    "receipt.held" => "The server did not accept these answers. They are kept on this device and staff will deal with them; you need not answer again.",
    "receipt.again" => "Fill in another",
    "device.count" => "Responses saved on this device: {count}",
    "device.pending" => "Waiting to be sent: {count}",
    "device.held" => "Refused by the server, for staff to check: {count}",
    "device.last_sent" => "Last sent successfully: {time}",
    "device.export_json" => "Export JSON",
    "device.export_csv" => "Export spreadsheet (CSV)",
    "lang.label" => "Language",
    "settings.label" => "Display",
    "settings.large_text" => "Large text",
    "settings.contrast" => "High contrast",
    "read_aloud.button" => "Read aloud",
    "read_aloud.choices" => "The choices are: {choices}.",
    "read_aloud.list_separator" => ",",
    "read_aloud.sentence_end" => ".",
    "definition.warnings" => "Unsupported parts of the questionnaire definition were skipped: {count}",
    "error.title" => "Something went wrong",
    "error.definition" => "The questionnaire cannot be opened: {detail}",
    "error.definition_where" => "Where: {path}",
    "error.load_failed" => "Could not load the questionnaire ({detail}). Please check the connection and tap \"Try again\".",
    "error.storage_full" => "This device's storage is full, so your answers were not saved. Please ask a staff member to export and clear old responses, then try again.",
    "error.storage_unavailable" => "This device cannot save answers right now (private browsing may be on). Turn it off and try again, or ask a staff member for help.",
    "error.unexpected" => "Something unexpected happened. Please tap \"Try again\", or ask a staff member for help.",
    "error.retry" => "Try again",
    "def.not_json" => "not valid JSON: {detail}",
    "def.not_object" => "the top level must be a JSON object",
    "def.no_elements" => "there are no questions (pages or elements are empty)",
    "def.duplicate_name" => "duplicate question name: {name}",
    "def.bad_expression" => "the condition cannot be read: {detail}",
    "def.bad_choices" => "the choices are not in a usable form",
    "def.bad_rating" => "the rating settings are wrong (rateMin, rateMax, rateStep or rateValues)",
    "def.json_at" => "line {line}, character {column}: {what}",
    "def.expr_at" => "at character {position}: {what}",
    "detail.end" => "the text ends too early (a bracket or quote may be missing)",
    "detail.deep" => "nested too deeply",
    "detail.key" => "a quoted property name was expected",
    "detail.colon" => "a colon was expected",
    "detail.comma_object" => "a comma or a closing curly bracket was expected",
    "detail.comma_array" => "a comma or a closing square bracket was expected",
    "detail.value" => "a value was expected",
    "detail.literal" => "an unknown word (true, false or null expected)",
    "detail.number" => "the number is not written correctly",
    "detail.escape" => "a backslash escape is not valid",
    "detail.surrogate" => "an incomplete character code",
    "detail.control" => "a control character (such as a line break) inside quotes",
    "detail.trailing" => "there is more text after the end",
    "detail.unclosed_brace" => "a question name's curly bracket is not closed",
    "detail.empty_name" => "a question name is missing inside curly brackets",
    "detail.unterminated" => "a quote is not closed",
    "detail.unclosed_paren" => "a parenthesis is not closed",
    "detail.unclosed_bracket" => "a square bracket is not closed",
    "detail.token" => "something unexpected is here",
    "def.bad_value" => "wrong type of value: expected {expected}",
}

// Kiosk mode, staff panel and live board (docs/KIOSK.md): only in the kiosk variant.
#[cfg(feature = "kiosk")]
messages! { ZH_CN_KIOSK_KEYS, ZH_CN_KIOSK:
    "kiosk.begin" => "开始",
    "kiosk.welcome" => "欢迎说说您的需求、您能帮的忙和您的建议。",
    "kiosk.privacy" => "这是大家共用的设备。一段时间没人操作，您填写的内容会自动清除。",
    "kiosk.staff" => "工作人员",
    "kiosk.still_there" => "还在吗？",
    "kiosk.countdown" => "{seconds} 秒后将清除您填写的内容，回到开始页。要接着填，请点“继续”。",
    "kiosk.continue" => "继续",
    "kiosk.receipt_return" => "{seconds} 秒后回到开始页。",
    "kiosk.finish" => "完成，回到开始页",
    "staff.title" => "工作人员",
    "staff.pin_label" => "工作人员密码",
    "staff.pin_submit" => "确定",
    "staff.pin_checking" => "正在核对…",
    "staff.pin_wrong" => "密码不对，请再试一次。",
    "staff.pin_locked" => "错误次数太多，请 {seconds} 秒后再试。",
    "staff.pin_unset" => "这台设备没有设置工作人员密码（pinHash）。请按说明在配置文件里设置。",
    "staff.pin_unsupported" => "这个页面不是安全连接（https），无法核对密码。",
    "staff.leave" => "退出，回到开始页",
    "staff.device" => "设备：{device}",
    "staff.device_unnamed" => "设备：未命名",
    "staff.pending" => "等待发送：{count}",
    "staff.held" => "被拒收：{count}",
    "staff.delivered" => "已发送：{count}",
    "staff.never_sent" => "还没有成功发送过。",
    "staff.local_only" => "没有设置接收地址：意见只保存在这台设备上，请定期导出。",
    "staff.send_now" => "立即发送",
    "staff.held_title" => "被拒收的意见",
    "staff.held_item" => "回执码 {code} · 服务器答复 {status}",
    "staff.retry" => "重新发送",
    "staff.clear" => "清除已发送的意见",
    "staff.clear_confirm" => "确定要从这台设备上清除 {count} 份已发送的意见吗？服务器上的不受影响。",
    "staff.clear_yes" => "确定清除",
    "staff.cancel" => "取消",
    "staff.cleared" => "已清除 {count} 份。",
    "board.title" => "现场实时统计",
    "board.total" => "已收到 {count} 份意见",
    "board.needs" => "问需 · 谈需求",
    "board.skills" => "问技 · 谈技能",
    "board.suggestions" => "问策 · 提建议",
    "board.answered" => "{count} 人回答",
    "board.mean" => "平均 {mean} 分",
    "board.latest" => "最新建议",
    "board.empty" => "还没有收到意见。",
    "board.source" => "统计的是这台设备上保存的意见，有新意见会自动更新。",
}

#[cfg(feature = "kiosk")]
messages! { ZH_TW_KIOSK_KEYS, ZH_TW_KIOSK:
    "kiosk.begin" => "開始",
    "kiosk.welcome" => "歡迎說說您的需求、您能幫的忙和您的建議。",
    "kiosk.privacy" => "這是大家共用的裝置。一段時間沒有人操作，您填寫的內容會自動清除。",
    "kiosk.staff" => "工作人員",
    "kiosk.still_there" => "還在嗎？",
    "kiosk.countdown" => "{seconds} 秒後將清除您填寫的內容，回到開始頁。要接著填，請按「繼續」。",
    "kiosk.continue" => "繼續",
    "kiosk.receipt_return" => "{seconds} 秒後回到開始頁。",
    "kiosk.finish" => "完成，回到開始頁",
    "staff.title" => "工作人員",
    "staff.pin_label" => "工作人員密碼",
    "staff.pin_submit" => "確定",
    "staff.pin_checking" => "正在核對…",
    "staff.pin_wrong" => "密碼不正確，請再試一次。",
    "staff.pin_locked" => "錯誤次數太多，請 {seconds} 秒後再試。",
    "staff.pin_unset" => "這台裝置沒有設定工作人員密碼（pinHash）。請依照說明在設定檔裡設定。",
    "staff.pin_unsupported" => "這個頁面不是安全連線（https），無法核對密碼。",
    "staff.leave" => "退出，回到開始頁",
    "staff.device" => "裝置：{device}",
    "staff.device_unnamed" => "裝置：未命名",
    "staff.pending" => "等待送出：{count}",
    "staff.held" => "被拒收：{count}",
    "staff.delivered" => "已送出：{count}",
    "staff.never_sent" => "尚未成功送出過。",
    "staff.local_only" => "未設定接收位址：意見只儲存在這台裝置上，請定期匯出。",
    "staff.send_now" => "立即送出",
    "staff.held_title" => "被拒收的意見",
    "staff.held_item" => "回執碼 {code} · 伺服器回覆 {status}",
    "staff.retry" => "重新送出",
    "staff.clear" => "清除已送出的意見",
    "staff.clear_confirm" => "確定要從這台裝置上清除 {count} 份已送出的意見嗎？伺服器上的不受影響。",
    "staff.clear_yes" => "確定清除",
    "staff.cancel" => "取消",
    "staff.cleared" => "已清除 {count} 份。",
    "board.title" => "現場即時統計",
    "board.total" => "已收到 {count} 份意見",
    "board.needs" => "問需 · 談需求",
    "board.skills" => "問技 · 談技能",
    "board.suggestions" => "問策 · 提建議",
    "board.answered" => "{count} 人回答",
    "board.mean" => "平均 {mean} 分",
    "board.latest" => "最新建議",
    "board.empty" => "還沒有收到意見。",
    "board.source" => "統計的是這台裝置上儲存的意見，有新意見會自動更新。",
}

#[cfg(feature = "kiosk")]
messages! { EN_KIOSK_KEYS, EN_KIOSK:
    "kiosk.begin" => "Start",
    "kiosk.welcome" => "Tell us what you need, how you could help, and what you suggest.",
    "kiosk.privacy" => "This device is shared. If nobody uses it for a while, what you entered is cleared automatically.",
    "kiosk.staff" => "Staff",
    "kiosk.still_there" => "Are you still there?",
    "kiosk.countdown" => "In {seconds} seconds what you entered will be cleared and the start screen will return. To carry on, tap \"Continue\".",
    "kiosk.continue" => "Continue",
    "kiosk.receipt_return" => "Back to the start screen in {seconds} seconds.",
    "kiosk.finish" => "Done: back to the start screen",
    "staff.title" => "Staff",
    "staff.pin_label" => "Staff PIN",
    "staff.pin_submit" => "OK",
    "staff.pin_checking" => "Checking…",
    "staff.pin_wrong" => "That PIN is not right. Please try again.",
    "staff.pin_locked" => "Too many wrong tries. Please try again in {seconds} seconds.",
    "staff.pin_unset" => "No staff PIN (pinHash) is set for this device. Set one in the config file as the documentation describes.",
    "staff.pin_unsupported" => "This page is not on a secure connection (https), so the PIN cannot be checked.",
    "staff.leave" => "Leave: back to the start screen",
    "staff.device" => "Device: {device}",
    "staff.device_unnamed" => "Device: unnamed",
    "staff.pending" => "Waiting to be sent: {count}",
    "staff.held" => "Refused: {count}",
    "staff.delivered" => "Sent: {count}",
    "staff.never_sent" => "Nothing has been sent yet.",
    "staff.local_only" => "No endpoint is set: responses stay on this device. Export them regularly.",
    "staff.send_now" => "Send now",
    "staff.held_title" => "Refused responses",
    "staff.held_item" => "Receipt {code} · server answered {status}",
    "staff.retry" => "Send again",
    "staff.clear" => "Clear sent responses",
    "staff.clear_confirm" => "Clear {count} sent responses from this device? The server's copies are not affected.",
    "staff.clear_yes" => "Clear them",
    "staff.cancel" => "Cancel",
    "staff.cleared" => "Cleared: {count}.",
    "board.title" => "Live results",
    "board.total" => "Responses received: {count}",
    "board.needs" => "Needs",
    "board.skills" => "Skills",
    "board.suggestions" => "Suggestions",
    "board.answered" => "{count} answered",
    "board.mean" => "Average {mean}",
    "board.latest" => "Latest suggestions",
    "board.empty" => "No responses yet.",
    "board.source" => "Counts the responses stored on this device and updates by itself.",
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys other modules rely on; deleting one must fail a test, not a screen.
    const REQUIRED: &[&str] = &[
        "app.loading",
        "nav.next",
        "nav.back",
        "nav.submit",
        "nav.progress",
        "question.required",
        "question.chars",
        "errors.summary",
        "validation.required",
        "validation.too_long",
        "validation.not_number",
        "validation.not_email",
        "validation.not_phone",
        "validation.too_few",
        "validation.too_many",
        "validation.other_required",
        "validation.out_of_range",
        "choice.other",
        "choice.other_label",
        "choice.select_placeholder",
        "boolean.yes",
        "boolean.no",
        "receipt.title",
        "receipt.code_label",
        "receipt.saved_on_device",
        "receipt.sent",
        "receipt.queued",
        "receipt.again",
        "device.count",
        "device.export_json",
        "device.export_csv",
        "lang.label",
        "settings.label",
        "settings.large_text",
        "settings.contrast",
        "read_aloud.button",
        "read_aloud.choices",
        "read_aloud.list_separator",
        "read_aloud.sentence_end",
        "definition.warnings",
        "error.title",
        "error.definition",
        "error.definition_where",
        "error.load_failed",
        "error.storage_full",
        "error.storage_unavailable",
        "error.unexpected",
        "error.retry",
        "def.not_json",
        "def.not_object",
        "def.no_elements",
        "def.duplicate_name",
        "def.bad_expression",
        "def.bad_choices",
        "def.bad_rating",
        "def.bad_value",
    ];

    fn placeholders(message: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut rest = message;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("unclosed placeholder") + open;
            found.push(&rest[open + 1..close]);
            rest = &rest[close + 1..];
        }
        found.sort_unstable();
        found
    }

    #[test]
    fn required_keys_exist() {
        for key in REQUIRED {
            assert!(find(Locale::ZhCn, key).is_some(), "zh-CN lacks {key}");
        }
    }

    /// The keys as each locale's table writes them, per catalog, in [`Locale::ALL`] order.
    const WRITTEN_KEYS: &[[&str; 3]] = &[
        [ZH_CN_KEYS, ZH_TW_KEYS, EN_KEYS],
        #[cfg(feature = "kiosk")]
        [ZH_CN_KIOSK_KEYS, ZH_TW_KIOSK_KEYS, EN_KIOSK_KEYS],
    ];

    /// Run with and without `--features kiosk`: the kiosk catalogs are checked too.
    /// Lookups read zh-CN's keys only, so every table lists the same keys in the same order,
    /// and has one message per key (a message with a line break would shift the rest).
    #[test]
    fn every_locale_has_exactly_the_zh_cn_keys_in_order() {
        assert_eq!(CATALOGS.len(), WRITTEN_KEYS.len());
        for (cat, written) in CATALOGS.iter().zip(WRITTEN_KEYS) {
            let zh_cn: Vec<&str> = cat.keys.split_terminator('\n').collect();
            for (locale, keys) in Locale::ALL.into_iter().zip(written) {
                let keys: Vec<&str> = keys.split_terminator('\n').collect();
                for (i, (key, expected)) in keys.iter().zip(&zh_cn).enumerate() {
                    assert_eq!(key, expected, "{locale:?}: entry {i} differs from zh-CN's");
                }
                assert_eq!(keys.len(), zh_cn.len(), "{locale:?}: number of keys");
                let messages = cat.messages[locale as usize].split_terminator('\n');
                assert_eq!(
                    messages.count(),
                    zh_cn.len(),
                    "{locale:?}: number of messages"
                );
            }
        }
    }

    #[test]
    fn locale_discriminants_index_the_catalogs() {
        for (i, locale) in Locale::ALL.into_iter().enumerate() {
            assert_eq!(locale as usize, i);
        }
    }

    #[test]
    fn no_duplicate_keys() {
        for locale in Locale::ALL {
            let cat: Vec<_> = catalog(locale).collect();
            for (i, (key, _)) in cat.iter().enumerate() {
                assert!(
                    !cat[i + 1..].iter().any(|(k, _)| k == key),
                    "{locale:?} repeats {key}"
                );
            }
        }
    }

    #[test]
    fn placeholders_match_zh_cn() {
        for locale in Locale::ALL {
            for (key, message) in catalog(locale) {
                assert_eq!(
                    placeholders(message),
                    placeholders(text(Locale::ZhCn, key)),
                    "{locale:?} {key}"
                );
            }
        }
    }

    #[test]
    fn messages_are_non_empty_and_trimmed() {
        for locale in Locale::ALL {
            for (key, message) in catalog(locale) {
                assert!(
                    !message.is_empty() && message.trim() == message,
                    "{locale:?} {key}"
                );
            }
        }
    }

    #[test]
    fn from_tag_matches_languages_scripts_and_regions() {
        let cases = [
            ("zh", Locale::ZhCn),
            ("zh-CN", Locale::ZhCn),
            ("zh-cn", Locale::ZhCn),
            ("zh_CN", Locale::ZhCn),
            ("zh-Hans", Locale::ZhCn),
            ("zh-Hans-CN", Locale::ZhCn),
            ("zh-SG", Locale::ZhCn),
            ("zh-Hans-HK", Locale::ZhCn),
            ("zh-TW", Locale::ZhTw),
            ("ZH-tw", Locale::ZhTw),
            ("zh_TW", Locale::ZhTw),
            ("zh-HK", Locale::ZhTw),
            ("zh-MO", Locale::ZhTw),
            ("zh-Hant", Locale::ZhTw),
            ("zh-Hant-CN", Locale::ZhTw),
            (" zh-Hant-TW ", Locale::ZhTw),
            ("en", Locale::En),
            ("EN", Locale::En),
            ("en-US", Locale::En),
            ("en-GB", Locale::En),
            ("en_AU", Locale::En),
            ("eng", Locale::ZhCn),
            ("fr-FR", Locale::ZhCn),
            ("zhx", Locale::ZhCn),
            ("", Locale::ZhCn),
            ("-", Locale::ZhCn),
        ];
        for (tag, want) in cases {
            assert_eq!(Locale::from_tag(tag), want, "{tag:?}");
        }
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), locale);
        }
    }

    #[test]
    fn speaks_matches_voices_of_the_locale_only() {
        let cases = [
            ("zh-CN", Locale::ZhCn),
            ("zh_CN", Locale::ZhCn),
            ("cmn-Hans-CN", Locale::ZhCn),
            ("zh", Locale::ZhCn),
            ("zh-TW", Locale::ZhTw),
            ("zh_TW", Locale::ZhTw),
            ("cmn-Hant-TW", Locale::ZhTw),
            ("zh-HK", Locale::ZhTw),
            ("en-US", Locale::En),
            ("en", Locale::En),
            ("EN_gb", Locale::En),
        ];
        for (voice, locale) in cases {
            for l in Locale::ALL {
                assert_eq!(l.speaks(voice), l == locale, "{l:?} {voice}");
            }
        }
        for voice in ["", "fr-FR", "ja-JP", "yue-HK", "eng", "zhx-CN"] {
            assert!(Locale::ALL.iter().all(|l| !l.speaks(voice)), "{voice}");
        }
    }

    #[test]
    fn names_and_lookup_chains() {
        assert_eq!(Locale::ZhTw.native_name(), "繁體中文");
        assert_eq!(Locale::default(), Locale::ZhCn);
        for locale in Locale::ALL {
            let chain = locale.lookup_chain();
            assert_eq!(
                chain.first(),
                Some(&locale.tag().to_ascii_lowercase().as_str())
            );
            assert_eq!(chain.last(), Some(&"default"));
            assert!(chain.iter().all(|k| *k == k.to_ascii_lowercase()));
        }
    }

    #[test]
    fn text_falls_back_to_the_key() {
        assert_eq!(text(Locale::En, "nav.next"), "Next");
        assert_eq!(text(Locale::ZhTw, "nav.next"), "下一頁");
        assert_eq!(text(Locale::En, "no.such.key"), "no.such.key");
        assert_eq!(text(Locale::ZhCn, ""), "");
    }

    #[test]
    fn format_replaces_params() {
        let p = [("current", "2"), ("total", "5")];
        assert_eq!(format(Locale::ZhCn, "nav.progress", &p), "第 2 / 5 页");
        assert_eq!(format(Locale::En, "nav.progress", &p), "Page 2 of 5");
        assert_eq!(
            format(
                Locale::ZhTw,
                "question.chars",
                &[("max", "500"), ("count", "12")]
            ),
            "12/500 字"
        );
        // Missing params stay visible; values are not expanded again.
        assert_eq!(
            format(Locale::En, "nav.progress", &[]),
            "Page {current} of {total}"
        );
        assert_eq!(
            format(Locale::ZhCn, "def.duplicate_name", &[("name", "{name}")]),
            "问题名称重复：{name}"
        );
        assert_eq!(format(Locale::En, "a {b", &[("b", "x")]), "a {b");
        assert_eq!(format(Locale::En, "{b}}{", &[("b", "x")]), "x}{");
    }
}

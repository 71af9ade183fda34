//! Texts as residents see them: locale maps from the definition with their fallback chain, and
//! lengths counted the way a person counts characters.
//!
//! Owns: `Text` (a plain string or a `{"default": .., "zh-cn": .., "en": ..}` map),
//! `grapheme_len` (the one count of every length shown or checked), the port through which the
//! platform installs its own counter (the browser's `Intl.Segmenter`, `web::text`), and
//! `fallback_len`, the count where there is none. Must not: call the browser, or pull in
//! Unicode tables (their cost: docs/BENCHMARKS.md); the fallback handles the clusters
//! residents actually type, from a few ranges.

use crate::i18n::Locale;
use crate::json::Value;

/// A text that may differ per locale. Keys are lower-cased locale tags or `default`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(Vec<(String, String)>);

impl Text {
    /// A text that is the same in every locale.
    pub fn plain(s: impl Into<String>) -> Text {
        Text(vec![("default".into(), s.into())])
    }

    /// Reads a string or a locale map; `None` for other JSON kinds or a map with no strings.
    pub fn from_json(value: &Value) -> Option<Text> {
        match value {
            Value::String(s) => Some(Text::plain(s.clone())),
            Value::Object(pairs) => {
                let map: Vec<(String, String)> = pairs
                    .iter()
                    .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_str()?.to_string())))
                    .collect();
                (!map.is_empty()).then_some(Text(map))
            }
            _ => None,
        }
    }

    /// The text for `locale`: the locale itself, then its language, then `default`, then any.
    pub fn get(&self, locale: Locale) -> &str {
        locale
            .lookup_chain()
            .iter()
            .find_map(|tag| self.0.iter().find(|(k, _)| k == tag))
            .or_else(|| self.0.first())
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every locale's text, in the order written.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, v)| v.as_str())
    }

    /// True when no locale has any text.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, v)| v.trim().is_empty())
    }
}

/// The number of user-perceived characters in `s`, as every length of the widget is shown and
/// checked (the live counter, `maxLength` on Next and Submit): the platform's counter when one
/// was installed (the browser's `Intl.Segmenter`, `web::text`), else [`fallback_len`].
pub fn grapheme_len(s: &str) -> usize {
    PLATFORM_COUNTER
        .get()
        .and_then(|count| count(s))
        .unwrap_or_else(|| fallback_len(s))
}

/// A platform's own count of grapheme clusters (UAX #29); `None` where it cannot count.
pub type Counter = fn(&str) -> Option<usize>;

static PLATFORM_COUNTER: std::sync::OnceLock<Counter> = std::sync::OnceLock::new();

/// Installs the platform's counter for [`grapheme_len`], once (the first one stays): the
/// browser adapter does at start-up, where `Intl.Segmenter` exists.
pub fn install_counter(count: Counter) {
    let _ = PLATFORM_COUNTER.set(count);
}

/// The count without the platform's help: Unicode's grapheme rules for what residents type,
/// from a few ranges instead of Unicode's tables.
///
/// Han characters, letters and digits count one each; combining marks (Latin, Tibetan vowel
/// signs and subjoined letters, Arabic vowel marks, Mongolian free variation selectors,
/// Devanagari and Thai vowel signs and marks, half-width katakana sound marks), variation
/// selectors, emoji skin-tone modifiers, tag characters and the character after a zero-width
/// joiner join the previous character; a Devanagari consonant after a virama joins it (a
/// conjunct); Hangul jamo join into syllables; a regional-indicator pair (a flag) counts once;
/// CR LF counts once. tests/grapheme_cases.json lists what it still counts differently.
pub fn fallback_len(s: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut pending_flag = false;
    for c in s.chars() {
        let joins = match prev {
            None => false,
            Some('\u{200D}') => true,
            Some('\r') => c == '\n',
            Some('\u{094D}') => is_extender(c) || ('\u{0915}'..='\u{0939}').contains(&c),
            Some(p) => is_extender(c) || (is_regional(c) && pending_flag) || hangul_joins(p, c),
        };
        if is_regional(c) {
            pending_flag = !(joins && pending_flag);
        } else if !is_extender(c) {
            pending_flag = false;
        }
        if !joins {
            count += 1;
        }
        prev = Some(c);
    }
    count
}

fn is_regional(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{093C}'
        | '\u{093E}'..='\u{094F}'
        | '\u{0951}'..='\u{0957}'
        | '\u{0962}'..='\u{0963}'
        | '\u{0E31}'
        | '\u{0E33}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}'
        | '\u{0F18}'..='\u{0F19}'
        | '\u{0F35}'
        | '\u{0F37}'
        | '\u{0F39}'
        | '\u{0F3E}'..='\u{0F3F}'
        | '\u{0F71}'..='\u{0F84}'
        | '\u{0F86}'..='\u{0F87}'
        | '\u{0F8D}'..='\u{0FBC}'
        | '\u{0FC6}'
        | '\u{180B}'..='\u{180D}'
        | '\u{180F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{FF9E}'..='\u{FF9F}'
        | '\u{200D}'
        | '\u{3099}'..='\u{309A}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

/// The kind of a Hangul character for joining: a leading consonant jamo (L), a vowel (V), a
/// trailing consonant (T), a syllable without (LV) or with (LVT) a trailing consonant.
#[derive(PartialEq, Eq)]
enum Jamo {
    L,
    V,
    T,
    Lv,
    Lvt,
}

fn jamo(c: char) -> Option<Jamo> {
    Some(match c {
        '\u{1100}'..='\u{115F}' | '\u{A960}'..='\u{A97C}' => Jamo::L,
        '\u{1160}'..='\u{11A7}' | '\u{D7B0}'..='\u{D7C6}' => Jamo::V,
        '\u{11A8}'..='\u{11FF}' | '\u{D7CB}'..='\u{D7FB}' => Jamo::T,
        '\u{AC00}'..='\u{D7A3}' if (u32::from(c) - 0xAC00) % 28 == 0 => Jamo::Lv,
        '\u{AC00}'..='\u{D7A3}' => Jamo::Lvt,
        _ => return None,
    })
}

/// Hangul's rules: L joins L, V or a syllable after it; V joins V or T; T joins T.
fn hangul_joins(prev: char, c: char) -> bool {
    matches!(
        (jamo(prev), jamo(c)),
        (
            Some(Jamo::L),
            Some(Jamo::L | Jamo::V | Jamo::Lv | Jamo::Lvt)
        ) | (Some(Jamo::V | Jamo::Lv), Some(Jamo::V | Jamo::T))
            | (Some(Jamo::T | Jamo::Lvt), Some(Jamo::T))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_han_and_ascii_one_each() {
        assert_eq!(fallback_len("和平夜话 ok"), 7);
        assert_eq!(fallback_len(""), 0);
    }

    #[test]
    fn joins_marks_emoji_sequences_and_flags() {
        assert_eq!(fallback_len("e\u{301}"), 1);
        assert_eq!(fallback_len("👍🏽"), 1);
        assert_eq!(fallback_len("👨\u{200D}👩\u{200D}👧"), 1);
        assert_eq!(fallback_len("🇨🇳🇺🇸"), 2);
        assert_eq!(fallback_len("❤\u{FE0F}"), 1);
        assert_eq!(fallback_len("a\r\nb"), 3);
    }

    #[test]
    fn text_falls_back_locale_then_language_then_default() {
        let map = Value::Object(vec![
            ("default".into(), Value::String("默认".into())),
            ("EN".into(), Value::String("English".into())),
            ("zh".into(), Value::String("中文".into())),
        ]);
        let text = Text::from_json(&map).unwrap();
        assert_eq!(text.get(Locale::En), "English");
        assert_eq!(text.get(Locale::ZhTw), "中文");
        let only_default = Text::plain("x");
        assert_eq!(only_default.get(Locale::En), "x");
        assert!(Text::from_json(&Value::Bool(true)).is_none());
    }
}

//! Texts as residents see them: locale maps from the definition with their fallback chain, and
//! lengths counted the way a person counts characters.
//!
//! Owns: `Text` (a plain string or a `{"default": .., "zh-cn": .., "en": ..}` map) and
//! `grapheme_len`. Must not: know about questions, or pull in Unicode tables (the widget would
//! pay ~12 KB for them); `grapheme_len` handles the clusters residents actually type.

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

    /// True when no locale has any text.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, v)| v.trim().is_empty())
    }
}

/// The number of user-perceived characters in `s`.
///
/// Han characters, letters and digits count one each; combining marks, variation selectors,
/// emoji skin-tone modifiers, tag characters and the character after a zero-width joiner join
/// the previous character; a regional-indicator pair (a flag) counts once; CR LF counts once.
pub fn grapheme_len(s: &str) -> usize {
    let mut count = 0;
    let mut prev: Option<char> = None;
    let mut pending_flag = false;
    for c in s.chars() {
        let joins = match prev {
            None => false,
            Some('\u{200D}') => true,
            Some('\r') => c == '\n',
            Some(_) => is_extender(c) || (is_regional(c) && pending_flag),
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
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200D}'
        | '\u{3099}'..='\u{309A}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_han_and_ascii_one_each() {
        assert_eq!(grapheme_len("和平夜话 ok"), 7);
        assert_eq!(grapheme_len(""), 0);
    }

    #[test]
    fn joins_marks_emoji_sequences_and_flags() {
        assert_eq!(grapheme_len("e\u{301}"), 1);
        assert_eq!(grapheme_len("👍🏽"), 1);
        assert_eq!(grapheme_len("👨\u{200D}👩\u{200D}👧"), 1);
        assert_eq!(grapheme_len("🇨🇳🇺🇸"), 2);
        assert_eq!(grapheme_len("❤\u{FE0F}"), 1);
        assert_eq!(grapheme_len("a\r\nb"), 3);
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

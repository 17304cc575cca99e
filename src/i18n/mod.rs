//! Every word the app shows, in Simplified Chinese (default) and English. Keys are an enum, so a
//! missing translation or a misspelt key is a compile error; placeholders are `{name}`.
//! Hand-written instead of leptos_i18n: three languages do not justify its ICU build dependencies.

mod keys;
mod phrases;
mod words;

pub use keys::Key;
pub use words::{backend_error, duration, problem, satisfaction, sla, status, step, time};

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhHans, Lang::En];

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::En => "English",
        }
    }

    /// Reads `?lang=` values and stored tags, leniently (`zh`, `zh-CN`, `EN-us`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else if t == "zh" || t == "zh-hans" || t == "zh-cn" || t.starts_with("zh-hans-") {
            Some(Lang::ZhHans)
        } else {
            None
        }
    }
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    key.text(lang)
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn tf(lang: Lang, key: Key, args: &[(&str, &str)]) -> String {
    fill(key.text(lang), args)
}

pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |s, (name, value)| s.replace(&format!("{{{name}}}"), value))
}

/// Text from a backend, or a built-in phrase in `lang`.
pub fn text(lang: Lang, text: &crate::model::Text) -> String {
    match text {
        crate::model::Text::Plain(s) => s.clone(),
        crate::model::Text::Builtin(p) => phrases::phrase(lang, *p).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NoteKind, Phrase, StandardCategory};

    #[test]
    fn every_key_has_text_in_every_language_with_the_same_placeholders() {
        let placeholders = |s: &str| {
            let mut v: Vec<String> = s.split('{').skip(1).filter_map(|p| p.split('}').next()).map(String::from).collect();
            v.sort();
            v
        };
        for key in Key::ALL {
            let zh = key.text(Lang::ZhHans);
            let en = key.text(Lang::En);
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{key:?}");
            assert_eq!(placeholders(zh), placeholders(en), "{key:?}");
        }
    }

    #[test]
    fn every_phrase_is_translated() {
        for c in StandardCategory::ALL {
            let mut ps = vec![Phrase::CategoryName(c), Phrase::CategoryHint(c), Phrase::Agency(c)];
            for k in [NoteKind::Received, NoteKind::Dispatched, NoteKind::InProgress, NoteKind::Resolved] {
                ps.push(Phrase::OfficeNote(k, c));
            }
            for p in ps {
                for lang in Lang::ALL {
                    assert!(!phrases::phrase(lang, p).is_empty(), "{p:?} {lang:?}");
                }
                assert_ne!(phrases::phrase(Lang::ZhHans, p), phrases::phrase(Lang::En, p), "{p:?}");
            }
        }
    }

    #[test]
    fn tags_are_read_leniently() {
        assert_eq!(Lang::from_tag("en"), Some(Lang::En));
        assert_eq!(Lang::from_tag("EN-us"), Some(Lang::En));
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("fr"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(tf(Lang::En, Key::CharCount, &[("n", "12"), ("max", "1000")]), "12 / 1000 characters");
        assert_eq!(tf(Lang::ZhHans, Key::CharCount, &[("n", "12"), ("max", "1000")]), "已写 12 / 1000 字");
    }
}

//! Every word the app shows, in Simplified Chinese (default) and English. Plain words are `Key`s,
//! words with values are `Msg`s whose arguments are checked at compile time. The app loads one
//! language's words at a time from the file the build writes (`table`).
//! Hand-written instead of leptos_i18n: a small table does not justify its ICU build dependencies
//! or its bytes.

mod keys;
mod phrases;
pub mod table;
mod words;

#[cfg(target_arch = "wasm32")]
mod context;

pub use keys::{Key, Msg};
pub use words::{change, duration, problem, satisfaction, sla, solved, status, step, storage_error, time};

#[cfg(target_arch = "wasm32")]
pub use context::{load, switch_to, tr, use_i18n, I18n};

use serde::{Deserialize, Serialize};

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans = 0,
    #[serde(rename = "zh-Hant")]
    ZhHant = 1,
    #[serde(rename = "en")]
    En = 2,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The language's place in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// Reads `?lang=` values, stored tags and the browser's languages, leniently (`zh`, `zh-CN`,
    /// `EN-us`), by `TAGS`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        TAGS.iter()
            .find(|(pattern, _)| match pattern.strip_suffix('-') {
                Some(_) => t.starts_with(pattern),
                None => t == *pattern,
            })
            .map(|(_, lang)| *lang)
    }
}

/// Language tags as links, browsers and earlier releases write them (lower case), and the
/// language each stands for; a pattern ending in `-` matches every tag it begins. The page before
/// the app reads tags with this same table (src/bin/prerender writes it into its script).
/// Traditional Chinese for the script tag and for Taiwan, Hong Kong and Macau; every other Chinese
/// Simplified.
pub const TAGS: [(&str, Lang); 12] = [
    ("en", Lang::En),
    ("en-", Lang::En),
    ("zh-hant", Lang::ZhHant),
    ("zh-hant-", Lang::ZhHant),
    ("zh-tw", Lang::ZhHant),
    ("zh-hk", Lang::ZhHant),
    ("zh-mo", Lang::ZhHant),
    ("zh", Lang::ZhHans),
    ("zh-hans", Lang::ZhHans),
    ("zh-cn", Lang::ZhHans),
    ("zh-hans-", Lang::ZhHans),
    ("zh-", Lang::ZhHans),
];

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    key.text(lang)
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
    fn every_key_has_text_in_every_language() {
        for key in Key::ALL {
            for lang in Lang::ALL {
                let text = key.text(lang);
                assert!(!text.trim().is_empty(), "{key:?} {lang:?}");
                assert!(!text.contains('{'), "{key:?} {lang:?}: a placeholder belongs in a Msg");
            }
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
                assert_ne!(phrases::phrase(Lang::ZhHant, p), phrases::phrase(Lang::En, p), "{p:?}");
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
        assert_eq!(Lang::from_tag("english"), None);
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-Hant-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-hk"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-SG"), Some(Lang::ZhHans));
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }

    #[test]
    fn messages_fill_their_arguments() {
        assert_eq!(Msg::CharCount { n: "12", max: "1000" }.text(Lang::En), "12 / 1000 characters");
        assert_eq!(Msg::CharCount { n: "12", max: "1000" }.text(Lang::ZhHans), "已写 12 / 1000 字");
        assert_eq!(Msg::SlaOverdue { dur: "3 h", time: "noon" }.text(Lang::En), "Overdue by 3 h (was due by noon)");
    }
}

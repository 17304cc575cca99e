//! Each language's words as one column: the keys, then the messages' templates, then the built-in
//! phrases, in the order the typed table declares them. The host (the page before the app) and the
//! browser tests build the columns from the table itself; the app loads only its language's, as a
//! words file the build writes beside it (`words-<tag>-<hash>.txt`, one entry per line), so a
//! language, a word or a page's words cost the wasm nothing and a visitor downloads one language.

use std::cell::RefCell;

use super::{Key, Lang, Msg};

/// How many entries a language's column has.
pub const ENTRIES: usize = Key::ALL.len() + Msg::COUNT + super::phrases::COUNT;

/// The longest words file the app reads.
pub const MAX_BYTES: usize = 256 * 1024;

thread_local! {
    static COLUMNS: RefCell<[Option<&'static [&'static str]>; Lang::ALL.len()]> = const { RefCell::new([None; Lang::ALL.len()]) };
}

/// The column of `lang` built from the typed table.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
pub fn built_in(lang: Lang) -> Vec<String> {
    let mut column: Vec<String> = super::keys::key_column(lang).into_iter().map(String::from).collect();
    column.extend(super::keys::msg_column(lang));
    column.extend(super::phrases::phrase_column(lang).into_iter().map(String::from));
    column
}

/// The words file of `lang`, as the build writes it.
#[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
pub fn file(lang: Lang) -> String {
    built_in(lang).join("\n")
}

fn column(lang: Lang) -> Option<&'static [&'static str]> {
    COLUMNS.with(|c| {
        let mut columns = c.borrow_mut();
        let slot = &mut columns[lang.index()];
        #[cfg(any(not(target_arch = "wasm32"), doorstep_unsplit))]
        if slot.is_none() {
            *slot = Some(leak(built_in(lang).join("\n")));
        }
        *slot
    })
}

fn leak(text: String) -> &'static [&'static str] {
    let text: &'static str = Box::leak(text.into_boxed_str());
    Box::leak(text.split('\n').collect::<Vec<_>>().into_boxed_slice())
}

/// Entry `i` of `lang`'s column; empty while the language is not loaded (never a panic).
pub fn word(lang: Lang, i: usize) -> &'static str {
    column(lang).and_then(|c| c.get(i).copied()).unwrap_or("")
}

/// Whether `lang`'s words are here.
pub fn has(lang: Lang) -> bool {
    column(lang).is_some()
}

/// The words file of a language turned out not to be this build's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotThisBuild;

/// Takes `text`, a words file, as `lang`'s words, if it has exactly this build's entries.
pub fn accept(lang: Lang, text: String) -> Result<(), NotThisBuild> {
    if text.len() > MAX_BYTES || text.split('\n').count() != ENTRIES {
        return Err(NotThisBuild);
    }
    let words = leak(text);
    COLUMNS.with(|c| c.borrow_mut()[lang.index()] = Some(words));
    Ok(())
}

/// `template` with each `{n}` replaced by the `n`th value (a message has a handful).
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.as_bytes().get(..2).filter(|b| b[1] == b'}').and_then(|b| values.get(usize::from(b[0].wrapping_sub(b'0'))));
        match value {
            Some(value) => {
                out.push_str(value);
                rest = &after[2..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_entry_on_a_line_of_its_own() {
        for lang in Lang::ALL {
            let column = built_in(lang);
            assert_eq!(column.len(), ENTRIES, "{lang:?}");
            for (i, w) in column.iter().enumerate() {
                assert!(!w.trim().is_empty(), "{lang:?} entry {i} is empty");
                assert!(!w.contains('\n') && !w.contains('\r'), "{lang:?} entry {i}: {w:?} has a line break");
            }
            assert!(file(lang).len() < MAX_BYTES);
        }
    }

    #[test]
    fn a_words_file_of_another_build_is_refused() {
        let short = built_in(Lang::En)[1..].join("\n");
        assert_eq!(accept(Lang::En, short), Err(NotThisBuild));
        let long = format!("{}\nextra", file(Lang::En));
        assert_eq!(accept(Lang::En, long), Err(NotThisBuild));
        assert_eq!(accept(Lang::En, file(Lang::En)), Ok(()));
        assert_eq!(Key::NavNew.text(Lang::En), "New request");
    }

    #[test]
    fn templates_are_filled_by_place_and_leave_other_braces_alone() {
        assert_eq!(fill("{1}: {0} / {1}", &["12", "1000"]), "1000: 12 / 1000");
        assert_eq!(fill("a {x} b {2} {", &["1"]), "a {x} b {2} {");
        assert_eq!(fill("{0}{0}", &["{0}"]), "{0}{0}");
        // The words files carry places, not names.
        let column = built_in(Lang::En);
        assert!(column.iter().any(|w| w == "{0} / {1} characters"), "CharCount as written");
        assert!(!column.iter().any(|w| w.contains("{n}") || w.contains("{max}")));
    }
}

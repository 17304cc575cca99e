//! The resident's settings.

use super::local;
use crate::i18n::Lang;

const LANG: &str = "lang";

pub fn language() -> Option<Lang> {
    local::read(LANG).ok().flatten()
}

pub fn set_language(lang: Lang) {
    let _ = local::write(LANG, &lang);
}

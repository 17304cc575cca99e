//! The office's categories and their questions as last had from the backend, so the form can be
//! filled in with no network (the request then waits in the outbox).

use super::local;
use crate::model::{Category, Question};

const CATEGORIES: &str = "catalogue.categories";

fn questions_key(code: &str) -> String {
    format!("catalogue.questions.{code}")
}

pub fn categories() -> Option<Vec<Category>> {
    local::read(CATEGORIES).ok().flatten()
}

pub fn save_categories(list: &[Category]) {
    let _ = local::write(CATEGORIES, &list);
}

pub fn questions(code: &str) -> Option<Vec<Question>> {
    local::read(&questions_key(code)).ok().flatten()
}

pub fn save_questions(code: &str, list: &[Question]) {
    let _ = local::write(&questions_key(code), &list);
}

//! The architecture, checked: every `crate::` path in `src/` points down the layers
//! model ← backend ← store ← i18n ← components ← pages ← app, the model's files form no cycle,
//! and no backend adapter names another.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const LAYERS: [&str; 7] = ["model", "backend", "store", "i18n", "components", "pages", "app"];
const ADAPTERS: [&str; 3] = ["demo", "rest", "open311"];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source files under `src/`, as (path relative to `src/`, text).
fn files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    paths
        .into_iter()
        .map(|p| (p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/"), fs::read_to_string(&p).unwrap()))
        .collect()
}

/// Every module named right after `prefix` in `text` (`crate::model::x` → `model`), including
/// those in grouped imports (`use crate::{a, b}`).
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            for part in group.split('}').next().unwrap_or_default().split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                found.insert(name);
            }
        } else {
            found.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    found.retain(|n| !n.is_empty());
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let mut wrong = Vec::new();
    for (path, text) in files() {
        let top = path.split(['/', '.']).next().unwrap();
        let Some(own) = rank(top) else { continue }; // lib.rs, main.rs, this file
        for target in named_after(&text, "crate::") {
            if let Some(r) = rank(&target) {
                if r > own {
                    wrong.push(format!("{path} imports crate::{target}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports that point up the layers:\n{}", wrong.join("\n"));
}

#[test]
fn the_model_has_no_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files() {
        let Some(file) = path.strip_prefix("model/").and_then(|f| f.strip_suffix(".rs")) else { continue };
        if file == "mod" {
            continue;
        }
        // Only the code itself: a test module may use whatever it likes.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut uses = named_after(code, "super::");
        uses.extend(named_after(code, "crate::model::"));
        uses.remove(file);
        graph.insert(file.to_string(), uses);
    }
    fn visit(n: &str, g: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if let Some(at) = path.iter().position(|p| p == n) {
            panic!("cycle in model: {} → {n}", path[at..].join(" → "));
        }
        if !done.insert(n.to_string()) {
            return;
        }
        path.push(n.to_string());
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        visit(n, &graph, &mut Vec::new(), &mut done);
    }
    assert!(graph.len() > 10, "read the model's files");
}

#[test]
fn no_adapter_imports_another() {
    let mut wrong = Vec::new();
    for (path, text) in files() {
        let Some(rest) = path.strip_prefix("backend/") else { continue };
        let Some(adapter) = ADAPTERS.iter().find(|a| rest == format!("{a}.rs") || rest.starts_with(&format!("{a}/"))) else {
            continue;
        };
        let mut names = named_after(&text, "crate::backend::");
        names.extend(named_after(&text, "super::"));
        for other in ADAPTERS.iter().filter(|o| *o != adapter) {
            if names.contains(*other) {
                wrong.push(format!("{path} imports {other}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    assert_eq!(named_after("use crate::{model::X, backend};", "crate::"), BTreeSet::from(["backend".into(), "model".into()]));
    assert_eq!(named_after("let x = crate::store::a();", "crate::"), BTreeSet::from(["store".into()]));
}

/// Backend and resident text is always rendered as text: no view sets HTML from a string
/// (`inner_html`, `set_inner_html`, `outer_html`, `insert_adjacent_html`), and no JavaScript in
/// `public/` or the page before the app does either (`innerHTML`, `outerHTML`,
/// `insertAdjacentHTML`, `document.write`).
#[test]
fn no_text_is_ever_rendered_as_html() {
    for (file, text) in files().iter().filter(|(f, _)| f != "layers.rs") {
        for w in ["inner_html", "outer_html", "insert_adjacent_html"] {
            assert!(!text.contains(w), "{file} uses {w}");
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scripts = [root.join("public"), root.join("src/bin/prerender")];
    for entry in scripts.iter().flat_map(|d| fs::read_dir(d).unwrap()) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = fs::read_to_string(&path).unwrap();
            for w in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"] {
                assert!(!text.contains(w), "{} uses {w}", path.display());
            }
        }
    }
}

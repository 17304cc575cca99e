//! Renders the page the browser shows before the app has loaded: the new-request form's first
//! screen as static HTML, in every language (the one to show is picked before the first paint),
//! from the same translation table and field specs the app renders. A resident can read it and
//! type into it at once; the app takes it over when it starts (components/takeover.rs).
//!
//! Run by Trunk after each build (scripts/post-build.sh): `prerender <dist dir> <style.css>`
//! rewrites `<dir>/index.html` in place.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(css)) = (args.first(), args.get(1)) else {
        eprintln!("usage: prerender <dist dir> <style.css>");
        std::process::exit(2);
    };
    if let Err(e) = shell::write(std::path::Path::new(dir), std::path::Path::new(css)) {
        eprintln!("prerender: {e}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod shell {
    use std::fs;
    use std::path::Path;

    use doorstep::i18n::{Key, Lang, Msg, TAGS};
    use doorstep::model::Field;
    use doorstep::pages::new_request::fields::{dom_id, spec};

    /// Replaces `<div id=shell></div>` in `dir/index.html` with the page, and adds its scripts.
    pub fn write(dir: &Path, css: &Path) -> Result<(), String> {
        let file = dir.join("index.html");
        let html = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let css = fs::read_to_string(css).map_err(|e| format!("{}: {e}", css.display()))?;
        for lang in Lang::ALL {
            // The stylesheet must show each language's words when it is the page's language.
            if !css.contains(&format!(".l-{}", lang.tag())) {
                return Err(format!("style has no rule for .l-{}", lang.tag()));
            }
        }
        let marker = ["<div id=shell></div>", "<div id=\"shell\"></div>"]
            .into_iter()
            .find(|m| html.contains(m))
            .ok_or("index.html has no <div id=\"shell\"></div>")?;
        let head = format!("<script>{}</script>", head_script());
        let body = format!("{}<script>{}</script>", page(), include_str!("body.js").trim());
        let html = html.replacen("</title>", &format!("</title>{head}"), 1).replacen(marker, &body, 1);
        let html = inline_stylesheet(dir, &html)?;
        let words = words_files(dir)?;
        let html = load_after_first_paint(&html, &words)?;
        fs::write(&file, &html).map_err(|e| format!("{}: {e}", file.display()))?;
        service_worker(dir, &html)
    }

    /// Writes each language's words file (the app loads its language's one): named by its
    /// content, so a host may cache it for good. The map from language tag to address, as JSON.
    fn words_files(dir: &Path) -> Result<String, String> {
        let mut map = Vec::new();
        for lang in Lang::ALL {
            let text = doorstep::i18n::table::file(lang);
            let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            let name = format!("words-{}-{hash:016x}.txt", lang.tag());
            fs::write(dir.join(&name), text).map_err(|e| format!("{name}: {e}"))?;
            map.push(format!("\"{}\":\"/{name}\"", lang.tag()));
        }
        Ok(format!("{{{}}}", map.join(",")))
    }

    /// Writes this build's file list and version into the service worker: the files of a first
    /// visit (not the home-screen icons, which only an install needs).
    fn service_worker(dir: &Path, html: &str) -> Result<(), String> {
        let file = dir.join("sw.js");
        let Ok(sw) = fs::read_to_string(&file) else { return Ok(()) };
        // The page itself is kept by the worker from the address the resident opened (sw.js, `settle`).
        let mut precache = vec!["/config.json".to_string(), "/manifest.webmanifest".into()];
        for quote in ['"', '\''] {
            for part in html.split(quote) {
                let asset = part.starts_with('/') && [".js", ".wasm", ".svg"].iter().any(|e| part.ends_with(e));
                if asset && !part.contains(' ') && !precache.iter().any(|p| p == part) {
                    precache.push(part.to_string());
                }
            }
        }
        for part in html.split(['=', ' ', '>']) {
            if part.starts_with("/icon-") && part.ends_with(".svg") && !precache.iter().any(|p| p == part) {
                precache.push(part.to_string());
            }
        }
        // The split loader is imported by the app's glue at once: part of a first visit.
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        names.sort();
        let mut later = Vec::new();
        let mut contents = Vec::new();
        for name in &names {
            if name.starts_with("__wasm_split") && name.ends_with(".js") {
                precache.push(format!("/{name}"));
            }
        }
        // What is fetched only when used — the split modules and their chunks, every language's
        // words, the photo worker, the demo office's picture — is kept after the first load
        // (the worker's "warm"), so every page still opens offline.
        for name in &names {
            let used_later = (name.starts_with("photo-") && name.ends_with(".js"))
                || name == "demo-after.svg"
                || (name.starts_with("words-") && name.ends_with(".txt"))
                || (name.ends_with(".wasm") && !html.contains(name.as_str()));
            if used_later {
                later.push(format!("/{name}"));
            }
        }
        for path in precache.iter().chain(&later) {
            if let Ok(bytes) = fs::read(dir.join(path.trim_start_matches('/'))) {
                contents.extend(bytes);
            }
        }
        // The version changes with anything the page or its files change.
        let version = html
            .bytes()
            .chain(contents)
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let list = |paths: &[String]| format!("[{}]", paths.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(","));
        // The long list of what comes later is a file of its own, read by the worker only when it
        // warms: the worker itself (part of every first load) stays small. Files whose names do
        // not carry their content are named in the worker too, so it serves them from its cache.
        // Grouped by module (dist/split-manifest.json), so the worker can leave out the adapters
        // this deployment does not use; the words, the photo worker and the like on their own.
        let manifest = fs::read_to_string(dir.join("split-manifest.json")).unwrap_or_else(|_| "{}".into());
        let modules: std::collections::BTreeMap<String, Vec<String>> =
            serde_json::from_str(&manifest).map_err(|e| format!("split-manifest.json: {e}"))?;
        let in_modules = |path: &String| modules.values().flatten().any(|f| path.trim_start_matches('/') == f);
        let others: Vec<String> = later.iter().filter(|p| !in_modules(p)).cloned().collect();
        let grouped = modules
            .iter()
            .map(|(name, files)| format!("\"{name}\":{}", list(&files.iter().map(|f| format!("/{f}")).collect::<Vec<_>>())))
            .collect::<Vec<_>>()
            .join(",");
        let later_list = format!("{{\"modules\":{{{grouped}}},\"files\":{}}}", list(&others));
        let later_hash = later_list.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let later_name = format!("later-{later_hash:016x}.json");
        fs::write(dir.join(&later_name), &later_list).map_err(|e| format!("{later_name}: {e}"))?;
        let plain: Vec<String> = later.iter().filter(|p| !p.ends_with(".wasm") && !p.starts_with("/words-")).cloned().collect();
        let sw = sw
            .replace("__VERSION__", &format!("{version:016x}"))
            .replace("__PRECACHE__", &list(&precache))
            .replace("__LATER__", &format!("\"/{later_name}\""))
            .replace("__PLAIN__", &list(&plain));
        fs::write(&file, sw).map_err(|e| format!("{}: {e}", file.display()))
    }

    /// The `<tag …>` (up to its `>`) that contains `needle`, if any.
    fn tag_with<'a>(html: &'a str, open: &str, needle: &str) -> Option<&'a str> {
        let at = html.find(needle)?;
        let start = html[..at].rfind(open)?;
        let end = at + html[at..].find('>')? + 1;
        Some(&html[start..end])
    }

    /// The stylesheet goes into the page itself: the first paint waits for no other request.
    fn inline_stylesheet(dir: &Path, html: &str) -> Result<String, String> {
        // Minified (release) or not (`make serve`).
        let link = tag_with(html, "<link", "rel=stylesheet")
            .or_else(|| tag_with(html, "<link", "rel=\"stylesheet\""))
            .ok_or("no stylesheet link")?;
        let href = link.split("href=").nth(1).and_then(|h| h.split([' ', '>']).next()).ok_or("no stylesheet href")?;
        let href = href.trim_matches('"');
        let css = fs::read_to_string(dir.join(href.trim_start_matches('/'))).map_err(|e| format!("{href}: {e}"))?;
        Ok(html.replacen(link, &format!("<style>{}</style>", css.trim()), 1))
    }

    /// Trunk's loader starts the JS and the wasm while the page is parsed. Here they start after
    /// the first frame instead (with config.json, in parallel), so the page paints first on any
    /// network — and measuring tools see it that way too.
    fn load_after_first_paint(html: &str, words: &str) -> Result<String, String> {
        let start = ["<script type=module>", "<script type=\"module\">"]
            .iter()
            .find_map(|open| html.find(open))
            .ok_or("no Trunk loader script")?;
        let end = start + html[start..].find("</script>").ok_or("no end to Trunk's loader")? + "</script>".len();
        let script = &html[start..end];
        if !script.contains("TrunkApplicationStarted") {
            return Err("the first module script is not Trunk's loader".into());
        }
        let quoted = |ext: &str| {
            script.split(['\'', '"']).find(|s| s.starts_with('/') && s.ends_with(ext)).map(str::to_string).ok_or(format!("no {ext} in loader"))
        };
        let (js, wasm) = (quoted(".js")?, quoted("_bg.wasm")?);
        let loader = include_str!("loader.js").trim().replace("__JS__", &js).replace("__WASM__", &wasm).replace("__CONFIG__", "/config.json").replace("__WORDS__", words);
        // Trunk's preloads go first (the new loader's own code names "preload" too).
        let mut html = html.replacen(script, "<!--loader-->", 1);
        for preload in ["rel=modulepreload", "rel=preload", "rel=\"modulepreload\"", "rel=\"preload\""] {
            while let Some(tag) = tag_with(&html, "<link", preload) {
                html = html.replacen(tag, "", 1);
            }
        }
        Ok(html.replacen("<!--loader-->", &format!("<script type=module>{loader}</script>"), 1))
    }

    /// The script that picks the language (and which page this is) before the first paint.
    fn head_script() -> String {
        let tags: Vec<String> = TAGS.iter().map(|(p, l)| format!("[\"{p}\",\"{}\"]", l.tag())).collect();
        let titles: Vec<String> = Lang::ALL.iter().map(|l| format!("\"{}\":\"{}\"", l.tag(), Key::AppName.text(*l))).collect();
        include_str!("head.js")
            .trim()
            .replace("__TAGS__", &format!("[{}]", tags.join(",")))
            .replace("__TITLES__", &format!("{{{}}}", titles.join(",")))
            .replace("__DEFAULT__", &format!("\"{}\"", Lang::default().tag()))
    }

    fn escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }

    /// Text in every language; the stylesheet shows the page's own.
    fn each_lang(text: impl Fn(Lang) -> String) -> String {
        Lang::ALL
            .iter()
            // (No `lang` of its own: only the page's language shows, and it has the page's.)
            .map(|l| format!("<span class=\"l l-{0}\">{1}</span>", l.tag(), text(*l)))
            .collect()
    }

    fn words(key: Key) -> String {
        each_lang(|l| escape(key.text(l)))
    }

    /// One label per language for the control `id` (only the page's language shows, so a screen
    /// reader and a test alike find the control by its label in that language).
    fn label(id: &str, key: Key) -> String {
        Lang::ALL
            .iter()
            .map(|l| format!("<label for=\"{id}\" class=\"l l-{0}\">{1}</label>", l.tag(), escape(key.text(*l))))
            .collect()
    }

    /// A text field as `components::TextField` renders it, empty.
    fn field(f: Field) -> String {
        let s = spec(f);
        let id = dom_id(f);
        let hint = s.hint.map(|h| format!("<p class=\"hint\" id=\"{id}-hint\">{}</p>", words(h))).unwrap_or_default();
        let described = s.hint.map(|_| format!(" aria-describedby=\"{id}-hint\"")).unwrap_or_default();
        let required = if s.required { " aria-required=\"true\"" } else { "" };
        let control = if s.multiline {
            format!("<textarea id=\"{id}\" rows=\"5\"{required}{described}></textarea>")
        } else {
            let inputmode = s.inputmode.map(|m| format!(" inputmode=\"{m}\"")).unwrap_or_default();
            format!(
                "<input id=\"{id}\" type=\"{}\" autocomplete=\"{}\"{inputmode}{required}{described}>",
                s.input_type, s.autocomplete
            )
        };
        let counter = s
            .counter_max
            .map(|max| {
                let max = max.to_string();
                let text = each_lang(|l| {
                    escape(&Msg::CharCount { n: "\u{1}", max: &max }.text(l)).replace('\u{1}', "<span class=\"n\">0</span>")
                });
                format!("<p class=\"counter\" aria-live=\"polite\">{text}</p>")
            })
            .unwrap_or_default();
        format!("<div class=\"field\">{}{hint}{control}{counter}</div>", label(&id, s.label))
    }

    /// The header, the tabs and the new-request form's first screen, as the app renders them.
    fn page() -> String {
        let langs: String =
            Lang::ALL.iter().map(|l| format!("<option value=\"{0}\" lang=\"{0}\">{1}</option>", l.tag(), l.own_name())).collect();
        let section = |id: &str, title: Key, body: String| {
            format!("<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{}</h2>{body}</section>", words(title))
        };
        // The microphone buttons, as the app renders them (working once it has started).
        let voice = |_label: Key| {
            format!("<div class=\"voice\"><button type=\"button\" class=\"secondary voice-button\" disabled>🎤 {}</button></div>", words(Key::Speak))
        };
        let problem = format!(
            "{}{}<p class=\"loading\">{}</p>",
            field(Field::Description),
            voice(Key::FieldDescription),
            words(Key::Loading)
        );
        let place = format!(
            "{}{}{}<div class=\"row\">{}{}</div><div class=\"location\"><button type=\"button\" class=\"secondary\" disabled>{}</button></div>",
            field(Field::Address),
            voice(Key::FieldAddress),
            field(Field::Community),
            field(Field::Building),
            field(Field::Unit),
            words(Key::UseMyLocation)
        );
        let contact = format!(
            "{}{}<label class=\"check\"><input type=\"checkbox\" id=\"f-private\"><span>{}</span></label>",
            field(Field::Name),
            field(Field::Phone),
            words(Key::FieldPrivate)
        );
        format!(
            concat!(
                "<div id=\"shell\">",
                "<header class=\"topbar\"><div class=\"brand\"><span class=\"brand-name\">{app}</span>",
                "<span class=\"brand-tagline\">{tagline}</span></div>",
                "<div class=\"topbar-tools\"><button type=\"button\" class=\"elder-switch\" aria-pressed=\"false\">{elder}</button>",
                "<a href=\"/settings\" class=\"settings-link\">{settings}</a>",
                "<div class=\"lang-switch\">{language}<select id=\"lang\">{langs}</select></div></div></header>",
                "<nav class=\"tabs\"><a href=\"/\" class=\"tab-new\">{new}</a><a href=\"/requests\" class=\"tab-mine\">{mine}</a>",
                "<a href=\"/lookup\" class=\"tab-lookup\">{lookup}</a><a href=\"/people\" class=\"tab-people\">{people}</a></nav>",
                "<main class=\"page\"><div class=\"boot-form\"><h1>{title}</h1><p class=\"intro\">{intro}</p>",
                "<form class=\"request-form\" data-current=\"1\" novalidate>{problem}{place}{contact}",
                "<button type=\"submit\" class=\"primary\"><span class=\"idle\">{submit}</span><span class=\"busy\">{submitting}</span></button>",
                "<p class=\"hint\">{kept}</p></form></div>",
                "<p class=\"loading boot-other\">{loading}</p></main></div>",
                "<div id=\"app\" hidden></div>"
            ),
            app = words(Key::AppName),
            tagline = words(Key::AppTagline),
            settings = words(Key::NavSettings),
            elder = words(Key::ElderMode),
            language = label("lang", Key::Language),
            langs = langs,
            new = words(Key::NavNew),
            mine = words(Key::NavMine),
            lookup = words(Key::NavLookup),
            people = words(Key::NavPeople),
            title = words(Key::NewTitle),
            intro = words(Key::NewIntro),
            problem = section("sec-problem", Key::SectionProblem, problem),
            place = section("sec-place", Key::SectionPlace, place),
            contact = section("sec-contact", Key::SectionContact, contact),
            submit = words(Key::Submit),
            submitting = words(Key::Submitting),
            kept = words(Key::DraftKept),
            loading = words(Key::Loading),
        )
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_language_is_on_the_page_and_text_is_escaped() {
            let page = page();
            for lang in Lang::ALL {
                assert!(page.contains(&format!("class=\"l l-{}\"", lang.tag())));
                assert!(page.contains(Key::NewTitle.text(lang)));
            }
            assert!(!page.contains("\u{1}"));
            assert_eq!(escape("<b>\"&\""), "&lt;b&gt;&quot;&amp;&quot;");
            assert!(head_script().contains("[\"zh-cn\",\"zh-Hans\"]"));
            assert!(!head_script().contains("__"));
        }
    }
}

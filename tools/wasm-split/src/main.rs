//! `doorstep-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_JS`: splits the app's wasm (linked
//! with `--emit-relocs`) at its `#[lazy]` functions. Writes the main module to MAIN_OUT.wasm, each
//! lazily loaded module and the `__wasm_split.*.js` loader into OUT_DIR (the loader imports the
//! app's glue as MAIN_JS), and prints the modules written, one per line. Also writes
//! OUT_DIR/split-manifest.json: for each split function (module name), the files it loads — its own
//! module and the shared chunks it needs — for the byte gate and the service worker.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, main_out, main_js] = args.as_slice() else {
        eprintln!("usage: doorstep-wasm-split INPUT.wasm OUT_DIR MAIN_OUT.wasm MAIN_JS");
        std::process::exit(2);
    };
    let wasm = std::fs::read(input).unwrap_or_else(|e| {
        eprintln!("{input}: {e}");
        std::process::exit(1);
    });
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = Path::new(out_dir);
    opts.main_out_path = Path::new(main_out);
    opts.main_module = main_js;
    opts.link_name = "./__wasm_split.______________________.js";
    match wasm_split_cli_support::transform(opts) {
        Ok(split) => {
            for m in &split.split_modules {
                println!("{}", m.display());
            }
            let mut names: Vec<&String> = split.prefetch_map.keys().collect();
            names.sort();
            let entries: Vec<String> = names
                .into_iter()
                .map(|name| {
                    let files: Vec<String> = split.prefetch_map[name].iter().map(|f| format!("\"{f}.wasm\"")).collect();
                    format!("  \"{name}\": [{}]", files.join(", "))
                })
                .collect();
            let manifest = format!("{{\n{}\n}}\n", entries.join(",\n"));
            if let Err(e) = std::fs::write(Path::new(out_dir).join("split-manifest.json"), manifest) {
                eprintln!("wasm-split: manifest: {e}");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("wasm-split: {e:?}");
            std::process::exit(1);
        }
    }
}

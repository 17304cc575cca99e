#!/usr/bin/env bash
# Run by Trunk after every build (Trunk.toml [[hooks]]): renders the page the browser shows before
# the app has loaded into index.html (src/bin/prerender), and for a release writes precompressed
# .br and .gz siblings of every file, so any static host (nginx gzip_static/brotli_static) serves
# them without compressing on the fly.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
src="${TRUNK_SOURCE_DIR:-$(pwd)}"
# Leptos's WASM splitting, in every build (the wasm imports its split loader even when nothing
# is split, so `make serve` needs it too): what a first visit does not use (#[lazy]) leaves the
# first load. The wasm Cargo linked (with --emit-relocs, .cargo/config.toml) is split at each
# lazy function, then put through wasm-bindgen (and, for a release, wasm-opt) as Trunk did, under
# Trunk's own file names; the split modules and their loader go beside them.
profile=debug
[ "${TRUNK_PROFILE:-}" = release ] && profile=release
target="${CARGO_TARGET_DIR:-$src/target}"
split_tool="${DOORSTEP_WASM_SPLIT:-$target/tools/release/doorstep-wasm-split}"
[ -x "$split_tool" ] || { echo "post-build: $split_tool missing: run scripts/install-tools.sh rust" >&2; exit 1; }
glue=$(basename "$(ls "$dir"/doorstep-*.js | head -n1)" .js)
work=$(mktemp -d)
"$split_tool" "$target/wasm32-unknown-unknown/$profile/doorstep.wasm" "$work/split" "$work/main.wasm" "./$glue.js" > "$work/modules"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$work/bindgen" --out-name "$glue" "$work/main.wasm"
place() {
  if [ "$profile" = release ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --strip-debug --strip-producers "$1" -o "$2"
  else
    cp "$1" "$2"
  fi
}
place "$work/bindgen/${glue}_bg.wasm" "$dir/${glue}_bg.wasm"
cp "$work/bindgen/$glue.js" "$dir/$glue.js"
while read -r module; do
  place "$module" "$dir/$(basename "$module")"
done < "$work/modules"
cp "$work"/split/__wasm_split*.js "$work"/split/split-manifest.json "$dir/"
rm -rf "$work"
# The photo worker, fetched only when a photo is picked (minified in a release), is named by its
# content too, written into the wasm in place of a name of the same length — before the split
# modules are named by theirs, so that a module naming another worker is another module.
if [ "${TRUNK_PROFILE:-}" = release ]; then
  "$src/node_modules/.bin/terser" "$dir/photo.js" --compress passes=2 --mangle -o "$dir/photo.js"
fi
photo="photo-$(sha256sum "$dir/photo.js" | cut -c1-12).js"
mv "$dir/photo.js" "$dir/$photo"
perl -0777 -pi -e "s/photo-____________\.js/$photo/g" "$dir"/*.wasm
grep -q -F "$photo" "$dir"/*.wasm || { echo "post-build: no wasm names the photo worker" >&2; exit 1; }
# Trunk named the glue and the main wasm by the wasm Cargo linked; what this hook writes into them
# also depends on the photo worker, this hook's scripts and the tools they run. Renamed by all of
# these (a name of the same length, replaced wherever it is written: the page, the glue, the wasm's
# imports, the split loader), a build that changes any of them never serves new bytes under a name
# a phone or a proxy keeps for good.
inputs=$( {
  echo "$glue"
  cat "$dir/$photo" "$src/scripts/post-build.sh" "$src/scripts/short-imports.mjs" "$src"/tools/wasm-split/src/*.rs "$src/tools/wasm-split/Cargo.lock"
  wasm-bindgen --version
  if [ "$profile" = release ]; then wasm-opt --version; grep '"version"' "$src/node_modules/terser/package.json"; fi
} | sha256sum | cut -c1-16)
# As long as trunk's name (its hash is written without leading zeros: 15 hex digits one build in
# sixteen), since the wasm holds the name as a length-prefixed string, replaced in place.
renamed="doorstep-${inputs:0:$(( ${#glue} - 9 ))}"
[ ${#renamed} -eq ${#glue} ] || { echo "post-build: cannot rename $glue in place" >&2; exit 1; }
mv "$dir/$glue.js" "$dir/$renamed.js"
mv "$dir/${glue}_bg.wasm" "$dir/${renamed}_bg.wasm"
perl -0777 -pi -e "s/\Q$glue\E/$renamed/g" "$dir/index.html" "$dir/$renamed.js" "$dir/${renamed}_bg.wasm" "$dir"/__wasm_split*.js
glue=$renamed
# Every split module and shared chunk is named by its content (`chunk_12-<hash>.wasm`), and so is
# the loader that names them (the glue and the main wasm import it by a name of fixed length,
# replaced in place): a page of one build never loads a piece of another, and a host may cache
# them for good (deploy/nginx.conf). The split modules' manifest follows the new names.
loader="$dir/__wasm_split.______________________.js"
for f in "$dir"/split_*.wasm "$dir"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  base=$(basename "$f" .wasm)
  hash=$(sha256sum "$f" | cut -c1-12)
  mv "$f" "$dir/$base-$hash.wasm"
  sed -i "s#\"\./$base\.wasm\"#\"./$base-$hash.wasm\"#g" "$loader"
  sed -i "s#\"$base\.wasm\"#\"$base-$hash.wasm\"#g" "$dir/split-manifest.json"
done
named="__wasm_split.$(sha256sum "$loader" | cut -c1-22).js"
perl -0777 -pi -e "s/__wasm_split\.______________________\.js/$named/g" "$dir/$glue.js" "$dir/${glue}_bg.wasm"
mv "$loader" "$dir/$named"

cargo run --quiet --bin prerender -- "$dir" "$src/style/main.css"
if [ "${TRUNK_PROFILE:-}" = release ]; then
  # wasm-bindgen's glue and the split loader come out readable; minified they are smaller over the
  # wire (1.8 KB and 0.9 KB).
  for js in "$dir"/doorstep-*.js "$dir"/__wasm_split*.js; do
    "$src/node_modules/.bin/terser" "$js" --module --compress passes=2 --mangle -o "$js"
  done
  # The names the wasm imports the glue's functions by, shortened in both (6.6 KB brotli: each
  # carried a 16-hex-digit hash, twice).
  node "$src/scripts/short-imports.mjs" "$dir/${glue}_bg.wasm" "$dir/$glue.js"
  # The service worker too, once its file list is written (a first visit downloads it); its
  # top-level names are its own (a worker shares its global scope with no other script).
  "$src/node_modules/.bin/terser" "$dir/sw.js" --toplevel --compress passes=2 --mangle -o "$dir/sw.js"
  for f in "$dir"/*; do
    # config.json is edited by each deployment: a precompressed copy would go stale and win.
    case "$f" in *.br | *.gz | */config.json) continue ;; esac
    [ -f "$f" ] || continue
    brotli -q 11 -f -k -o "$f.br" "$f"
    gzip -9 -n -k -f "$f"
  done
fi

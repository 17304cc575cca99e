//! A QR code drawn on the phone as SVG: no image service sees what it encodes.

use leptos::prelude::*;

/// The dark modules of `text` as one SVG path, with the side length (quiet zone included); none
/// if the text is too long for a QR code.
pub fn qr_path(text: &str) -> Option<(String, i32)> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let quiet = 4;
    let mut d = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                d.push_str(&format!("M{},{}h1v1h-1z", x + quiet, y + quiet));
            }
        }
    }
    Some((d, code.size() + 2 * quiet))
}

/// `text` as a QR code, `label` its accessible name.
#[component]
pub fn QrCode(text: String, #[prop(into)] label: Signal<String>) -> impl IntoView {
    qr_path(&text).map(|(d, side)| {
        let view_box = format!("0 0 {side} {side}");
        view! {
            <svg class="qr" viewBox=view_box role="img" aria-label=move || label.get() shape-rendering="crispEdges">
                <rect width="100%" height="100%" fill="#fff"></rect>
                <path d=d fill="#000"></path>
            </svg>
        }
    })
}

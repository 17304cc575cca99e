//! Photos: how many a request takes, how big what leaves the phone may be, and which addresses of
//! a photo are shown. The pixels themselves are the browser's business (its decoders, in a
//! worker: `public/photo.js`); these are the rules it is given.

use serde::{Deserialize, Serialize};

/// The most photos a request takes (a backend may say fewer).
pub const MAX_PHOTOS: usize = 4;
/// The longest side of what is uploaded, in pixels.
pub const LONGEST_SIDE: u32 = 1600;
/// What one uploaded photo may weigh.
pub const TARGET_BYTES: u32 = 400_000;
/// The largest file read at all (a phone's camera writes 3–12 MB; a 50 MB file is not a photo).
pub const MAX_FILE_BYTES: u32 = 30_000_000;
/// The most pixels decoded (a 108-megapixel camera's full frame; 20000×20000 would need 1.6 GB).
pub const MAX_PIXELS: u64 = 50_000_000;
/// JPEG qualities tried in turn until the photo fits `TARGET_BYTES`.
pub const QUALITIES: [f64; 5] = [0.82, 0.72, 0.62, 0.5, 0.4];
/// The longest photo address read from a backend.
pub const URL_MAX: usize = 2048;
/// The most photos read from a backend for one request.
pub const READ_MAX: usize = 12;

/// The size a `width`×`height` image is scaled to: longest side at most `LONGEST_SIDE`, the
/// proportions kept, never enlarged, never below one pixel.
pub fn fitted(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= LONGEST_SIDE || width == 0 || height == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| ((u64::from(side) * u64::from(LONGEST_SIDE) + u64::from(longest) / 2) / u64::from(longest)).max(1) as u32;
    (scale(width), scale(height))
}

/// Why a chosen file is not attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    /// Not an image at all (a document, a video).
    NotImage,
    /// An image that cannot be read (cut short, damaged).
    Unreadable,
    /// A format this browser cannot open (HEIC on most browsers but Safari).
    Heic,
    /// The file is larger than `MAX_FILE_BYTES`.
    FileTooLarge,
    /// More pixels than `MAX_PIXELS`.
    TooManyPixels,
    /// No more photos fit on this request.
    TooMany,
    /// Even at the lowest quality it weighs more than `TARGET_BYTES`.
    StillTooLarge,
    /// The phone could not keep it.
    NotKept,
    /// Preparing it took longer than `PREPARE_SECONDS` (a phone short of memory, a huge picture).
    TooSlow,
    /// The photo worker stopped (it could not start, or it failed): nothing was attached.
    Failed,
}

/// The longest a photo may take to be read or re-encoded before the page gives up on it.
pub const PREPARE_SECONDS: u32 = 30;

impl PhotoProblem {
    /// The worker's word for a problem (`public/photo.js`).
    pub fn from_worker(word: &str) -> Self {
        match word {
            "not-image" => PhotoProblem::NotImage,
            "heic" => PhotoProblem::Heic,
            "file-too-large" => PhotoProblem::FileTooLarge,
            "too-many-pixels" => PhotoProblem::TooManyPixels,
            "still-too-large" => PhotoProblem::StillTooLarge,
            "timeout" => PhotoProblem::TooSlow,
            "unavailable" | "failed" => PhotoProblem::Failed,
            _ => PhotoProblem::Unreadable,
        }
    }
}

/// A photo of a request as a backend reports it: where to fetch it, and whether the office took it
/// (the "after" picture) or the resident did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub url: String,
    #[serde(default)]
    pub by_office: bool,
}

/// The prefix of a photo kept on this phone (the demo office's, and one not yet uploaded).
pub const ON_PHONE: &str = "phone:";

impl Photo {
    /// A photo address from outside, if it is one this app shows: `https://` or `http://`, or a
    /// photo on this phone; bounded, with no spaces, quotes or controls.
    pub fn from_backend(url: &str, by_office: bool) -> Option<Photo> {
        let url = url.trim();
        let scheme_ok = ["https://", "http://", ON_PHONE]
            .iter()
            .any(|p| url.len() > p.len() && url.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p)));
        let chars_ok = !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\'));
        (scheme_ok && chars_ok && url.len() <= URL_MAX).then(|| Photo { url: url.to_string(), by_office })
    }

    /// The id of a photo kept on this phone.
    pub fn on_phone(&self) -> Option<&str> {
        self.url.strip_prefix(ON_PHONE)
    }
}

/// A photo attached to a request being sent: the id it has on this phone, and its address at the
/// office once uploaded (then it is never uploaded again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attached {
    pub local: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// Moves the photo at `from` one place earlier (`earlier`) or later; out of range does nothing.
pub fn move_photo<T>(photos: &mut [T], from: usize, earlier: bool) {
    let to = if earlier { from.checked_sub(1) } else { from.checked_add(1) };
    if let Some(to) = to.filter(|t| *t < photos.len() && from < photos.len()) {
        photos.swap(from, to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_photos_shrink_to_the_longest_side_small_ones_stay() {
        assert_eq!(fitted(4032, 3024), (1600, 1200));
        assert_eq!(fitted(3024, 4032), (1200, 1600));
        assert_eq!(fitted(1600, 900), (1600, 900));
        assert_eq!(fitted(640, 480), (640, 480));
        assert_eq!(fitted(20000, 1), (1600, 1));
        assert_eq!(fitted(0, 0), (1, 1));
        assert_eq!(fitted(u32::MAX, u32::MAX), (1600, 1600));
    }

    #[test]
    fn the_rules_hold_together() {
        assert!(QUALITIES.windows(2).all(|w| w[0] > w[1]));
        // A 12-megapixel photo's pixels fit, a 20000×20000 one's do not.
        // A 48-megapixel phone camera fits; a 20000×20000 picture (1.6 GB decoded) does not.
        assert!(8000 * 6000 <= MAX_PIXELS && 20000 * 20000 > MAX_PIXELS);
        assert!(u64::from(TARGET_BYTES) < u64::from(MAX_FILE_BYTES));
    }

    #[test]
    fn photo_addresses_from_outside_are_checked() {
        assert!(Photo::from_backend("https://office.example/p/1.jpg", false).is_some());
        assert!(Photo::from_backend(" HTTP://x.example/a ", true).is_some_and(|p| p.url == "HTTP://x.example/a" && p.by_office));
        assert_eq!(Photo::from_backend("phone:abc", false).and_then(|p| p.on_phone().map(str::to_owned)), Some("abc".into()));
        for bad in ["/demo/after.svg", "javascript:alert(1)", "data:image/png;base64,AA", "//evil.example/x", "https://", "https://a b", "https://x/\"onerror=", "ftp://x/y", ""] {
            assert!(Photo::from_backend(bad, false).is_none(), "{bad}");
        }
        assert!(Photo::from_backend(&format!("https://x/{}", "a".repeat(URL_MAX)), false).is_none());
    }

    #[test]
    fn photos_move_within_the_list() {
        let mut v = vec![1, 2, 3];
        move_photo(&mut v, 0, true);
        assert_eq!(v, [1, 2, 3]);
        move_photo(&mut v, 0, false);
        assert_eq!(v, [2, 1, 3]);
        move_photo(&mut v, 2, false);
        assert_eq!(v, [2, 1, 3]);
        move_photo(&mut v, 2, true);
        assert_eq!(v, [2, 3, 1]);
        move_photo(&mut v, 9, true);
        assert_eq!(v, [2, 3, 1]);
    }

    #[test]
    fn worker_words_map_to_problems() {
        assert_eq!(PhotoProblem::from_worker("heic"), PhotoProblem::Heic);
        assert_eq!(PhotoProblem::from_worker("not-image"), PhotoProblem::NotImage);
        assert_eq!(PhotoProblem::from_worker("anything else"), PhotoProblem::Unreadable);
        assert_eq!(PhotoProblem::from_worker("timeout"), PhotoProblem::TooSlow);
        assert_eq!(PhotoProblem::from_worker("failed"), PhotoProblem::Failed);
    }
}

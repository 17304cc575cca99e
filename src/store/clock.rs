//! The phone clock's era, kept across starts: each start begins a new one (a clock set while the
//! app was closed cannot be seen, so a difference learnt before is never carried over). Eras of
//! one start leave room for the jumps the page sees while it runs (`backend::clock`).

use super::local;

const KEY: &str = "clock.era";

/// This start's era (and kept, for the next start to go beyond).
pub fn next_era() -> u32 {
    let era = local::read::<u32>(KEY).ok().flatten().unwrap_or(0).wrapping_add(1000);
    let _ = local::write(KEY, &era);
    era
}

//! Doorstep: raise a request to the street office, follow it, rate it.

pub mod backend;
pub mod i18n;
pub mod model;

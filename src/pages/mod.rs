//! One page per route. The new-request form's field specs are plain data, also compiled for the
//! host (the page before the app is rendered from them at build time).

pub mod new_request;

#[cfg(target_arch = "wasm32")]
mod lookup;
#[cfg(target_arch = "wasm32")]
mod my_requests;
#[cfg(target_arch = "wasm32")]
mod not_found;
#[cfg(target_arch = "wasm32")]
mod people;
#[cfg(target_arch = "wasm32")]
mod request;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg(target_arch = "wasm32")]
mod submitted;

#[cfg(target_arch = "wasm32")]
pub use lookup::LookupPage;
#[cfg(target_arch = "wasm32")]
pub use my_requests::MyRequestsPage;
#[cfg(target_arch = "wasm32")]
pub use new_request::NewRequestPage;
#[cfg(target_arch = "wasm32")]
pub use not_found::NotFoundPage;
#[cfg(target_arch = "wasm32")]
pub use people::PeoplePage;
#[cfg(target_arch = "wasm32")]
pub use request::RequestPage;
#[cfg(target_arch = "wasm32")]
pub use settings::SettingsPage;
#[cfg(target_arch = "wasm32")]
pub use submitted::SubmittedPage;

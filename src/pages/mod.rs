//! One page per route.

mod lookup;
mod my_requests;
mod new_request;
mod not_found;
mod request;
mod submitted;

pub use lookup::LookupPage;
pub use my_requests::MyRequestsPage;
pub use new_request::NewRequestPage;
pub use not_found::NotFoundPage;
pub use request::RequestPage;
pub use submitted::SubmittedPage;

//! Shared widgets and the page frame.
pub mod form;
pub mod home;
pub mod layout;
pub mod time;

#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod plain;

//! Shared widgets and the page frame.
pub mod form;
pub mod home;
pub mod layout;
pub mod time;
pub mod typed;

#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod plain;

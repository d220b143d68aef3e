//! Accounts managed by the office: create, edit role/title/unit/phone, deactivate, reset
//! the password.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

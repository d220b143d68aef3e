//! Villages and their groups (村民小组), managed by the office.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

//! The household registry (农户): villages' households, their members, tags and the cadres
//! assigned to them, with search, a detail page and spreadsheet import.
pub mod api;
pub mod clashes;
pub mod import;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod merge;

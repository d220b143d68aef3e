//! Poor-household pairing (结对帮扶): which cadre helps which poor household, the quota each
//! post must meet, and the five difficulties (五难) of each household tracked to resolution
//! through help-plan items in the ledger.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

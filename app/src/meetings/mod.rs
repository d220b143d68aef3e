//! The monthly dispatch meeting (调度会) of the leading group: its agenda is the feedback not
//! yet triaged (by category), the ledger items not yet assigned, overdue or due soon; each
//! decision assigns an owner and a deadline or records what was decided; minutes print on A4.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

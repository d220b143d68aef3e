//! The ledger (民情台账): petitions, disputes, hazards, proxy services, commitments and
//! help-plan items, each with an owner (包案人), a deadline (完成时限), a status machine and an
//! append-only log. Items come from a visit's problems (through the phone's outbox), from
//! feedback at the dispatch meeting, from a service-day reception, or are written directly.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

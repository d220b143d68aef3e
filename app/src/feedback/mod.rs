//! Villagers' feedback (意见反馈表): sent from a liaison card's public page or written down by
//! a cadre (offline, through the phone's outbox); lands in the office's inbox, gets a receipt
//! code and a public status page. Conduct complaints never reach the cadre they concern.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

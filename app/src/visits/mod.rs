//! The visit diary (民情日记) and its exactly-once sync (DESIGN.md §3). This part is the
//! server's side: the phone's outbox and screens come with the offline work.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

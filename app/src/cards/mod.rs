//! Liaison cards (便民联系卡): the office issues, revokes, reissues and hands over cards, prints
//! them with their QR codes, and villagers open the card's public page (DESIGN.md §3).
pub mod api;
pub mod model;
pub mod pages;
pub mod print;

#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod public;

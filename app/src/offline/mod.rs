//! The phone side of offline work (DESIGN.md §4): IndexedDB storage, the outbox and its sync
//! engine, and the service worker's update prompt.
pub mod engine;
pub mod model;
pub mod photo_store;
pub mod store;
pub mod ui;

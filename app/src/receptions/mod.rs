//! Service days (便民服务日, the 6th and 7th of each month): who came, about what, what was
//! done; each matter becomes a ledger item in one tap. The home page reminds the day before.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

//! 科技服务包 (三(一)2 四): the office's library of policy, technology and law material that
//! every phone keeps for reading with no signal; and 代购, the goods a cadre buys on a
//! villager's behalf, asked, delivered and confirmed from the phone, offline, in whole fen.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;

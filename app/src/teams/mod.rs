//! The programme's structure (三(一)1 一, 四): the leading group, each village's liaison team
//! with its 第一书记 (history kept; while a village is 整顿中 its team stays put unless a
//! leader confirms a move with a reason), and the town's leadership the card lists.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

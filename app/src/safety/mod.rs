//! 帮化矛盾隐患 (三(二)3): screening rounds for disputes and hazards with the town's and the
//! village's cadres, each finding a 台账 item exactly once; and safety publicity sessions.
//! Both are made in the village, offline, through the records envelope.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;

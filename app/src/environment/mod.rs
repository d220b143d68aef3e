//! 帮改村容村貌 (三(二)4): the monthly clean-up with the bureau's militia unit (offline, through
//! the records envelope), the three-year greening, beautifying and lighting programme's
//! milestones, the households' works (改水、改厕、改灶、危房改造、太阳能、沼气), the 村规民约's
//! versions and the sanitation crew with its routine.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;

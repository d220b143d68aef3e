//! The obligations calendar (DESIGN §9.1): the plan's recurring duties as versioned rules the
//! office adjusts, and whether each village, person or the bureau met them, month by month,
//! derived from the records of the capabilities that own them (meetings, service days,
//! visits, assignments). Shown on `/obligations`, on home pages (due this week) and in the
//! summary.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

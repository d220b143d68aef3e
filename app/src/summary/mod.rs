//! The leadership's summary (visit coverage, feedback, overdue items, commitments, pairing,
//! service days, data still on phones, 12-month trends), the monthly report for the dispatch
//! meeting, and the ledger exports (XLSX in ledger layout, CSV for Excel). Figures and pages
//! are computed and drawn on the server; the browser only shows them.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
mod chart;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
mod render;
#[cfg(feature = "ssr")]
mod sheet;
#[cfg(feature = "ssr")]
mod xlsx;

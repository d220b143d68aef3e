//! 帮扶组织建设 (三(二)1 "三个抓"): the village's two committees (两委) with their history and
//! training (教育培训), the branch's organisational life (三会一课, the half-yearly 组织生活会,
//! the team's 党课, the yearly 民主评议党员), the 四议两公开 decision procedure, and the activity
//! venue (活动场所) with its funds. Meetings and trainings are written on the phone with no
//! signal (`/organisation/new`, through the outbox); the rest on the village page
//! (`/villages/:id`).
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

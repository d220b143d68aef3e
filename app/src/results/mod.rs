//! Results and rewards (创好工作业绩, 三(一)1 五; 补助和奖励, 四): each village's achievements
//! with their evidence, and each person's year computed from the records, on which the
//! leading group decides. Shown and printed at `/results`.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

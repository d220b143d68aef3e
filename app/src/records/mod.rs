//! Records of the four helps (四帮扶) made in the village on a phone: 三会一课 and 组织生活会,
//! 教育培训, 衔接汇报 (DESIGN.md §9.2). What they share: the phone's UUIDv7 as key, the content
//! hash, the exactly-once answers of §3, the village and the record's own date (which the
//! obligations calendar counts), and the rule of who may see a village's work. Each kind's
//! own fields belong to its capability (`organisation`, `economy`).
pub mod api;
pub mod model;

#[cfg(feature = "ssr")]
pub mod db;

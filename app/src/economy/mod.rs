//! 帮谋经济发展 (三(二)2 "三个谋"): the village development plan (谋发展规划, versions kept, its
//! four areas and the collective economy's plan), projects and funds (谋跑项争资, with the
//! liaison report trips made on the phone), and the collective's yearly income (谋集体经济).
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;

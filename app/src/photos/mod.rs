//! Photos taken in the village (issue 20): the proof field work is made of — the house before
//! and after repair, the cleared ditch, the delivered goods. The phone makes each photo light
//! (about 1,600 px, JPEG, no location), keeps it in IndexedDB beside its draft, and sends it in
//! parts that resume where they stopped; a record is pushed only once the server holds all
//! its photos byte for byte (SHA-256), and then names them. The bytes live in the database
//! the app runs on, so `shugen backup` and the restore drill carry them; they are served only
//! to who may see their record, never cached, with a thumbnail made once on the server.
pub mod api;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod image;

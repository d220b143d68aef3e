//! Integration tests: one binary, each test with its own server and database.
mod audit;
mod auth;
mod backup;
mod cards;
mod feedback;
mod helpers;
mod households;
mod http;
mod import;
mod ledger;
mod matrix;
mod merge;
mod structure;
mod summary;
mod surface;
mod sync;
mod users;

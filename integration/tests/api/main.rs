//! Integration tests: one binary, each test with its own server and database.
mod auth;
mod backup;
mod cards;
mod feedback;
mod helpers;
mod households;
mod http;
mod ledger;
mod merge;
mod summary;
mod sync;
mod users;

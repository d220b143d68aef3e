//! The visit diary's screens: the offline form, my visits with their on-phone status, and a
//! household's timeline. The first two are offline routes (DESIGN.md §4): the server renders
//! a shell without data and the page fills from the phone's storage after hydration.
mod form;
mod household;
mod mine;
mod timeline;

pub use form::VisitFormPage;
pub use household::OfflineHouseholdPage;
pub use mine::MyVisitsPage;
pub use timeline::{Timeline, VisitTimeline};

//! The organisation's screens: the village-record form that works with no signal
//! (`/organisation/new`), and the village page (`/villages/:id`) with the four helps' records.
mod capture;
mod village;

pub use capture::WorkCapturePage;
pub use village::{VillagePage, VillagesCard};

//! Feedback screens: the inbox and one item (with the office's reply), and the cadre's
//! offline form for feedback heard on a visit or at a service-day reception.
mod capture;
mod inbox;

pub use capture::FeedbackCapturePage;
pub use inbox::{FeedbackDetailPage, FeedbackListPage};

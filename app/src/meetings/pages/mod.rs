//! Meeting screens: the list with a new meeting, the meeting (agenda and decisions), and the
//! printable minutes.
mod agenda;
mod list;
mod minutes;

pub use agenda::MeetingPage;
pub use list::MeetingsPage;
pub use minutes::MinutesPage;

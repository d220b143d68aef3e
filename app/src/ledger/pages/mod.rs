//! Ledger screens: the lists (mine, overdue, due soon, to assign, all), a new item, and one
//! item with its log and the steps this user may take.
mod item;
mod list;
mod new;

pub use item::ItemPage;
pub use list::{DueTag, ItemLine, LedgerPage};
pub use new::NewItemPage;

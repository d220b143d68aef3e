//! A sheet as every export format takes it: columns, then rows of cells. The formats
//! (`xlsx`, CSV in `export`) read these types and know nothing of the datasets.
use chrono::{DateTime, NaiveDate, Utc};

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Date(NaiveDate),
    /// Shown in Beijing time.
    Time(DateTime<Utc>),
    Empty,
}

impl Cell {
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub(crate) fn opt_date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }
    pub(crate) fn yes_no(b: bool) -> Cell {
        Cell::text(if b { "是" } else { "否" })
    }
}

/// A column of a sheet: its header (Chinese, as the ledgers print it) and width.
pub struct Column {
    pub header: &'static str,
    /// Excel column width in characters.
    pub width: u8,
}

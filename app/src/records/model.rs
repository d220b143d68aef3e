//! The envelope every village record shares, and the 台账 line both capabilities export.
use crate::i18n::Msg;
use crate::model::VisitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The payload version of the four helps' records; new fields always get defaults.
pub const WORK_SCHEMA: u32 = 1;

/// A phone's batch of one kind of record (`POST /api/sync/<kind>`), as for visits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkBatch<T> {
    pub schema: u32,
    #[serde(default)]
    pub device: String,
    pub items: Vec<T>,
}

crate::code_enum! {
    /// The kinds of record made in the village, each with its own endpoint.
    pub enum WorkKind {
        BranchMeeting = "branch_meeting" => WorkBranchMeeting,
        Training = "training" => WorkTraining,
        ReportTrip = "report_trip" => WorkReportTrip,
        Screening = "screening" => WorkScreening,
        Publicity = "publicity" => WorkPublicity,
        Cleanup = "cleanup" => WorkCleanup,
        Purchase = "purchase" => WorkPurchase,
        PurchaseUpdate = "purchase_update" => WorkPurchaseUpdate,
    }
}

/// What every record names: its id, village and own day. A record about one household
/// (代购) names the household instead: the server reads its village, and who may send it is
/// who may see the household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub id: VisitId,
    pub village: i64,
    pub on: NaiveDate,
    pub household: Option<i64>,
}

impl Envelope {
    /// The envelope of a record about a village.
    pub fn village(id: VisitId, village: i64, on: NaiveDate) -> Self {
        Envelope {
            id,
            village,
            on,
            household: None,
        }
    }

    /// The envelope of a record about a household; its village is read on the server.
    pub fn household(id: VisitId, household: i64, on: NaiveDate) -> Self {
        Envelope {
            id,
            village: 0,
            on,
            household: Some(household),
        }
    }
}

/// A new record as its kind's table stores it: the id, the village (read from the household
/// for a household's record), who sent it and when it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub id: &'a str,
    pub village: i64,
    pub by: i64,
    pub at: DateTime<Utc>,
}

/// How far ahead of the server's day a record's own date may be: a phone's clock a day off.
pub const DAYS_AHEAD: i64 = 1;

/// A record's day as the phone sends it (`YYYY-MM-DD`), no more than a day ahead of `today`.
pub fn record_day(raw: &str, today: NaiveDate) -> Result<NaiveDate, Msg> {
    let d = parse_day(raw)?;
    if d > today + chrono::Duration::days(DAYS_AHEAD) {
        return Err(Msg::ValDayAhead);
    }
    Ok(d)
}

/// A day as typed (`YYYY-MM-DD`, full-width digits, `／` `.` or 年月日), from 2016 on, past or
/// future (a plan's due day).
pub fn parse_day(raw: &str) -> Result<NaiveDate, Msg> {
    // Full-width digits and the separators a Chinese keyboard or Excel leaves (／, ., 年月日).
    let s: String = raw
        .trim()
        .chars()
        .map(crate::normalize::half_width)
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    let d = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| Msg::ValDate)?;
    let first = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap_or(NaiveDate::MAX);
    if d < first || d > last {
        return Err(Msg::ValDate);
    }
    Ok(d)
}

/// A count typed on a phone (full-width digits allowed): 0 to `max`.
pub fn count(raw: &str, max: i64) -> Result<i64, Msg> {
    let s: String = raw
        .chars()
        .map(crate::normalize::half_width)
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let s = s.strip_suffix('人').unwrap_or(&s);
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(Msg::ValCount);
    }
    s.parse::<i64>()
        .ok()
        .filter(|n| (0..=max).contains(n))
        .ok_or(Msg::ValCount)
}

/// A form's hidden village id; a bad one is the `village` field's problem (and 0).
pub fn form_village(raw: &str, errors: &mut Vec<crate::error::FieldError>) -> i64 {
    crate::normalize::identifier(raw)
        .parse::<i64>()
        .unwrap_or_else(|_| {
            errors.push(crate::error::FieldError::new("village", Msg::ValChoice));
            0
        })
}

/// One line of the four helps' 台账 export: its sheet, village, date and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    /// The sheet's name (Chinese: the 台账 is the county's paper).
    pub sheet: &'static str,
    pub village: String,
    pub kind: String,
    pub on: Option<NaiveDate>,
    pub subject: String,
    pub detail: String,
    /// Money, whole fen.
    pub amount_fen: Option<i64>,
    pub by: String,
    /// The record's id, when the line is one record (its photos are counted by it).
    pub record: String,
}

impl LedgerLine {
    /// An empty line of `sheet` for `village`, to fill with struct update syntax.
    pub fn new(sheet: &'static str, village: &str) -> Self {
        LedgerLine {
            sheet,
            village: village.to_string(),
            kind: String::new(),
            on: None,
            subject: String::new(),
            detail: String::new(),
            amount_fen: None,
            by: String::new(),
            record: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_day_may_be_one_day_ahead_at_most() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            record_day("2026-12-01", today),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        );
        assert_eq!(record_day("2026-12-02", today), Err(Msg::ValDayAhead));
        assert_eq!(
            record_day("２０２６-１１-０３", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap())
        );
        assert_eq!(
            record_day("2026年11月3日", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap())
        );
        assert_eq!(record_day("", today), Err(Msg::ValDate));
        assert_eq!(record_day("2015-12-31", today), Err(Msg::ValDate));
        assert_eq!(count("１２", 999), Ok(12));
        assert_eq!(count("23人", 999), Ok(23));
        assert_eq!(count("", 999), Err(Msg::ValCount));
        assert_eq!(count("-1", 999), Err(Msg::ValCount));
        assert_eq!(count("1000", 999), Err(Msg::ValCount));
    }
}

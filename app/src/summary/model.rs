//! The leadership's summary: which month and village it is about, and its figures. Months are
//! Beijing months, whatever the server's zone.
use crate::error::AppError;
use crate::feedback::model::Category;
use crate::i18n::Msg;
use crate::pairing::model::QuotaRow;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `2026-11`; years the programme can have run in only.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        ((2000..=2100).contains(&year) && (1..=12).contains(&month) && y.len() == 4)
            .then_some(Month { year, month })
    }

    /// The Beijing month `t` falls in.
    pub fn of(t: DateTime<Utc>) -> Month {
        let (year, month) = crate::ui::time::month_of(t);
        Month { year, month }
    }

    pub fn code(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn prev(self) -> Month {
        match self.month {
            1 => Month {
                year: self.year - 1,
                month: 12,
            },
            m => Month {
                year: self.year,
                month: m - 1,
            },
        }
    }

    pub fn next(self) -> Month {
        match self.month {
            12 => Month {
                year: self.year + 1,
                month: 1,
            },
            m => Month {
                year: self.year,
                month: m + 1,
            },
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    /// The month as an instant range `[start, end)`: Beijing midnight of its first day to
    /// Beijing midnight of the next month's.
    pub fn bounds(self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |m: Month| crate::ui::time::day_start(m.first_day());
        (start(self), start(self.next()))
    }

    /// The twelve months ending with this one, oldest first.
    pub fn last_twelve(self) -> Vec<Month> {
        let mut out = vec![self];
        for _ in 0..11 {
            let m = out[out.len() - 1].prev();
            out.push(m);
        }
        out.reverse();
        out
    }

    /// `2026年11月` / `Nov 2026`
    pub fn label(self, zh: bool) -> String {
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        if zh {
            format!("{}年{}月", self.year, self.month)
        } else {
            format!("{} {}", EN[(self.month - 1) as usize], self.year)
        }
    }
}

/// What a summary, report or export is about. Parsed from the page's query: an empty month
/// is this month, an empty village all villages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub month: Month,
    pub village: Option<i64>,
}

impl Filter {
    pub fn parse(month: &str, village: &str, now: DateTime<Utc>) -> Result<Filter, AppError> {
        let month = match month.trim() {
            "" => Month::of(now),
            m => Month::parse(m).ok_or_else(|| AppError::invalid("month", Msg::ValMonth))?,
        };
        let village = match village.trim() {
            "" => None,
            v => Some(
                v.parse::<i64>()
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| AppError::invalid("village", Msg::ValChoice))?,
            ),
        };
        Ok(Filter { month, village })
    }

    /// The query string that reproduces this filter, for links between summary, report and
    /// exports.
    pub fn query(&self) -> String {
        match self.village {
            Some(v) => format!("month={}&village={v}", self.month.code()),
            None => format!("month={}", self.month.code()),
        }
    }
}

/// Households visited of those assigned: one cadre's, or one village's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub name: String,
    pub assigned: i64,
    pub visited: i64,
    pub visits: i64,
}

impl Coverage {
    /// Whole percent, rounded down so that "100%" means every household.
    pub fn percent(&self) -> Option<i64> {
        (self.assigned > 0).then(|| self.visited * 100 / self.assigned)
    }
}

/// Feedback received in the month in one category, by its status now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub category: Category,
    /// new, accepted, in progress, resolved (`feedback::model::Status::ALL` order).
    pub by_status: [i64; 4],
}

impl CategoryRow {
    pub fn total(&self) -> i64 {
        self.by_status.iter().sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerOverdue {
    pub owner: String,
    pub count: i64,
    /// Days past the earliest deadline among them.
    pub worst_days: i64,
}

/// Commitments (承诺事项): made in the month, reported done in the month (and how many of
/// those after their deadline), and, as of today, open and overdue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitments {
    pub made: i64,
    pub kept: i64,
    pub kept_late: i64,
    pub open: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receptions {
    pub count: i64,
    pub to_ledger: i64,
    /// Receptions per day that had any.
    pub days: Vec<(NaiveDate, i64)>,
}

/// A person's phones as they reported at their last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneReport {
    pub name: String,
    /// None: no phone of theirs has synced (or only builds that do not report).
    pub last_sync: Option<DateTime<Utc>>,
    pub waiting: i64,
    pub devices: i64,
}

/// A phone unheard of for this many days is worth a call.
pub const STALE_SYNC_DAYS: i64 = 7;

impl PhoneReport {
    pub fn stale(&self, now: DateTime<Utc>) -> bool {
        self.last_sync
            .is_none_or(|t| now - t > Duration::days(STALE_SYNC_DAYS))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub month: Month,
    pub visits: i64,
    pub feedback: i64,
    /// Ledger items closed (销号) in the month.
    pub closed: i64,
}

/// Everything the summary page and the monthly report show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub filter: Filter,
    pub village_name: Option<String>,
    pub villages: Vec<(i64, String)>,
    pub generated_at: DateTime<Utc>,
    pub today: NaiveDate,
    pub by_village: Vec<Coverage>,
    pub by_cadre: Vec<Coverage>,
    /// People with households assigned and no visit to them in the month.
    pub idle: Vec<String>,
    pub feedback: Vec<CategoryRow>,
    /// Feedback resolved in the month, and the median days from the villager raising it to
    /// its resolution.
    pub resolved: i64,
    pub median_days: Option<f64>,
    pub overdue: Vec<OwnerOverdue>,
    pub commitments: Commitments,
    pub quota: Vec<QuotaRow>,
    pub receptions: Receptions,
    pub phones: Vec<PhoneReport>,
    pub trend: Vec<TrendPoint>,
    /// The month's obligations (履职日历): one line per obligation.
    #[serde(default)]
    pub compliance: Vec<ComplianceLine>,
    /// 便民联系卡 handed out per village (联系卡已发放 on a visit), by the month's end.
    #[serde(default)]
    pub cards_given: Vec<CardCoverage>,
    /// The photos the office chose for the report among those stored in the month: (its
    /// village's name, the photo).
    #[serde(default)]
    pub photos: Vec<(String, crate::photos::model::PhotoView)>,
}

/// One obligation over the month: how many of its instances are done, and who or what is
/// not (the bureau, villages, people).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceLine {
    pub title: String,
    pub done: usize,
    pub total: usize,
    /// Those not done, with the state word's code (due, overdue, missed).
    pub open: Vec<(String, crate::obligations::model::State)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardCoverage {
    pub village: String,
    pub households: i64,
    pub given: i64,
}

impl Summary {
    /// All villages in scope together.
    pub fn coverage(&self) -> Coverage {
        Coverage {
            name: String::new(),
            assigned: self.by_village.iter().map(|c| c.assigned).sum(),
            visited: self.by_village.iter().map(|c| c.visited).sum(),
            visits: self.by_village.iter().map(|c| c.visits).sum(),
        }
    }

    pub fn feedback_total(&self) -> i64 {
        self.feedback.iter().map(CategoryRow::total).sum()
    }

    pub fn overdue_total(&self) -> i64 {
        self.overdue.iter().map(|o| o.count).sum()
    }

    pub fn short(&self) -> Vec<&QuotaRow> {
        self.quota.iter().filter(|q| q.short() > 0).collect()
    }

    pub fn waiting_total(&self) -> i64 {
        self.phones.iter().map(|p| p.waiting).sum()
    }
}

/// The middle value (the mean of the two middle ones for an even count); None when empty.
pub fn median(mut xs: Vec<f64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    })
}

/// Days between two instants, as a fraction.
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds().max(0) as f64 / 86_400.0
}

crate::code_enum! {
    by_name:
    /// What may be exported, and its file name.
    pub enum Dataset {
        Households = "households",
        Visits = "visits",
        Ledger = "ledger",
        Feedback = "feedback",
        /// The obligations calendar's month: every instance and its state.
        Compliance = "compliance",
        /// The four helps' 台账 (三(二)1–2): committees, meetings, appraisals, decisions, venue,
        /// plan, projects, trips, collective income; a sheet each, as they stand.
        VillageWork = "village_work",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    /// `visits.xlsx` → (Visits, Xlsx).
    pub fn split(file: &str) -> Option<(Dataset, Format)> {
        let (name, ext) = file.rsplit_once('.')?;
        let format = match ext {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            _ => return None,
        };
        Some((Dataset::parse(name)?, format))
    }
}

/// `13812345678` → `138****5678`: enough to recognise a number, not to dial it.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n >= 7 => {
            let head: String = chars[..3].iter().collect();
            let tail: String = chars[n - 4..].iter().collect();
            format!("{head}****{tail}")
        }
        _ => "****".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn months_parse_strictly_and_step_over_years() {
        assert_eq!(
            Month::parse("2026-11"),
            Some(Month {
                year: 2026,
                month: 11
            })
        );
        for bad in [
            "2026-13", "2026-0", "26-11", "2026/11", "", "abcd-ef", "1999-12",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let jan = Month::parse("2026-01").unwrap();
        assert_eq!(jan.prev().code(), "2025-12");
        assert_eq!(jan.prev().next(), jan);
        let twelve = Month::parse("2026-11").unwrap().last_twelve();
        assert_eq!(twelve.len(), 12);
        assert_eq!(twelve[0].code(), "2025-12");
        assert_eq!(twelve[11].code(), "2026-11");
        assert_eq!(
            Month::parse("2024-02").unwrap().last_day().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn a_month_runs_from_beijing_midnight_to_beijing_midnight() {
        let (start, end) = Month::parse("2026-11").unwrap().bounds();
        assert_eq!(start, at("2026-10-31T16:00:00Z"));
        assert_eq!(end, at("2026-11-30T16:00:00Z"));
        // 00:30 on 1 November in Beijing is still 31 October in UTC.
        assert_eq!(Month::of(at("2026-10-31T16:30:00Z")).code(), "2026-11");
    }

    #[test]
    fn the_filter_defaults_to_this_month_and_refuses_nonsense() {
        let now = at("2026-11-27T03:00:00Z");
        let f = Filter::parse("", "", now).unwrap();
        assert_eq!((f.month.code(), f.village), ("2026-11".into(), None));
        assert_eq!(f.query(), "month=2026-11");
        let f = Filter::parse("2026-10", "3", now).unwrap();
        assert_eq!(f.query(), "month=2026-10&village=3");
        assert!(Filter::parse("2026-99", "", now).is_err());
        assert!(Filter::parse("", "x", now).is_err());
        assert!(Filter::parse("", "-1", now).is_err());
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 10.0]), Some(3.5));
        assert_eq!(
            days_between(at("2026-11-01T00:00:00Z"), at("2026-11-03T12:00:00Z")),
            2.5
        );
    }

    #[test]
    fn coverage_rounds_down_and_has_none_without_households() {
        let c = |assigned, visited| Coverage {
            name: String::new(),
            assigned,
            visited,
            visits: visited,
        };
        assert_eq!(c(3, 2).percent(), Some(66));
        assert_eq!(c(0, 0).percent(), None);
        assert_eq!(c(7, 7).percent(), Some(100));
    }

    #[test]
    fn export_names_and_masks() {
        assert_eq!(
            Format::split("visits.xlsx"),
            Some((Dataset::Visits, Format::Xlsx))
        );
        assert_eq!(
            Format::split("feedback.csv"),
            Some((Dataset::Feedback, Format::Csv))
        );
        assert_eq!(Format::split("users.csv"), None);
        assert_eq!(Format::split("visits.pdf"), None);
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("12345"), "****");
    }
}

//! The obligations calendar's rules and the pure function that judges an instance.
//!
//! An obligation (调度会 monthly, both service days, a feedback form from every home visit,
//! every assigned household visited each month…) is a versioned rule; an instance is (rule,
//! subject, period); its state comes from the rule, today (Beijing) and how many matching
//! records fall in its window. Nothing here is stored or ticked by hand.
use crate::error::FieldError;
use crate::i18n::Msg;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

crate::code_enum! {
    /// Whom an obligation binds.
    pub enum Scope {
        /// The bureau as a whole (局党组): one instance per period.
        Bureau = "bureau" => ScopeBureau,
        /// Each village (or the villages the rule names).
        Village = "village" => ScopeVillage,
        /// Each person it concerns (those with households, those who visited).
        Person = "person" => ScopePerson,
    }
}

crate::code_enum! {
    pub enum Period {
        Month = "month" => PeriodMonth,
        HalfYear = "half_year" => PeriodHalfYear,
        Year = "year" => PeriodYear,
    }
}

crate::code_enum! {
    /// What records satisfy an obligation: a closed set, each read by its owning capability.
    pub enum Evidence {
        /// Meetings (调度会) held in the window: at least `min_count`.
        Meeting = "meeting" => EvidenceMeeting,
        /// Distinct service days recorded for the village in the window: at least `min_count`.
        ServiceDay = "service_day" => EvidenceServiceDay,
        /// Every home visit of the person in the window brought back a feedback form or said
        /// why not.
        VisitForm = "visit_form" => EvidenceVisitForm,
        /// Every household assigned to the person visited by them in the window.
        Coverage = "coverage" => EvidenceCoverage,
    }
}

crate::code_enum! {
    /// Where an instance stands today.
    pub enum State {
        /// Enough records dated in the window.
        Done = "done" => StateDone,
        /// Not yet, and the due day is still ahead (or today).
        Due = "due" => StateDue,
        /// The due day has passed, the window is still open.
        Overdue = "overdue" => StateOverdue,
        /// The window closed without it.
        Missed = "missed" => StateMissed,
    }
}

/// One version of an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i64,
    pub code: String,
    pub version: i64,
    pub title: String,
    /// The plan's clause it carries out, e.g. "三(一)2 五".
    pub clause: String,
    pub scope: Scope,
    pub period: Period,
    /// For monthly rules, the window's first and last day of the month (clamped to its
    /// length); longer periods use the whole period.
    pub window_from: u32,
    pub window_to: u32,
    /// For monthly rules, the due day in the month (clamped into the window).
    pub due_day: u32,
    pub evidence: Evidence,
    pub min_count: i64,
    /// Village ids the rule binds (village scope); empty: every village.
    pub villages: Vec<i64>,
    pub active_from: NaiveDate,
    /// Exclusive; None while in force.
    pub active_until: Option<NaiveDate>,
}

/// A period: its first and last day (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    /// `2026-11` for a month, `2026 上半年` / `2026 H1` style labels are the page's job.
    pub fn month_key(&self) -> String {
        format!("{}-{:02}", self.start.year(), self.start.month())
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The last day of a month.
pub fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).pred_opt().unwrap_or(NaiveDate::MIN)
}

impl Period {
    /// The period that holds `day`.
    pub fn containing(self, day: NaiveDate) -> Span {
        let (y, m) = (day.year(), day.month());
        match self {
            Period::Month => Span {
                start: ymd(y, m, 1),
                end: month_end(y, m),
            },
            Period::HalfYear if m <= 6 => Span {
                start: ymd(y, 1, 1),
                end: ymd(y, 6, 30),
            },
            Period::HalfYear => Span {
                start: ymd(y, 7, 1),
                end: ymd(y, 12, 31),
            },
            Period::Year => Span {
                start: ymd(y, 1, 1),
                end: ymd(y, 12, 31),
            },
        }
    }
}

/// The months ending with `last`, oldest first: `count` month spans.
pub fn months_back(last: NaiveDate, count: u32) -> Vec<Span> {
    let mut spans = Vec::with_capacity(count as usize);
    let mut day = last;
    for _ in 0..count {
        let span = Period::Month.containing(day);
        spans.push(span);
        day = span.start.pred_opt().unwrap_or(NaiveDate::MIN);
    }
    spans.reverse();
    spans
}

impl Rule {
    /// Whether this version judges the period: in force on some day of it. (An edit ends a
    /// version at the start of a period, so exactly one version judges each period.)
    pub fn judges(&self, p: Span) -> bool {
        self.active_from <= p.end && self.active_until.is_none_or(|u| u > p.start)
    }

    /// The days whose records count, inclusive: the window inside the period, from the day
    /// the rule came into force. None when that leaves nothing.
    pub fn window(&self, p: Span) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = match self.period {
            Period::Month => {
                let last = p.end.day();
                let d = |n: u32| ymd(p.start.year(), p.start.month(), n.clamp(1, last));
                (d(self.window_from), d(self.window_to))
            }
            Period::HalfYear | Period::Year => (p.start, p.end),
        };
        let from = from.max(self.active_from);
        (from <= to).then_some((from, to))
    }

    /// The day by which it should be done (inside the window).
    pub fn due(&self, p: Span) -> NaiveDate {
        let Some((from, to)) = self.window(p) else {
            return p.end;
        };
        match self.period {
            Period::Month => {
                let last = p.end.day();
                ymd(p.start.year(), p.start.month(), self.due_day.clamp(1, last)).clamp(from, to)
            }
            Period::HalfYear | Period::Year => to,
        }
    }

    pub fn binds_village(&self, village: i64) -> bool {
        self.villages.is_empty() || self.villages.contains(&village)
    }
}

/// How many records an instance has and needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub have: i64,
    pub need: i64,
}

/// An instance's state: done once `have >= need`; otherwise due until the due day, overdue
/// until the window closes, missed after. A record synced late but dated in the window still
/// completes it (the caller counts records by their own dates).
pub fn judge(t: Tally, today: NaiveDate, window_end: NaiveDate, due: NaiveDate) -> State {
    if t.have >= t.need {
        State::Done
    } else if today <= due {
        State::Due
    } else if today <= window_end {
        State::Overdue
    } else {
        State::Missed
    }
}

/// One instance as the grid and the home page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub state: State,
    pub have: i64,
    pub need: i64,
    pub due: NaiveDate,
}

/// Who or what a grid row is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub scope: Scope,
    /// The village's or person's id; 0 for the bureau.
    pub id: i64,
    /// The village's or person's name; empty for the bureau.
    pub name: String,
}

/// One obligation for one subject across the grid's periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridRow {
    pub code: String,
    pub title: String,
    pub clause: String,
    pub subject: Subject,
    /// One per period column; None where the rule did not apply or nothing was asked (no
    /// households assigned, no home visits).
    pub cells: Vec<Option<Cell>>,
}

/// The compliance grid: obligation × subject × month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grid {
    pub today: NaiveDate,
    pub months: Vec<Span>,
    /// The versions in force now, to say what each row asks.
    pub rules_in_force: Vec<Rule>,
    pub rows: Vec<GridRow>,
}

impl Grid {
    /// (done, all) instances in the column `i`, for the summary's line.
    pub fn column_counts(&self, i: usize) -> (usize, usize) {
        let cells = self.rows.iter().filter_map(|r| r.cells.get(i)?.as_ref());
        cells.fold((0, 0), |(d, n), c| {
            (d + usize::from(c.state == State::Done), n + 1)
        })
    }
}

/// A due-soon line for a home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub title: String,
    pub subject: Subject,
    pub cell: Cell,
}

/// What the office may change of a rule (the next version starts with the current month).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub code: String,
    pub title: String,
    pub window_from: String,
    pub window_to: String,
    pub due_day: String,
    pub min_count: String,
    /// Comma-separated village ids, or empty for all.
    #[serde(default)]
    pub villages: String,
    /// "on" while the rule stays in force; absent ends it from this month.
    #[serde(default)]
    pub active: Option<String>,
}

/// A checked edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleEdit {
    pub code: String,
    pub title: String,
    pub window_from: u32,
    pub window_to: u32,
    pub due_day: u32,
    pub min_count: i64,
    pub villages: Vec<i64>,
    pub active: bool,
}

impl RuleForm {
    /// Every field's problem at once. Days are 1–31 with the window in order and the due day
    /// inside it; the count 1–31. Numbers may be typed full-width.
    pub fn parse(&self) -> Result<RuleEdit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut num = |field: &str, raw: &str, max: u32| {
            let n = crate::normalize::identifier(raw).parse::<u32>().ok();
            match n.filter(|n| (1..=max).contains(n)) {
                Some(n) => n,
                None => {
                    errors.push(FieldError::new(field, Msg::ValObligationDay));
                    1
                }
            }
        };
        let window_from = num("window_from", &self.window_from, 31);
        let window_to = num("window_to", &self.window_to, 31);
        let due_day = num("due_day", &self.due_day, 31);
        let min_count = num("min_count", &self.min_count, 31);
        if window_from > window_to {
            errors.push(FieldError::new("window_to", Msg::ValObligationWindow));
        } else if !(window_from..=window_to).contains(&due_day) {
            errors.push(FieldError::new("due_day", Msg::ValObligationWindow));
        }
        let title = match crate::model::required(&self.title, 60) {
            Ok(t) => t,
            Err(m) => {
                errors.push(FieldError::new("title", m));
                String::new()
            }
        };
        let mut villages = Vec::new();
        for part in self
            .villages
            .split([',', '，', ' '])
            .filter(|p| !p.trim().is_empty())
        {
            match crate::normalize::identifier(part).parse::<i64>() {
                Ok(id) => villages.push(id),
                Err(_) => {
                    errors.push(FieldError::new("villages", Msg::ValChoice));
                    break;
                }
            }
        }
        if errors.is_empty() {
            Ok(RuleEdit {
                code: self.code.trim().to_string(),
                title,
                window_from,
                window_to,
                due_day,
                min_count: i64::from(min_count),
                villages,
                active: self.active.is_some(),
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rule(period: Period, from: u32, to: u32, due: u32, min: i64) -> Rule {
        Rule {
            id: 1,
            code: "x".into(),
            version: 1,
            title: String::new(),
            clause: String::new(),
            scope: Scope::Village,
            period,
            window_from: from,
            window_to: to,
            due_day: due,
            evidence: Evidence::ServiceDay,
            min_count: min,
            villages: Vec::new(),
            active_from: day(2016, 1, 1),
            active_until: None,
        }
    }

    fn state_on(r: &Rule, p: Span, have: i64, today: NaiveDate) -> State {
        let (_, end) = r.window(p).unwrap();
        judge(
            Tally {
                have,
                need: r.min_count,
            },
            today,
            end,
            r.due(p),
        )
    }

    #[test]
    fn periods_hold_their_days() {
        let d = day(2026, 2, 14);
        assert_eq!(
            Period::Month.containing(d),
            Span {
                start: day(2026, 2, 1),
                end: day(2026, 2, 28)
            }
        );
        assert_eq!(
            Period::Month.containing(day(2028, 2, 3)).end,
            day(2028, 2, 29)
        );
        assert_eq!(Period::HalfYear.containing(d).end, day(2026, 6, 30));
        assert_eq!(
            Period::HalfYear.containing(day(2026, 7, 1)).start,
            day(2026, 7, 1)
        );
        assert_eq!(
            Period::Year.containing(d),
            Span {
                start: day(2026, 1, 1),
                end: day(2026, 12, 31)
            }
        );
        let months = months_back(day(2026, 1, 20), 3);
        let keys: Vec<String> = months.iter().map(Span::month_key).collect();
        assert_eq!(keys, ["2025-11", "2025-12", "2026-01"]);
    }

    #[test]
    fn a_monthly_meeting_is_due_then_overdue_then_missed() {
        // 调度会: any day of the month, due by the 25th.
        let r = rule(Period::Month, 1, 31, 25, 1);
        let nov = Period::Month.containing(day(2026, 11, 1));
        assert_eq!(r.window(nov), Some((day(2026, 11, 1), day(2026, 11, 30))));
        assert_eq!(state_on(&r, nov, 0, day(2026, 11, 25)), State::Due);
        assert_eq!(state_on(&r, nov, 0, day(2026, 11, 26)), State::Overdue);
        assert_eq!(state_on(&r, nov, 0, day(2026, 11, 30)), State::Overdue);
        assert_eq!(state_on(&r, nov, 0, day(2026, 12, 1)), State::Missed);
        // Held late (or written up late, dated in the month): done, whenever asked.
        assert_eq!(state_on(&r, nov, 1, day(2026, 12, 20)), State::Done);
    }

    #[test]
    fn service_days_need_both_days_and_windows_clamp_to_the_month() {
        let r = rule(Period::Month, 6, 7, 7, 2);
        let dec = Period::Month.containing(day(2026, 12, 1));
        assert_eq!(r.window(dec), Some((day(2026, 12, 6), day(2026, 12, 7))));
        assert_eq!(state_on(&r, dec, 0, day(2026, 12, 5)), State::Due);
        // One of the two days held: still due on the 7th, missed on the 8th.
        assert_eq!(state_on(&r, dec, 1, day(2026, 12, 7)), State::Due);
        assert_eq!(state_on(&r, dec, 1, day(2026, 12, 8)), State::Missed);
        assert_eq!(state_on(&r, dec, 2, day(2026, 12, 8)), State::Done);
        // A window past the month's end stops at it.
        let late = rule(Period::Month, 30, 31, 31, 1);
        let feb = Period::Month.containing(day(2026, 2, 1));
        assert_eq!(late.window(feb), Some((day(2026, 2, 28), day(2026, 2, 28))));
        assert_eq!(late.due(feb), day(2026, 2, 28));
    }

    #[test]
    fn half_years_and_years_run_to_their_end() {
        let r = rule(Period::HalfYear, 1, 31, 31, 1);
        let h2 = Period::HalfYear.containing(day(2026, 9, 9));
        assert_eq!(r.due(h2), day(2026, 12, 31));
        assert_eq!(state_on(&r, h2, 0, day(2026, 12, 31)), State::Due);
        assert_eq!(state_on(&r, h2, 0, day(2027, 1, 1)), State::Missed);
        let y = rule(Period::Year, 1, 31, 31, 1);
        let year = Period::Year.containing(day(2026, 3, 3));
        assert_eq!(state_on(&y, year, 1, day(2026, 3, 3)), State::Done);
    }

    #[test]
    fn versions_judge_the_periods_they_were_in_force() {
        let mut old = rule(Period::Month, 1, 31, 25, 1);
        old.active_until = Some(day(2026, 11, 1));
        let mut new = rule(Period::Month, 1, 31, 20, 1);
        new.active_from = day(2026, 11, 1);
        let oct = Period::Month.containing(day(2026, 10, 5));
        let nov = Period::Month.containing(day(2026, 11, 5));
        assert!(old.judges(oct) && !old.judges(nov));
        assert!(!new.judges(oct) && new.judges(nov));
        // A rule that starts mid-month counts records from that day only.
        let mut mid = rule(Period::Month, 1, 31, 31, 1);
        mid.active_from = day(2026, 11, 30);
        assert_eq!(
            mid.window(nov),
            Some((day(2026, 11, 30), day(2026, 11, 30)))
        );
        // An edit twice in one month leaves the middle version judging nothing.
        let mut empty = rule(Period::Month, 1, 31, 31, 1);
        empty.active_from = day(2026, 11, 1);
        empty.active_until = Some(day(2026, 11, 1));
        assert!(!empty.judges(nov));
    }

    #[test]
    fn beijing_boundaries_decide_the_day() {
        // 2026-11-30 23:30 Beijing is 15:30 UTC: a record then is November's.
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-30T15:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(crate::ui::time::date_of(t), day(2026, 11, 30));
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-30T16:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(crate::ui::time::date_of(t), day(2026, 12, 1));
        assert_eq!(
            crate::ui::time::day_start(day(2026, 12, 1)).to_rfc3339(),
            "2026-11-30T16:00:00+00:00"
        );
    }

    #[test]
    fn an_edit_names_every_problem() {
        let f = RuleForm {
            code: "service_days".into(),
            title: " ".into(),
            window_from: "７".into(),
            window_to: "6".into(),
            due_day: "40".into(),
            min_count: "2".into(),
            villages: "1,x".into(),
            active: None,
        };
        let errs = f.parse().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["due_day", "window_to", "title", "villages"]);
        let ok = RuleForm {
            title: "每月6日、7日固定服务日".into(),
            window_from: "６".into(),
            window_to: "7".into(),
            due_day: "7".into(),
            villages: "1，2".into(),
            active: Some("on".into()),
            ..f
        };
        let e = ok.parse().unwrap();
        assert_eq!(
            (e.window_from, e.window_to, e.due_day, e.min_count),
            (6, 7, 7, 2)
        );
        assert_eq!(e.villages, [1, 2]);
        assert!(e.active);
    }
}

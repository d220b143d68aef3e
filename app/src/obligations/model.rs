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
        Quarter = "quarter" => PeriodQuarter,
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
        /// 支部党员大会 held in the village (三会一课).
        Congress = "congress" => EvidenceCongress,
        /// 支部委员会 held.
        BranchCommittee = "branch_committee" => EvidenceBranchCommittee,
        /// 党小组会 held.
        PartyGroup = "party_group" => EvidencePartyGroup,
        /// A 党课, by anyone.
        PartyLesson = "party_lesson" => EvidencePartyLesson,
        /// A 党课 the liaison team gave.
        TeamLesson = "team_lesson" => EvidenceTeamLesson,
        /// A 组织生活会 the team leader attended and commented on (点评).
        LifeMeeting = "life_meeting" => EvidenceLifeMeeting,
        /// A 民主评议党员 whose result has been published.
        Appraisal = "appraisal" => EvidenceAppraisal,
        /// Projects approved (批复) for the village.
        Project = "project" => EvidenceProject,
        /// 环境卫生集中整治 held in the village.
        Cleanup = "cleanup" => EvidenceCleanup,
        /// 矛盾纠纷、安全隐患排查 rounds held.
        Screening = "screening" => EvidenceScreening,
        /// The programme's milestones due in the window, done by its end (a window with
        /// none due has no instance).
        Milestone = "milestone" => EvidenceMilestone,
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
    /// The due day in the month (monthly rules), or in the due month (longer ones); clamped
    /// into the window.
    pub due_day: u32,
    /// For longer periods, the month of the period (1st–12th, clamped to its length) in which
    /// it is due: the office's deadline.
    pub due_month: u32,
    pub evidence: Evidence,
    pub min_count: i64,
    /// The upper end of the target ("1 of 1–2"), shown, never required.
    pub max_count: Option<i64>,
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
            Period::Quarter => {
                let first = (m - 1) / 3 * 3 + 1;
                Span {
                    start: ymd(y, first, 1),
                    end: month_end(y, first + 2),
                }
            }
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

    /// The days whose records count, inclusive: the window inside the rule's own period `p`
    /// (a month's window days; a longer period whole), from the day the rule came into force.
    /// None when that leaves nothing.
    pub fn window(&self, p: Span) -> Option<(NaiveDate, NaiveDate)> {
        let (from, to) = match self.period {
            Period::Month => {
                let last = p.end.day();
                let d = |n: u32| ymd(p.start.year(), p.start.month(), n.clamp(1, last));
                (d(self.window_from), d(self.window_to))
            }
            Period::Quarter | Period::HalfYear | Period::Year => (p.start, p.end),
        };
        let from = from.max(self.active_from);
        (from <= to).then_some((from, to))
    }

    /// The day by which it should be done in its period `p` (inside the window): the due day
    /// of the month, or of the due month of a longer period.
    pub fn due(&self, p: Span) -> NaiveDate {
        let Some((from, to)) = self.window(p) else {
            return p.end;
        };
        let month = match self.period {
            Period::Month => p.start,
            _ => {
                let months = (p.end.year() - p.start.year()) as u32 * 12 + p.end.month()
                    - p.start.month()
                    + 1;
                let k = self.due_month.clamp(1, months) - 1;
                let m0 = p.start.month0() + k;
                ymd(p.start.year() + (m0 / 12) as i32, m0 % 12 + 1, 1)
            }
        };
        let last = month_end(month.year(), month.month()).day();
        ymd(month.year(), month.month(), self.due_day.clamp(1, last)).clamp(from, to)
    }

    /// This version's instances as the month columns `months` show them. A longer period's
    /// instance appears in each of its months, counted up to that month's end and judged as of
    /// it (a column before the period's last month never shows "missed"); the column holding
    /// the period's end, and every monthly rule's, is judged today.
    pub fn seen_in(&self, months: &[Span], today: NaiveDate) -> Vec<Seen> {
        months
            .iter()
            .enumerate()
            .filter(|(_, m)| self.judges(**m))
            .filter_map(|(column, m)| {
                let p = self.period.containing(m.start);
                let (from, end) = self.window(p)?;
                let to = end.min(m.end);
                (from <= to).then(|| Seen {
                    column,
                    from,
                    to,
                    end,
                    as_of: if m.end >= end {
                        today
                    } else {
                        today.min(m.end)
                    },
                    due: self.due(p),
                })
            })
            .collect()
    }

    pub fn binds_village(&self, village: i64) -> bool {
        self.villages.is_empty() || self.villages.contains(&village)
    }
}

/// One instance in one grid column: records dated `from..=to` count; it is judged as of
/// `as_of` against its window's `end` and its `due` day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub column: usize,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub end: NaiveDate,
    pub as_of: NaiveDate,
    pub due: NaiveDate,
}

impl Seen {
    /// The instance's cell from how many records it has and needs (with the rule's upper
    /// target, for the "1 of 1–2" reading).
    pub fn cell(&self, have: i64, need: i64, upto: Option<i64>) -> Cell {
        Cell {
            state: judge(Tally { have, need }, self.as_of, self.end, self.due),
            have,
            need,
            upto,
            due: self.due,
        }
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
    /// The target's upper end, when the rule names a range ("1–2").
    #[serde(default)]
    pub upto: Option<i64>,
    pub due: NaiveDate,
}

impl Cell {
    /// What is asked: "1" or "1–2".
    pub fn target(&self) -> String {
        match self.upto {
            Some(u) if u > self.need => format!("{}–{u}", self.need),
            _ => self.need.to_string(),
        }
    }
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
    /// Longer periods: the month of the period it is due in (1–12); empty keeps it.
    #[serde(default)]
    pub due_month: String,
    /// The target's upper end ("1–2"); empty for none.
    #[serde(default)]
    pub max_count: String,
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
    /// None keeps the current due month.
    pub due_month: Option<u32>,
    pub max_count: Option<i64>,
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
                    let msg = if max == 12 {
                        Msg::ValObligationMonth
                    } else {
                        Msg::ValObligationDay
                    };
                    errors.push(FieldError::new(field, msg));
                    1
                }
            }
        };
        let window_from = num("window_from", &self.window_from, 31);
        let window_to = num("window_to", &self.window_to, 31);
        let due_day = num("due_day", &self.due_day, 31);
        let min_count = num("min_count", &self.min_count, 31);
        let blank = |raw: &str| crate::normalize::identifier(raw).is_empty();
        let due_month = (!blank(&self.due_month)).then(|| num("due_month", &self.due_month, 12));
        let max_count = (!blank(&self.max_count)).then(|| num("max_count", &self.max_count, 31));
        if max_count.is_some_and(|m| m < min_count) {
            errors.push(FieldError::new("max_count", Msg::ValObligationMax));
        }
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
                due_month,
                max_count: max_count.map(i64::from),
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
            due_month: 12,
            evidence: Evidence::ServiceDay,
            min_count: min,
            max_count: None,
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
            due_month: String::new(),
            max_count: String::new(),
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

    #[test]
    fn quarters_half_years_and_years_meet_at_their_boundaries() {
        assert_eq!(
            Period::Quarter.containing(day(2026, 3, 31)),
            Span {
                start: day(2026, 1, 1),
                end: day(2026, 3, 31)
            }
        );
        assert_eq!(
            Period::Quarter.containing(day(2026, 4, 1)),
            Span {
                start: day(2026, 4, 1),
                end: day(2026, 6, 30)
            }
        );
        assert_eq!(
            Period::Quarter.containing(day(2026, 12, 31)).start,
            day(2026, 10, 1)
        );
        assert_eq!(
            Period::HalfYear.containing(day(2026, 6, 30)).end,
            day(2026, 6, 30)
        );
        assert_eq!(
            Period::Year.containing(day(2027, 1, 1)).start,
            day(2027, 1, 1)
        );
    }

    #[test]
    fn a_longer_period_is_due_in_its_due_month_and_counts_across_its_months() {
        // 组织生活会: each half-year, due by the end of its 6th month.
        let mut r = rule(Period::HalfYear, 1, 31, 31, 1);
        r.due_month = 6;
        let h2 = Period::HalfYear.containing(day(2026, 9, 1));
        assert_eq!(r.due(h2), day(2026, 12, 31));
        // The office's deadline: the 15th of the period's 3rd month (September).
        r.due_month = 3;
        r.due_day = 15;
        assert_eq!(r.due(h2), day(2026, 9, 15));
        // A day past the month's end is its last day; a month past the period its last.
        r.due_month = 2;
        r.due_day = 31;
        assert_eq!(
            r.due(Period::HalfYear.containing(day(2026, 1, 5))),
            day(2026, 2, 28)
        );
        r.due_month = 12;
        assert_eq!(
            r.due(Period::Quarter.containing(day(2026, 5, 5))),
            day(2026, 6, 30)
        );

        // Seen in month columns: each month of the half-year shows the same instance, counted
        // up to that month's end; only the column holding its end can be missed.
        let mut r = rule(Period::HalfYear, 1, 31, 31, 1);
        r.due_month = 6;
        let months = months_back(day(2027, 1, 31), 8); // 2026-06 … 2027-01
        let today = day(2027, 1, 10);
        let seen = r.seen_in(&months, today);
        assert_eq!(seen.len(), 8);
        let june = seen[0];
        assert_eq!(
            (june.from, june.to, june.end),
            (day(2026, 1, 1), day(2026, 6, 30), day(2026, 6, 30))
        );
        assert_eq!(june.cell(0, 1, None).state, State::Missed);
        let sep = seen[3];
        assert_eq!(
            (sep.from, sep.to, sep.end),
            (day(2026, 7, 1), day(2026, 9, 30), day(2026, 12, 31))
        );
        // As of the end of September, nothing yet is merely due, not missed.
        assert_eq!(sep.cell(0, 1, None).state, State::Due);
        let dec = seen[6];
        assert_eq!(dec.cell(0, 1, None).state, State::Missed);
        assert_eq!(dec.cell(1, 1, None).state, State::Done);
        let jan = seen[7];
        assert_eq!((jan.from, jan.end), (day(2027, 1, 1), day(2027, 6, 30)));
        assert_eq!(jan.cell(0, 1, None).state, State::Due);

        // A yearly target of 1–2 with the office's deadline passed: one approved shows 1 of 1–2
        // done; none is overdue until the year's end, then missed.
        let mut y = rule(Period::Year, 1, 31, 30, 1);
        y.max_count = Some(2);
        y.due_month = 9;
        let nov = months_back(day(2026, 11, 30), 1);
        let w = y.seen_in(&nov, day(2026, 11, 30))[0];
        assert_eq!(w.due, day(2026, 9, 30));
        let one = w.cell(1, y.min_count, y.max_count);
        assert_eq!((one.state, one.target()), (State::Done, "1–2".to_string()));
        assert_eq!(w.cell(0, 1, y.max_count).state, State::Overdue);
        let before = y.seen_in(&nov, day(2026, 9, 30))[0];
        assert_eq!(before.cell(0, 1, None).state, State::Due);
        let dec = months_back(day(2026, 12, 31), 1);
        assert_eq!(
            y.seen_in(&dec, day(2027, 1, 2))[0].cell(0, 1, None).state,
            State::Missed
        );

        // A rule in force from mid-year counts from that day, in every later column.
        let mut late = rule(Period::Year, 1, 31, 31, 1);
        late.active_from = day(2026, 7, 1);
        let seen = late.seen_in(&months_back(day(2026, 8, 31), 3), day(2026, 8, 31));
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].from, day(2026, 7, 1));
    }

    #[test]
    fn the_office_may_set_a_due_month_and_a_range() {
        let form = RuleForm {
            code: "funded_projects".into(),
            title: "每年帮助争取1-2个项目资金".into(),
            window_from: "1".into(),
            window_to: "31".into(),
            due_day: "30".into(),
            min_count: "1".into(),
            due_month: "９".into(),
            max_count: "2".into(),
            villages: String::new(),
            active: Some("on".into()),
        };
        let e = form.parse().unwrap();
        assert_eq!((e.due_month, e.max_count), (Some(9), Some(2)));
        let e = RuleForm {
            due_month: String::new(),
            max_count: String::new(),
            ..form.clone()
        }
        .parse()
        .unwrap();
        assert_eq!((e.due_month, e.max_count), (None, None));
        let bad = RuleForm {
            due_month: "13".into(),
            max_count: "0".into(),
            ..form
        }
        .parse()
        .unwrap_err();
        assert!(bad
            .iter()
            .any(|e| e.field == "due_month" && e.msg == Msg::ValObligationMonth));
        assert!(bad.iter().any(|e| e.field == "max_count"));
    }
}

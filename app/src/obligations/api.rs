//! Obligations' server functions. The office and leaders read the grid and the rules; only
//! the office changes a rule; everyone sees what is due for them.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The compliance grid for the `months` months (1–12, default 3) ending with `month`
/// (`YYYY-MM`, default this month; a month to come is refused).
#[server(prefix = "/api", endpoint = "obligations/grid")]
pub async fn compliance_grid(month: Option<String>, months: Option<u32>) -> Result<Grid, AppError> {
    crate::error::respond(ssr::grid(month, months)).await
}

/// What is due or overdue this month for the caller: their own (coverage, feedback forms),
/// and for the office and leaders the bureau's and the villages' too. Due within 7 days,
/// overdue, or (on the last day) anything open.
#[server(prefix = "/api", endpoint = "obligations/due")]
pub async fn due_soon() -> Result<Vec<DueItem>, AppError> {
    crate::error::respond(ssr::due_soon()).await
}

/// Every rule's version in force (and those ended, for the record), newest version last.
#[server(prefix = "/api", endpoint = "obligations/rules")]
pub async fn list_rules() -> Result<Vec<Rule>, AppError> {
    crate::error::respond(ssr::rules()).await
}

/// The office changes a rule: a new version judges from the current period on; the periods
/// before keep the version they were judged by. Unticking `active` ends the rule from this
/// period. Audited.
#[server(prefix = "/api", endpoint = "obligations/update")]
pub async fn update_rule(form: RuleForm) -> Result<(), AppError> {
    crate::error::respond(ssr::update(form)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{compute, month_instances};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::{app_state, AppState};
    use crate::ui::time::day_start;
    use chrono::{Duration, NaiveDate};
    use std::collections::{BTreeMap, HashMap};

    const LEADERSHIP: &[Role] = &[Role::Admin, Role::Leader];

    /// The evidence the organisation capability reports (三会一课, 组织生活会, 民主评议).
    const VILLAGE_WORK: &[Evidence] = &[
        Evidence::Congress,
        Evidence::BranchCommittee,
        Evidence::PartyGroup,
        Evidence::PartyLesson,
        Evidence::TeamLesson,
        Evidence::LifeMeeting,
        Evidence::Appraisal,
    ];

    fn parse_month(raw: Option<String>, today: NaiveDate) -> Result<NaiveDate, AppError> {
        let this = Period::Month.containing(today).start;
        match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(today),
            Some(m) => NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                .ok()
                .filter(|d| *d <= this)
                // The last day of a past month, so its instances are judged as closed.
                .map(|d| Period::Month.containing(d).end)
                .ok_or_else(|| AppError::invalid("month", Msg::ValMonth)),
        }
    }

    pub async fn grid(month: Option<String>, months: Option<u32>) -> Result<Grid, AppError> {
        let state = app_state()?;
        require(LEADERSHIP).await?;
        let today = crate::ui::time::today();
        let last = parse_month(month, today)?;
        let count = months.unwrap_or(3).clamp(1, 12);
        compute(&state, &months_back(last, count), today).await
    }

    pub async fn due_soon() -> Result<Vec<DueItem>, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader, Role::Cadre]).await?;
        let today = crate::ui::time::today();
        let grid = compute(&state, &months_back(today, 1), today).await?;
        let mine = |s: &Subject| match s.scope {
            Scope::Person => s.id == user.id,
            Scope::Bureau | Scope::Village => user.role != Role::Cadre,
        };
        let soon = today + Duration::days(7);
        Ok(grid
            .rows
            .into_iter()
            .filter(|r| mine(&r.subject))
            .filter_map(|r| {
                let cell = r.cells.into_iter().next().flatten()?;
                let open = cell.state != State::Done;
                (open && cell.due <= soon).then_some(DueItem {
                    title: r.title,
                    subject: r.subject,
                    cell,
                })
            })
            .collect())
    }

    pub async fn rules() -> Result<Vec<Rule>, AppError> {
        let state = app_state()?;
        require(LEADERSHIP).await?;
        Ok(db::all(state.db.read()).await?)
    }

    pub async fn update(form: RuleForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let edit = form.parse().map_err(AppError::Invalid)?;
        let today = crate::ui::time::today();
        let mut tx = state.db.begin().await?;
        let latest = db::latest(&mut tx, &edit.code)
            .await?
            .ok_or(AppError::NotFound)?;
        let start = latest.period.containing(today).start;
        db::end(&mut tx, latest.id, start).await?;
        if edit.active {
            // A rule that came into force mid-period keeps counting from that day.
            let from = match latest.active_until {
                None => start.max(latest.active_from),
                Some(_) => start,
            };
            let next = Rule {
                version: latest.version + 1,
                title: edit.title,
                window_from: edit.window_from,
                window_to: edit.window_to,
                due_day: edit.due_day,
                due_month: edit.due_month.unwrap_or(latest.due_month),
                min_count: edit.min_count,
                max_count: edit.max_count,
                villages: edit.villages,
                active_from: from,
                active_until: None,
                ..latest
            };
            db::insert(&mut tx, &next, user.id, crate::db::now()).await?;
        }
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "obligation.update",
            &format!("obligation:{} from:{start}", form.code.trim()),
            if edit.active { "ok" } else { "ended" },
        )
        .await;
        Ok(())
    }

    /// The instances of the month ending `last` (or today, if sooner), for the summary, the
    /// report and the export: (row, its cell). A village filter keeps the bureau's rows, that
    /// village's and everyone's own.
    pub async fn month_instances(
        state: &AppState,
        last: NaiveDate,
        village: Option<i64>,
    ) -> Result<Vec<(GridRow, Cell)>, AppError> {
        let today = crate::ui::time::today();
        let grid = compute(state, &months_back(last.min(today), 1), today).await?;
        Ok(grid
            .rows
            .into_iter()
            .filter(|r| {
                r.subject.scope != Scope::Village || village.is_none_or(|v| v == r.subject.id)
            })
            .filter_map(|mut r| {
                let cell = r.cells.pop().flatten()?;
                Some((r, cell))
            })
            .collect())
    }

    /// `read()` when `needed`, else nothing (and no statement).
    async fn when<T, F, Fut>(needed: bool, read: F) -> Result<Option<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        Ok(if needed { Some(read().await?) } else { None })
    }

    /// The grid over `months` (oldest first, none to come), judged on `today`: one read per
    /// evidence kind and rule version, never one per cell. Its future is large (every read
    /// held across awaits), so it lives on the heap: inline, it overflowed a debug build's
    /// 2 MiB worker stack when a phone asked for its due items.
    pub async fn compute(
        state: &AppState,
        months: &[Span],
        today: NaiveDate,
    ) -> Result<Grid, AppError> {
        Box::pin(compute_inner(state, months, today)).await
    }

    async fn compute_inner(
        state: &AppState,
        months: &[Span],
        today: NaiveDate,
    ) -> Result<Grid, AppError> {
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Ok(Grid {
                today,
                months: Vec::new(),
                rules_in_force: Vec::new(),
                rows: Vec::new(),
            });
        };
        let rules = db::all(state.db.read()).await?;
        let any = |e: Evidence| rules.iter().any(|r| r.evidence == e);
        // The four helps' records, (village, own date) per evidence code: one read per
        // capability, over the whole grid (a longer period reaches back before its months).
        let reach = rules
            .iter()
            .map(|r| r.period.containing(first.start).start)
            .min()
            .unwrap_or(first.start);
        let village_work = rules.iter().any(|r| VILLAGE_WORK.contains(&r.evidence));
        // Independent reads, each on its own pooled connection: one after another, their
        // round trips made the summary's longest chain (issue 23).
        use crate::records::model::WorkKind;
        let (
            villages,
            people,
            meetings,
            service_days,
            facts,
            published,
            approved,
            cleanups,
            screenings,
            milestones,
        ) = tokio::try_join!(
            Box::pin(crate::villages::api::all(state)),
            Box::pin(crate::users::api::all(state)),
            Box::pin(when(any(Evidence::Meeting), || {
                crate::meetings::api::held_between(state, first.start, last.end)
            })),
            Box::pin(when(any(Evidence::ServiceDay), || {
                crate::receptions::api::service_days_between(state, first.start, last.end)
            })),
            Box::pin(when(village_work, || {
                crate::organisation::api::meeting_facts(state, reach, last.end)
            })),
            Box::pin(when(village_work, || {
                crate::organisation::api::published_appraisals(state, reach, last.end)
            })),
            Box::pin(when(any(Evidence::Project), || {
                crate::economy::api::approved_between(state, reach, last.end)
            })),
            Box::pin(when(any(Evidence::Cleanup), || {
                crate::records::api::dated(state, WorkKind::Cleanup, reach, last.end)
            })),
            Box::pin(when(any(Evidence::Screening), || {
                crate::records::api::dated(state, WorkKind::Screening, reach, last.end)
            })),
            Box::pin(when(any(Evidence::Milestone), || {
                crate::environment::api::milestone_facts(state, reach, last.end)
            })),
        )?;
        let people: HashMap<i64, String> = people.into_iter().map(|u| (u.id, u.name)).collect();
        let mut village_facts: HashMap<Evidence, Vec<(i64, NaiveDate)>> = HashMap::new();
        if let Some(facts) = facts {
            use crate::organisation::model::MeetingKind as K;
            for f in facts {
                let mut put = |e: Evidence| {
                    village_facts
                        .entry(e)
                        .or_default()
                        .push((f.village, f.held_on))
                };
                match f.kind {
                    K::Congress => put(Evidence::Congress),
                    K::Committee => put(Evidence::BranchCommittee),
                    K::Group => put(Evidence::PartyGroup),
                    K::Lesson => {
                        put(Evidence::PartyLesson);
                        if f.by_team {
                            put(Evidence::TeamLesson);
                        }
                    }
                    // The plan asks the team leader to take part and comment (全程参与并点评).
                    K::Life if f.leader_attended && f.commented => put(Evidence::LifeMeeting),
                    K::Life => {}
                }
            }
        }
        for (evidence, dated) in [
            (Evidence::Appraisal, published),
            (Evidence::Project, approved),
            (Evidence::Cleanup, cleanups),
            (Evidence::Screening, screenings),
        ] {
            if let Some(dated) = dated {
                village_facts.insert(evidence, dated);
            }
        }
        let (meetings, service_days, milestones) = (
            meetings.unwrap_or_default(),
            service_days.unwrap_or_default(),
            milestones.unwrap_or_default(),
        );
        // (code, scope order, subject id) → row; BTreeMap keeps a stable order.
        let order: Vec<&str> = {
            let mut seen = Vec::new();
            for r in &rules {
                if !seen.contains(&r.code.as_str()) {
                    seen.push(r.code.as_str());
                }
            }
            seen
        };
        let mut rows: BTreeMap<(usize, usize, String, i64), GridRow> = BTreeMap::new();
        let scope_rank = |s: Scope| match s {
            Scope::Bureau => 0,
            Scope::Village => 1,
            Scope::Person => 2,
        };
        let mut put = |r: &Rule, subject: Subject, i: usize, cell: Cell| {
            let rank = order
                .iter()
                .position(|c| *c == r.code)
                .unwrap_or(usize::MAX);
            let key = (scope_rank(r.scope), rank, subject.name.clone(), subject.id);
            let row = rows.entry(key).or_insert_with(|| GridRow {
                code: r.code.clone(),
                title: r.title.clone(),
                clause: r.clause.clone(),
                subject,
                cells: vec![None; months.len()],
            });
            // The newest version's title names the row.
            row.title = r.title.clone();
            row.cells[i] = Some(cell);
        };
        let village_subject = |v: &crate::villages::model::VillageView| Subject {
            scope: Scope::Village,
            id: v.id,
            name: v.name.clone(),
        };
        let in_force: Vec<&Rule> = rules
            .iter()
            .filter(|r| months.iter().any(|m| r.judges(*m)))
            .collect();
        for r in &in_force {
            let ws = r.seen_in(months, today);
            if ws.is_empty() {
                continue;
            }
            match r.evidence {
                Evidence::Meeting => {
                    for w in &ws {
                        let have = meetings
                            .iter()
                            .filter(|d| (w.from..=w.to).contains(*d))
                            .count();
                        let subject = Subject {
                            scope: Scope::Bureau,
                            id: 0,
                            name: String::new(),
                        };
                        put(
                            r,
                            subject,
                            w.column,
                            w.cell(have as i64, r.min_count, r.max_count),
                        );
                    }
                }
                Evidence::ServiceDay => {
                    for v in villages.iter().filter(|v| r.binds_village(v.id)) {
                        for w in &ws {
                            let mut days: Vec<NaiveDate> = service_days
                                .iter()
                                .filter(|(village, d)| {
                                    *village == v.id && (w.from..=w.to).contains(d)
                                })
                                .map(|(_, d)| *d)
                                .collect();
                            days.dedup();
                            let have = days.len() as i64;
                            let cell = w.cell(have, r.min_count, r.max_count);
                            put(r, village_subject(v), w.column, cell);
                        }
                    }
                }
                Evidence::Congress
                | Evidence::BranchCommittee
                | Evidence::PartyGroup
                | Evidence::PartyLesson
                | Evidence::TeamLesson
                | Evidence::LifeMeeting
                | Evidence::Appraisal
                | Evidence::Project
                | Evidence::Cleanup
                | Evidence::Screening => {
                    let dated = village_facts
                        .get(&r.evidence)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    for v in villages.iter().filter(|v| r.binds_village(v.id)) {
                        for w in &ws {
                            let have = dated
                                .iter()
                                .filter(|(village, d)| {
                                    *village == v.id && (w.from..=w.to).contains(d)
                                })
                                .count() as i64;
                            let cell = w.cell(have, r.min_count, r.max_count);
                            put(r, village_subject(v), w.column, cell);
                        }
                    }
                }
                Evidence::Milestone => {
                    for v in villages.iter().filter(|v| r.binds_village(v.id)) {
                        for w in &ws {
                            // Due in the window; done by its end (or by the day judged).
                            let due: Vec<_> = milestones
                                .iter()
                                .filter(|(village, d, _)| {
                                    *village == v.id && (w.from..=w.end).contains(d)
                                })
                                .collect();
                            if due.is_empty() {
                                continue;
                            }
                            let have = due
                                .iter()
                                .filter(|(_, _, done)| done.is_some_and(|d| d <= w.end))
                                .count() as i64;
                            let cell = w.cell(have, due.len() as i64, None);
                            put(r, village_subject(v), w.column, cell);
                        }
                    }
                }
                Evidence::VisitForm | Evidence::Coverage => {
                    let limits: Vec<_> = ws
                        .iter()
                        .map(|w| (day_start(w.from), day_start(w.to + Duration::days(1))))
                        .collect();
                    // Per (person, window index): (have, need).
                    let mut tallies: HashMap<(i64, usize), (i64, i64)> = HashMap::new();
                    if r.evidence == Evidence::VisitForm {
                        for (who, w, visits, answered) in
                            crate::visits::api::form_counts(state, &limits).await?
                        {
                            tallies.insert((who, w as usize), (answered, visits));
                        }
                    } else {
                        let ends: Vec<_> = ws.iter().map(|w| w.to + Duration::days(1)).collect();
                        let (assigned, covered) = tokio::try_join!(
                            crate::households::api::assigned_before(state, &ends),
                            crate::visits::api::covered_counts(state, &limits),
                        )?;
                        let mut who: Vec<i64> = assigned.iter().map(|a| a.0).collect();
                        who.sort_unstable();
                        who.dedup();
                        for p in who {
                            for w in 0..ends.len() {
                                let need: i64 = assigned
                                    .iter()
                                    .filter(|a| a.0 == p && a.1 as usize <= w)
                                    .map(|a| a.2)
                                    .sum();
                                if need > 0 {
                                    tallies.insert((p, w), (0, need));
                                }
                            }
                        }
                        for (p, w, covered) in covered {
                            if let Some(t) = tallies.get_mut(&(p, w as usize)) {
                                t.0 = covered.min(t.1);
                            }
                        }
                    }
                    for ((p, w), (have, need)) in tallies {
                        if need == 0 {
                            continue;
                        }
                        let subject = Subject {
                            scope: Scope::Person,
                            id: p,
                            name: people.get(&p).cloned().unwrap_or_default(),
                        };
                        put(r, subject, ws[w].column, ws[w].cell(have, need, None));
                    }
                }
            }
        }
        let rules_in_force = rules
            .iter()
            .filter(|r| r.active_until.is_none())
            .cloned()
            .collect();
        Ok(Grid {
            today,
            months: months.to_vec(),
            rules_in_force,
            rows: rows.into_values().collect(),
        })
    }
}

//! Results' server functions: the office and leaders read and record results; a leader
//! decides on a person's year (补助和奖励), with a reason, on the figures the records give.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The year's results and every person's figures with the decision standing (`year`
/// defaults to this one).
#[server(prefix = "/api", endpoint = "results/view")]
pub async fn get_results(year: Option<i32>) -> Result<ResultsView, AppError> {
    crate::error::respond(ssr::view(year)).await
}

#[server(prefix = "/api", endpoint = "results/add")]
pub async fn add_result(form: ResultForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::add(form)).await
}

/// A leader's decision on a person's year: `reward` or `none`, and why. The figures it was
/// made on are kept with it; a later decision replaces it, the earlier stays on record.
#[server(prefix = "/api", endpoint = "results/decide")]
pub async fn decide(
    user: i64,
    year: i32,
    decision: String,
    reason: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::decide(user, year, decision, reason)).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::obligations::model::{Period, Scope, Span, State};
    use crate::state::{app_state, AppState};
    use crate::ui::time::day_start;
    use chrono::{Datelike, Duration, NaiveDate};
    use std::collections::HashMap;

    const LEADERSHIP: &[Role] = &[Role::Admin, Role::Leader];

    fn year_of(year: Option<i32>, today: NaiveDate) -> Result<i32, AppError> {
        match year {
            None => Ok(today.year()),
            Some(y) if (2016..=today.year()).contains(&y) => Ok(y),
            Some(_) => Err(AppError::invalid("year", Msg::ValYear)),
        }
    }

    /// Every person's figures for the year, from the records as they stand.
    async fn figures(
        state: &AppState,
        year: i32,
        today: NaiveDate,
    ) -> Result<HashMap<i64, Figures>, AppError> {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31)
            .ok_or(AppError::Internal)?
            .min(today);
        let (from, to) = (day_start(first), day_start(last + Duration::days(1)));
        let mut out: HashMap<i64, Figures> = HashMap::new();
        for (who, n) in crate::visits::api::counts_by_person(state, from, to).await? {
            out.entry(who).or_default().visits = n;
        }
        for (who, deadline, closed_at) in
            crate::ledger::api::closed_by_owner(state, from, to).await?
        {
            let f = out.entry(who).or_default();
            f.items_closed += 1;
            let closed_on = crate::ui::time::date_of(closed_at);
            if deadline.is_none_or(|d| closed_on <= d) {
                f.items_on_time += 1;
            }
        }
        for (who, n) in crate::feedback::api::replies_by_author(state, from, to).await? {
            out.entry(who).or_default().feedback_replies = n;
        }
        // The months of the year so far, judged by the obligations calendar.
        let mut months: Vec<Span> = Vec::new();
        let mut day = first;
        while day <= last {
            let m = Period::Month.containing(day);
            months.push(m);
            day = m.end + Duration::days(1);
        }
        let grid = crate::obligations::api::compute(state, &months, today).await?;
        for row in grid
            .rows
            .iter()
            .filter(|r| r.subject.scope == Scope::Person)
        {
            let f = out.entry(row.subject.id).or_default();
            for cell in row.cells.iter().flatten() {
                let done = i64::from(cell.state == State::Done);
                f.obligations_total += 1;
                f.obligations_done += done;
                if row.code == "monthly_coverage" {
                    f.coverage_months += 1;
                    f.coverage_done += done;
                }
            }
        }
        for q in crate::pairing::api::quota(state).await? {
            let f = out.entry(q.user_id).or_default();
            f.paired = q.paired;
            f.quota = Some(q.tier.quota());
        }
        Ok(out)
    }

    pub async fn view(year: Option<i32>) -> Result<ResultsView, AppError> {
        let state = app_state()?;
        require(LEADERSHIP).await?;
        let today = crate::ui::time::today();
        let year = year_of(year, today)?;
        let pool = state.db.read();
        let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?;
        let last = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(AppError::Internal)?;
        let results = db::results(pool, first, last).await?;
        let mut figures = Box::pin(figures(&state, year, today)).await?;
        let mut decided: HashMap<i64, Decided> = HashMap::new();
        for (user, decision, reason, fig, by, at) in db::decisions(pool, year).await? {
            if let Some(decision) = Decision::parse(&decision) {
                let figures = serde_json::from_str(&fig).unwrap_or_default();
                decided.insert(
                    user,
                    Decided {
                        decision,
                        reason,
                        by,
                        at,
                        figures,
                    },
                );
            }
        }
        let people = db::people(pool)
            .await?
            .into_iter()
            .filter_map(|(id, name, post)| {
                Some(Assessment {
                    user_id: id,
                    name,
                    post: crate::users::model::Post::parse(&post)?,
                    figures: figures.remove(&id).unwrap_or_default(),
                    decided: decided.remove(&id),
                })
            })
            .collect();
        let villages = crate::villages::api::all(&state)
            .await?
            .into_iter()
            .map(|v| (v.id, v.name))
            .collect();
        Ok(ResultsView {
            year,
            today,
            results,
            people,
            villages,
        })
    }

    pub async fn add(form: ResultForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(LEADERSHIP).await?;
        let r = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        if !crate::villages::api::exists(&state, r.village_id).await? {
            return Err(AppError::invalid("village", Msg::ValChoice));
        }
        let id = db::insert(state.db.write(), &r, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "result.add",
            &format!("result:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn decide(
        user_id: i64,
        year: i32,
        decision: String,
        reason: String,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        // The leading group decides; the office prepares the figures.
        let user = require(&[Role::Leader]).await?;
        let today = crate::ui::time::today();
        let year = year_of(Some(year), today)?;
        let decision = Decision::parse(&decision)
            .ok_or_else(|| AppError::invalid("decision", Msg::ValChoice))?;
        let reason =
            crate::model::required(&reason, 500).map_err(|m| AppError::invalid("reason", m))?;
        let mut figures = Box::pin(figures(&state, year, today)).await?;
        let assessed = db::people(state.db.read())
            .await?
            .iter()
            .any(|p| p.0 == user_id);
        if !assessed {
            return Err(AppError::NotFound);
        }
        // Plain numbers: serialising them cannot fail.
        let snapshot = serde_json::to_string(&figures.remove(&user_id).unwrap_or_default())
            .unwrap_or_default();
        let d = db::NewDecision {
            user: user_id,
            year,
            decision,
            reason: &reason,
            figures: &snapshot,
            by: user.id,
            at: crate::db::now(),
        };
        db::decide(state.db.write(), &d).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "assessment.decide",
            &format!("user:{user_id} year:{year}"),
            &format!("{}: {reason}", decision.code()),
        )
        .await;
        Ok(())
    }
}

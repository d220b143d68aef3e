//! The economy's server functions, with the organisation's access rule: the office and
//! leaders every village; a cadre the villages whose team they are on; others 403.
use super::model::*;
use crate::error::AppError;
use crate::records::model::WorkBatch;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes 衔接汇报 trips from the phone's outbox; answers per record.
#[server(prefix = "/api", endpoint = "sync/report-trips", input = Json)]
pub async fn push_trips(batch: WorkBatch<TripDraft>) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// A village's plan (and its versions), projects, trips and collective income.
#[server(prefix = "/api", endpoint = "economy/village")]
pub async fn get_economy(village: i64) -> Result<VillageEconomy, AppError> {
    crate::error::respond(ssr::village(village)).await
}

/// Saves the development plan as a new version; the version's number is returned.
#[server(prefix = "/api", endpoint = "economy/plan")]
pub async fn save_plan(plan: PlanForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::plan(plan)).await
}

/// Adds a project (跑项争资).
#[server(prefix = "/api", endpoint = "economy/project_add")]
pub async fn add_project(project: ProjectForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::project_add(project)).await
}

/// Updates a project: its money, status and approval day.
#[server(prefix = "/api", endpoint = "economy/project_update")]
pub async fn update_project(id: i64, project: ProjectForm) -> Result<(), AppError> {
    crate::error::respond(ssr::project_update(id, project)).await
}

/// The collective's income for a year (replaces that year's figure).
#[server(prefix = "/api", endpoint = "economy/income")]
pub async fn save_income(income: IncomeForm) -> Result<(), AppError> {
    crate::error::respond(ssr::income(income)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{approved_between, ledger_lines};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::records::api::{may_see, missing};
    use crate::records::model::{LedgerLine, WorkKind};
    use crate::state::{app_state, AppState};
    use chrono::{Datelike, NaiveDate};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    crate::work_record!(TripDraft => Trip, WorkKind::ReportTrip, db::insert_trip);

    pub async fn village(village: i64) -> Result<VillageEconomy, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        may_see(&state, &user, village).await?;
        let pool = state.db.read();
        let plan_versions = db::plans(pool, village).await?;
        let projects = db::projects(pool, village).await?;
        let year = crate::ui::time::today().year();
        let approved_this_year = projects
            .iter()
            .filter(|p| p.status.approved() && p.approved_on.is_some_and(|d| d.year() == year))
            .count() as i64;
        Ok(VillageEconomy {
            plan: plan_versions.first().cloned(),
            plan_versions,
            projects,
            trips: db::trips(pool, village).await?,
            incomes: db::incomes(pool, village).await?,
            approved_this_year,
        })
    }

    pub async fn plan(form: PlanForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let (village, plan) = form.parse().map_err(AppError::Invalid)?;
        may_see(&state, &user, village).await?;
        let version =
            db::insert_plan(state.db.write(), village, &plan, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "plan.save",
            &format!("village:{village} version:{version}"),
            "ok",
        )
        .await;
        Ok(version)
    }

    pub async fn project_add(form: ProjectForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let p = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see(&state, &user, p.village).await?;
        let id = db::insert_project(state.db.write(), &p, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "project.add",
            &format!(
                "village:{} project:{id} status:{}",
                p.village,
                p.status.code()
            ),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn project_update(id: i64, form: ProjectForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let village = db::project_village(state.db.read(), id)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        // The project stays in its village, whatever the form says.
        let form = ProjectForm {
            village: village.to_string(),
            ..form
        };
        let p = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        db::update_project(state.db.write(), id, &p, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "project.update",
            &format!("village:{village} project:{id} status:{}", p.status.code()),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn income(form: IncomeForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let (village, row) = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see(&state, &user, village).await?;
        db::save_income(state.db.write(), village, &row, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "income.save",
            &format!("village:{village} year:{} fen:{}", row.year, row.income.0),
            "ok",
        )
        .await;
        Ok(())
    }

    /// Approved projects by approval day in `from..=to`: (village, day), for the calendar.
    pub async fn approved_between(
        state: &AppState,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(i64, NaiveDate)>, AppError> {
        Ok(db::approved_between(state.db.read(), from, to).await?)
    }

    /// The economy's 台账 lines for `villages` (id, name): 发展规划, 跑项争资, 衔接汇报, 集体经济.
    pub async fn ledger_lines(
        state: &AppState,
        villages: &[(i64, String)],
    ) -> Result<Vec<LedgerLine>, AppError> {
        let zh = |m: Msg| m.text(crate::i18n::Locale::Zh).to_string();
        let pool = state.db.read();
        let mut out = Vec::new();
        for (id, name) in villages {
            if let Some(p) = db::plans(pool, *id).await?.into_iter().next() {
                let parts = [
                    ("发展目标", &p.plan.goal),
                    ("发展思路", &p.plan.approach),
                    ("基层组织建设", &p.plan.organisation),
                    ("特色产业发展", &p.plan.industry),
                    ("环境管理整治", &p.plan.environment),
                    ("民生民本改善", &p.plan.livelihood),
                    ("集体经济发展", &p.plan.collective),
                ];
                for (kind, text) in parts.into_iter().filter(|(_, t)| !t.is_empty()) {
                    out.push(LedgerLine {
                        kind: kind.into(),
                        on: Some(crate::ui::time::date_of(p.created_at)),
                        subject: format!("第{}版", p.version),
                        detail: text.clone(),
                        by: p.by.clone(),
                        ..LedgerLine::new("发展规划", name)
                    });
                }
            }
            for p in db::projects(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(p.status.label()),
                    on: p.approved_on,
                    subject: p.name,
                    detail: format!(
                        "{} · 申请{}元 · 批复{}元 · 到位{}元{}",
                        p.funder,
                        p.applied.yuan(),
                        p.approved.yuan(),
                        p.received.yuan(),
                        if p.note.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", p.note)
                        }
                    ),
                    amount_fen: Some(p.received.0),
                    ..LedgerLine::new("跑项争资", name)
                });
            }
            for t in db::trips(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(t.level.label()),
                    on: Some(t.trip_on),
                    subject: t.department,
                    detail: format!("{} → {}", t.purpose, t.outcome),
                    by: t.recorded_by,
                    record: t.id,
                    ..LedgerLine::new("衔接汇报", name)
                });
            }
            for i in db::incomes(pool, *id).await? {
                out.push(LedgerLine {
                    kind: format!("{}年", i.year),
                    subject: "村集体经济收入".into(),
                    detail: i.note,
                    amount_fen: Some(i.income.0),
                    ..LedgerLine::new("集体经济", name)
                });
            }
        }
        Ok(out)
    }
}

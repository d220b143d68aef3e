//! The living environment's server functions. The phones push clean-ups; the village page
//! keeps the programme, the 村规民约 and the sanitation crew; the household page its works.
//! Villages: the office and leaders all, a cadre those whose team they are on; households:
//! as the household page (its cadres, the office, leaders).
use super::model::*;
use crate::error::AppError;
use crate::records::model::WorkBatch;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes clean-ups (环境卫生集中整治) from the phone's outbox; answers per record.
#[server(prefix = "/api", endpoint = "sync/cleanups", input = Json)]
pub async fn push_cleanups(batch: WorkBatch<CleanupDraft>) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// A village's clean-ups, programme, works counted, 村规民约 and crew.
#[server(prefix = "/api", endpoint = "environment/village")]
pub async fn get_environment(village: i64) -> Result<VillageEnvironment, AppError> {
    crate::error::respond(ssr::village(village)).await
}

/// A milestone of the three-year programme.
#[server(prefix = "/api", endpoint = "environment/milestone_add")]
pub async fn add_milestone(milestone: MilestoneForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::milestone_add(milestone)).await
}

/// A milestone reached, on `done_on`.
#[server(prefix = "/api", endpoint = "environment/milestone_done")]
pub async fn finish_milestone(
    id: i64,
    done_on: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::milestone_done(id, done_on, note)).await
}

/// Sets one of a household's works (改水、改厕 …) and where it stands.
#[server(prefix = "/api", endpoint = "environment/house_work")]
pub async fn set_house_work(work: HouseWorkForm) -> Result<(), AppError> {
    crate::error::respond(ssr::house_work(work)).await
}

/// A household's works.
#[server(prefix = "/api", endpoint = "environment/house_works")]
pub async fn house_works(household: i64) -> Result<Vec<HouseWorkRow>, AppError> {
    crate::error::respond(ssr::works_of(household)).await
}

/// A new version of the village's 村规民约, adopted on `since`.
#[server(prefix = "/api", endpoint = "environment/rules")]
pub async fn save_rules(village: String, body: String, since: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::version(village, body, None, since)).await
}

/// The sanitation crew (保洁队伍) now: its members and routine, in place from `since`.
#[server(prefix = "/api", endpoint = "environment/crew")]
pub async fn save_crew(
    village: String,
    body: String,
    routine: String,
    since: String,
) -> Result<i64, AppError> {
    crate::error::respond(ssr::version(village, body, Some(routine), since)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{ledger_lines, milestone_facts};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db::{self, Versioned};
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::records::api::{may_see, missing};
    use crate::records::model::{form_village, record_day, LedgerLine, WorkKind};
    use crate::state::{app_state, AppState};
    use chrono::NaiveDate;

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    crate::work_record!(CleanupDraft => Cleanup, WorkKind::Cleanup, db::insert_cleanup);

    pub async fn village(village: i64) -> Result<VillageEnvironment, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        may_see(&state, &user, village).await?;
        let pool = state.db.read();
        let counted = db::work_counts(pool, village).await?;
        let works = HouseWork::ALL
            .iter()
            .map(|k| {
                let n = |s: WorkStatus| {
                    counted
                        .iter()
                        .filter(|c| c.0 == k.code() && c.1 == s.code())
                        .map(|c| c.2)
                        .sum()
                };
                WorkCount {
                    kind: *k,
                    planned: n(WorkStatus::Planned),
                    in_progress: n(WorkStatus::InProgress),
                    done: n(WorkStatus::Done),
                }
            })
            .collect();
        Ok(VillageEnvironment {
            cleanups: db::cleanups(pool, village).await?,
            milestones: db::milestones(pool, village).await?,
            works,
            rules: db::versions(pool, Versioned::Rules, village).await?,
            crews: db::versions(pool, Versioned::Crew, village).await?,
        })
    }

    pub async fn milestone_add(form: MilestoneForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let m = form.parse().map_err(AppError::Invalid)?;
        may_see(&state, &user, m.village).await?;
        let id = db::insert_milestone(state.db.write(), &m, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "milestone.add",
            &format!("village:{} milestone:{id}", m.village),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn milestone_done(id: i64, done_on: String, note: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let village = db::open_milestone(state.db.read(), id)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        let on = record_day(&done_on, crate::ui::time::today())
            .map_err(|m| AppError::invalid("done_on", m))?;
        let note = crate::model::optional(&note, 500)
            .map_err(|m| AppError::invalid("note", m))?
            .unwrap_or_default();
        if !db::finish_milestone(state.db.write(), id, on, &note).await? {
            return Err(missing(&user));
        }
        crate::audit::record(
            &state.db,
            Some(&user),
            "milestone.done",
            &format!("village:{village} milestone:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    async fn may_see_household(
        state: &AppState,
        user: &crate::auth::model::CurrentUser,
        household: i64,
    ) -> Result<(), AppError> {
        let exists = crate::households::api::village_of(state, household).await?;
        match (
            exists,
            crate::households::api::may_see(state, user, household).await?,
        ) {
            (Some(_), true) => Ok(()),
            _ => Err(missing(user)),
        }
    }

    pub async fn house_work(form: HouseWorkForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let w = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see_household(&state, &user, w.household).await?;
        db::upsert_work(state.db.write(), &w, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "house_work.set",
            &format!(
                "household:{} {}:{}",
                w.household,
                w.kind.code(),
                w.status.code()
            ),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn works_of(household: i64) -> Result<Vec<HouseWorkRow>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        may_see_household(&state, &user, household).await?;
        Ok(db::household_works(state.db.read(), household).await?)
    }

    pub async fn version(
        village: String,
        body: String,
        routine: Option<String>,
        since: String,
    ) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let mut errors = Vec::new();
        let village = form_village(&village, &mut errors);
        let parsed = parse_version(&body, routine.as_deref(), &since, crate::ui::time::today());
        let (body, routine, since) = match parsed {
            Ok(v) if errors.is_empty() => v,
            Ok(_) => return Err(AppError::Invalid(errors)),
            Err(mut e) => {
                errors.append(&mut e);
                return Err(AppError::Invalid(errors));
            }
        };
        may_see(&state, &user, village).await?;
        let what = if routine.is_empty() {
            Versioned::Rules
        } else {
            Versioned::Crew
        };
        let v = db::insert_version(
            state.db.write(),
            what,
            village,
            (&body, &routine, since),
            user.id,
            crate::db::now(),
        )
        .await?;
        let action = match what {
            Versioned::Rules => "village_rules.version",
            Versioned::Crew => "sanitation_crew.version",
        };
        crate::audit::record(
            &state.db,
            Some(&user),
            action,
            &format!("village:{village} version:{v}"),
            "ok",
        )
        .await;
        Ok(v)
    }

    /// The programme's milestones due from `from` to `to`: (village, due day, done day).
    pub async fn milestone_facts(
        state: &AppState,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(i64, NaiveDate, Option<NaiveDate>)>, AppError> {
        Ok(db::milestones_due(state.db.read(), from, to).await?)
    }

    /// The 环境整治 sheets of the four helps' 台账 export.
    pub async fn ledger_lines(
        state: &AppState,
        villages: &[(i64, String)],
    ) -> Result<Vec<LedgerLine>, AppError> {
        let zh = |m: Msg| m.text(crate::i18n::Locale::Zh).to_string();
        let pool = state.db.read();
        let mut out = Vec::new();
        for (id, name) in villages {
            for c in db::cleanups(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(Msg::WorkCleanup),
                    on: Some(c.held_on),
                    subject: c.area.clone(),
                    detail: format!("民兵{}人，群众{}人；{}", c.militia, c.villagers, c.work),
                    by: c.recorded_by.clone(),
                    record: c.id.clone(),
                    ..LedgerLine::new("环境卫生整治", name)
                });
            }
            for m in db::milestones(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(m.category.label()),
                    on: m.done_on,
                    subject: m.title.clone(),
                    detail: format!("计划{}完成 {}", m.due_on, m.note),
                    ..LedgerLine::new("绿化美化亮化", name)
                });
            }
        }
        Ok(out)
    }
}

//! Pairing's server functions. Everyone may look (a cadre at their own pairs); the office
//! pairs and unpairs.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "pairing/view")]
pub async fn get_pairing() -> Result<PairingView, AppError> {
    crate::error::respond(ssr::view()).await
}

/// Pairs a person with a poor household; `assign` (a checkbox: any value) also assigns them
/// the household, so they keep its visit diary and count in its coverage.
#[server(prefix = "/api", endpoint = "pairing/pair")]
pub async fn pair_household(
    cadre: String,
    household: String,
    assign: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(ssr::pair(cadre, household, assign.is_some())).await
}

#[server(prefix = "/api", endpoint = "pairing/end")]
pub async fn end_pairing(id: i64) -> Result<(), AppError> {
    crate::error::respond(ssr::end(id)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{hand_over, quota};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::households::model::Difficulty;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::app_state;
    use chrono::{DateTime, Utc};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    /// Each active leader's and cadre's line of the quota check (also the summary's).
    pub async fn quota(state: &crate::state::AppState) -> Result<Vec<QuotaRow>, AppError> {
        Ok(db::people(state.db.read())
            .await?
            .into_iter()
            .filter_map(|(user_id, name, title, post, paired)| {
                let tier = Tier::of(crate::users::model::Post::parse(&post)?)?;
                Some(QuotaRow {
                    user_id,
                    name,
                    title,
                    tier,
                    paired,
                })
            })
            .collect())
    }

    pub async fn view() -> Result<PairingView, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let pool = state.db.read();
        let mut quota = quota(&state).await?;
        let pairs = db::current(pool).await?;
        let plans = crate::ledger::api::help_plans(&state).await?;
        let mut households: Vec<PoorHousehold> = db::poor(pool)
            .await?
            .into_iter()
            .map(|(id, head_name, village, codes)| PoorHousehold {
                id,
                head_name,
                village,
                cadres: pairs
                    .iter()
                    .filter(|p| p.1 == id)
                    .map(|p| (p.0, p.3.clone()))
                    .collect(),
                difficulties: codes
                    .split(',')
                    .filter_map(Difficulty::parse)
                    .map(|d| {
                        let latest = plans.iter().rev().find(|p| p.0 == id && p.1 == d);
                        let plan = latest.map_or(Plan::None, |p| Plan::Item(p.2.clone(), p.3));
                        (d, plan)
                    })
                    .collect(),
            })
            .collect();
        let people = quota
            .iter()
            .map(|q| (q.user_id, format!("{} · {}", q.name, q.title)))
            .collect();
        if user.role == Role::Cadre {
            let mine: Vec<i64> = pairs
                .iter()
                .filter(|p| p.2 == user.id)
                .map(|p| p.1)
                .collect();
            households.retain(|h| mine.contains(&h.id));
            quota.retain(|q| q.user_id == user.id);
            return Ok(PairingView {
                quota,
                households,
                people: Vec::new(),
            });
        }
        Ok(PairingView {
            quota,
            households,
            people,
        })
    }

    fn id(raw: &str, field: &str) -> Result<i64, AppError> {
        raw.trim()
            .parse()
            .map_err(|_| AppError::invalid(field, Msg::ValChoice))
    }

    pub async fn pair(cadre: String, household: String, assign: bool) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let (cadre, household) = (id(&cadre, "cadre")?, id(&household, "household")?);
        let mut tx = state.db.begin().await?;
        if !db::may_pair(&mut tx, cadre, household).await? {
            return Err(AppError::invalid("household", Msg::ValChoice));
        }
        let now = crate::db::now();
        if !db::pair(&mut tx, cadre, household, now).await? {
            return Err(AppError::invalid("household", Msg::ValAlreadyPaired));
        }
        if assign {
            crate::households::api::assign_in(&mut tx, household, cadre, now).await?;
        }
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "pairing.pair",
            &format!("user:{cadre} household:{household}"),
            if assign { "ok, assigned" } else { "ok" },
        )
        .await;
        Ok(())
    }

    pub async fn end(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let mut tx = state.db.begin().await?;
        if !db::end(&mut tx, id, "", crate::db::now()).await? {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "pairing.end",
            &format!("pairing:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    /// Ends `from`'s pairings (rows kept, noted) and pairs `to` with the same households.
    pub async fn hand_over(
        tx: &mut Tx,
        from: i64,
        to: i64,
        note: &str,
        at: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let pairs = db::of_cadre(tx, from).await?;
        for (pairing, household) in &pairs {
            db::end(tx, *pairing, note, at).await?;
            db::pair(tx, to, *household, at).await?;
        }
        Ok(pairs.len() as u64)
    }
}

//! Sync and read of visits. The push endpoint's path and payload are a contract with every
//! phone ever loaded: change them only by adding defaulted fields and a schema number.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes a batch from the phone's outbox; answers per record. One batch is one transaction.
#[server(prefix = "/api", endpoint = "sync/visits", input = Json)]
pub async fn push_visits(batch: SyncBatch) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(ssr::push(batch)).await
}

/// What the phone caches for offline work (DESIGN.md §4): my households, their recent visits,
/// my open ledger items. The phone says how many records it still holds after pushing
/// (`waiting`; phones of older builds send nothing), for the summary's "data still on phones".
#[server(prefix = "/api", endpoint = "sync/pack")]
pub async fn fetch_offline_pack(
    #[server(default)] device: String,
    #[server(default)] waiting: Option<u32>,
) -> Result<OfflinePack, AppError> {
    crate::error::respond(ssr::pack(device, waiting)).await
}

/// A household's visit timeline, for whoever may see the household.
#[server(prefix = "/api", endpoint = "visits/for_household")]
pub async fn household_visits(household: i64) -> Result<Vec<VisitView>, AppError> {
    crate::error::respond(ssr::for_household(household)).await
}

/// How many second versions of a record wait for review (office).
#[server(prefix = "/api", endpoint = "visits/conflicts")]
pub async fn visit_conflicts(id: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::conflicts(id)).await
}

/// Every visit that came twice with different words: the stored one and the second
/// version kept beside it, for the office to read (nothing is overwritten).
#[server(prefix = "/api", endpoint = "visits/conflict_list")]
pub async fn list_visit_conflicts() -> Result<Vec<VisitConflict>, AppError> {
    crate::error::respond(ssr::conflict_list()).await
}

#[cfg(feature = "ssr")]
pub use ssr::{counts_by_person, covered_counts, form_counts, server_lists, PackLists};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::households::merge::{self, Proposal};
    use crate::i18n::Msg;
    use crate::ledger::model::ListView;
    use crate::model::Role;
    use crate::state::app_state;
    use sha2::{Digest, Sha256};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    /// Home visits per person and window, with those that answered the feedback-form
    /// question: (person, window index, visits, answered). For the obligations calendar.
    pub async fn form_counts(
        state: &crate::state::AppState,
        windows: &crate::db::Windows,
    ) -> Result<Vec<(i64, i64, i64, i64)>, AppError> {
        Ok(db::form_counts(state.db.read(), windows).await?)
    }

    /// Visits per person made in `[from, to)`: (person, visits). For the yearly assessment.
    pub async fn counts_by_person(
        state: &crate::state::AppState,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(i64, i64)>, AppError> {
        Ok(db::counts_by_person(state.db.read(), from, to).await?)
    }

    /// Households each person visited of those assigned to them, per window: (person,
    /// window index, households).
    pub async fn covered_counts(
        state: &crate::state::AppState,
        windows: &crate::db::Windows,
    ) -> Result<Vec<(i64, i64, i64)>, AppError> {
        Ok(db::covered_counts(state.db.read(), windows).await?)
    }

    /// Hash of the checked content: equal hashes mean a retry, different ones a conflict.
    fn content_hash(v: &Visit) -> String {
        let canonical = serde_json::to_vec(v).unwrap_or_default();
        format!("{:x}", Sha256::digest(canonical))
    }

    /// A short receipt the cadre can read out: derived from the id, so a retry gets the same.
    fn receipt(id: &VisitId) -> String {
        let digest = Sha256::digest(id.as_str().as_bytes());
        let hex: String = digest[..5].iter().map(|b| format!("{b:02X}")).collect();
        format!("V{hex}")
    }

    #[tracing::instrument(skip_all, fields(records = batch.visits.len()))]
    pub async fn push(batch: SyncBatch) -> Result<Vec<RecordResult>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if batch.schema == 0 || batch.schema > SYNC_SCHEMA {
            return Err(AppError::invalid("schema", Msg::ValSchema));
        }
        if batch.visits.len() > MAX_BATCH {
            return Err(AppError::invalid("visits", Msg::ValBatchTooLarge));
        }
        if batch.device.len() > 64 {
            return Err(AppError::invalid("device", Msg::ValTooLong));
        }
        let device = format!("{}/{}", user.id, batch.device.trim());
        let mine = crate::households::api::assigned_to(&state, user.id).await?;
        let now = crate::db::now();
        let mut results = Vec::with_capacity(batch.visits.len());
        let mut tx = state.db.begin().await?;
        for draft in &batch.visits {
            let outcome = match draft.parse() {
                Err(reason) => Outcome::Rejected { reason },
                Ok(v) if !mine.contains(&v.household_id) => Outcome::Rejected {
                    reason: Msg::ErrForbidden,
                },
                Ok(v) => {
                    let hash = content_hash(&v);
                    match db::find(&mut tx, &v.id).await? {
                        Some(s) if s.content_hash == hash => Outcome::Duplicate {
                            receipt: s.receipt,
                            received_at: s.received_at,
                        },
                        Some(_) => {
                            let payload = serde_json::to_string(draft).unwrap_or_default();
                            db::insert_conflict(&mut tx, &v.id, user.id, &payload, now).await?;
                            Outcome::Conflict
                        }
                        None => 'new: {
                            // Its photos must all be on the server first; else it waits.
                            let owner = crate::photos::api::Owner {
                                kind: "visit",
                                id: v.id.as_str(),
                                village: match v.photos.is_empty() {
                                    true => None,
                                    false => {
                                        crate::households::api::village_of(&state, v.household_id)
                                            .await?
                                    }
                                },
                                household: Some(v.household_id),
                            };
                            if let Some(reason) =
                                crate::photos::api::attach(&mut tx, user.id, owner, &v.photos)
                                    .await?
                            {
                                break 'new Outcome::Rejected { reason };
                            }
                            let receipt = receipt(&v.id);
                            let new = db::NewVisit {
                                visit: &v,
                                cadre_id: user.id,
                                content_hash: &hash,
                                receipt: &receipt,
                                received_at: now,
                                schema: batch.schema,
                                device: &device,
                            };
                            if db::insert(&mut tx, &new).await? {
                                for change in &v.changes {
                                    let p = Proposal {
                                        household: v.household_id,
                                        change,
                                        // A phone clock ahead of the server's never lets
                                        // its facts win every later merge.
                                        device_time: v.visited_at.min(now),
                                        device: &device,
                                        cadre: user.id,
                                    };
                                    merge::apply(&mut tx, &p, now).await?;
                                }
                                if let Some(kind) = v.ledger {
                                    crate::ledger::api::from_visit(
                                        &mut tx,
                                        user.id,
                                        v.id.as_str(),
                                        kind,
                                        v.household_id,
                                        &v.problems,
                                        now,
                                    )
                                    .await?;
                                }
                                Outcome::Accepted {
                                    receipt,
                                    received_at: now,
                                }
                            } else {
                                // Only reachable if another writer raced us; the key held.
                                Outcome::Conflict
                            }
                        }
                    }
                }
            };
            results.push(RecordResult {
                id: draft.id.clone(),
                outcome,
            });
        }
        tx.commit().await?;
        Ok(results)
    }

    pub async fn pack(device: String, waiting: Option<u32>) -> Result<OfflinePack, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if device.len() > 64 {
            return Err(AppError::invalid("device", Msg::ValTooLong));
        }
        if let Some(waiting) = waiting {
            let device = format!("{}/{}", user.id, device.trim());
            db::record_sync(
                state.db.write(),
                &device,
                user.id,
                crate::db::now(),
                waiting,
            )
            .await?;
        }
        let PackLists {
            households,
            visits,
            items,
        } = lists(&state, user.id).await?;
        let ids: Vec<i64> = households.iter().map(|h| h.id).collect();
        let villages = crate::teams::api::work_villages(&state, &user).await?;
        let materials = crate::servicepack::api::carried(&state).await?;
        // Only the cadre's own households' 代购 (the office and leaders have none in the pack).
        let purchases = crate::servicepack::api::open_purchases(&state, &ids).await?;
        Ok(OfflinePack {
            schema: SYNC_SCHEMA,
            generated_at: crate::db::now(),
            households,
            visits,
            items,
            villages,
            materials,
            purchases,
        })
    }

    /// The offline pack's lists a diary draws: a user's households, those households'
    /// recent visits, the user's open ledger items.
    pub struct PackLists {
        pub households: Vec<crate::households::model::OfflineHousehold>,
        pub visits: Vec<VisitView>,
        pub items: Vec<crate::ledger::model::ItemRow>,
    }

    /// The pack's lists for `user`.
    async fn lists(state: &crate::state::AppState, user: i64) -> Result<PackLists, AppError> {
        let households = crate::households::api::offline_households(state, user).await?;
        let ids: Vec<i64> = households.iter().map(|h| h.id).collect();
        let since = crate::db::now() - chrono::Duration::days(PACK_VISIT_DAYS);
        let visits =
            db::recent_for(state.db.read(), &ids, since, PACK_VISITS_PER_HOUSEHOLD).await?;
        let items = crate::ledger::api::rows(state, ListView::Mine, user).await?;
        Ok(PackLists {
            households,
            visits,
            items,
        })
    }

    /// What the signed-in user's first sync would bring the phone (households, visits, open
    /// ledger items), for the diary served plain (`ui/plain.rs`) to draw as the app draws
    /// the phone's copy. Recorded nowhere: no phone asked.
    pub async fn server_lists() -> Result<PackLists, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        lists(&state, user.id).await
    }

    pub async fn for_household(household: i64) -> Result<Vec<VisitView>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if !crate::households::api::may_see(&state, &user, household).await? {
            return Err(AppError::Forbidden);
        }
        let mut visits = db::for_household(state.db.read(), household).await?;
        let ids: Vec<String> = visits.iter().map(|v| v.id.clone()).collect();
        for p in crate::photos::api::of_records(&state, &ids).await? {
            if let Some(v) = visits.iter_mut().find(|v| v.id == p.record_id) {
                v.photos.push(p);
            }
        }
        Ok(visits)
    }

    pub async fn conflict_list() -> Result<Vec<VisitConflict>, AppError> {
        let state = app_state()?;
        require(&[Role::Admin]).await?;
        let rows = db::conflicts(state.db.read()).await?;
        Ok(rows
            .into_iter()
            .map(|(stored, household, cadre, payload, received_at)| {
                // The payload is the draft as the phone sent it; one that no longer reads
                // is still shown, as its raw text.
                let second = serde_json::from_str::<VisitDraft>(&payload).ok();
                VisitConflict {
                    household,
                    cadre,
                    received_at,
                    second_visited_at: second
                        .as_ref()
                        .map(|d| d.visited_at.clone())
                        .unwrap_or_default(),
                    second_content: second
                        .as_ref()
                        .map(|d| d.content.clone())
                        .unwrap_or(payload),
                    second_outcome: second
                        .as_ref()
                        .map(|d| d.outcome.clone())
                        .unwrap_or_default(),
                    second_problems: second.map(|d| d.problems).unwrap_or_default(),
                    stored,
                }
            })
            .collect())
    }

    pub async fn conflicts(id: String) -> Result<i64, AppError> {
        let state = app_state()?;
        require(&[Role::Admin]).await?;
        Ok(db::conflict_count(state.db.read(), id.trim()).await?)
    }
}

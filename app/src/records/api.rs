//! The exactly-once push every village record kind shares, and the access rule: the office
//! and leaders see every village's work; a cadre the villages whose team they are on; the
//! rest 403. The kinds' endpoints (`organisation`, `economy`) call [`push`].
#[cfg(feature = "ssr")]
pub use ssr::{may_see, missing, push, WorkRecord};

/// Makes `$draft` (checked by its own `check(today)` into `$checked`) a record kind `$kind`
/// whose own row `$store(tx, id, &checked)` writes.
#[cfg(feature = "ssr")]
#[macro_export]
macro_rules! work_record {
    ($draft:ty => $checked:ty, $kind:expr, $store:path) => {
        impl $crate::records::api::WorkRecord for $draft {
            type Checked = $checked;
            const KIND: $crate::records::model::WorkKind = $kind;
            fn raw_id(&self) -> &str {
                &self.id
            }
            fn check(
                &self,
                today: chrono::NaiveDate,
            ) -> Result<($crate::records::model::Envelope, $checked), $crate::i18n::Msg> {
                <$draft>::check(self, today)
            }
            async fn store(tx: &mut $crate::db::Tx, id: &str, c: &$checked) -> sqlx::Result<()> {
                $store(tx, id, c).await
            }
        }
    };
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db::{self, NewRecord};
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::{app_state, AppState};
    use crate::visits::model::{Outcome, RecordResult, MAX_BATCH};
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;

    /// A kind of record the phones push.
    pub trait WorkRecord: serde::Serialize + Send + Sync {
        type Checked: Send + Sync;
        const KIND: WorkKind;
        /// The id as sent, to answer about it even when it does not read.
        fn raw_id(&self) -> &str;
        /// The first reason it cannot be stored, as the sync answer names one.
        fn check(&self, today: chrono::NaiveDate) -> Result<(Envelope, Self::Checked), Msg>;
        /// Stores the kind's own row under the envelope's id, in the batch's transaction.
        fn store(
            tx: &mut Tx,
            id: &str,
            c: &Self::Checked,
        ) -> impl std::future::Future<Output = sqlx::Result<()>> + Send;
    }

    /// The receipt a cadre can read out: derived from the id, so a retry gets the same.
    fn receipt(id: &str) -> String {
        let digest = Sha256::digest(id.as_bytes());
        let hex: String = digest[..5].iter().map(|b| format!("{b:02X}")).collect();
        format!("W{hex}")
    }

    /// Refuses `user` a village they do not serve (403), or one that does not exist (404).
    pub async fn may_see(
        state: &AppState,
        user: &CurrentUser,
        village: i64,
    ) -> Result<(), AppError> {
        if crate::teams::api::serves(state, user, village).await? {
            return Ok(());
        }
        match user.role {
            Role::Cadre => Err(AppError::Forbidden),
            Role::Admin | Role::Leader => Err(AppError::NotFound),
        }
    }

    /// What a lookup by id that found nothing answers `user`: a cadre 403, as for a record of
    /// a village they do not serve (so ids elsewhere cannot be probed); the office 404.
    pub fn missing(user: &CurrentUser) -> AppError {
        match user.role {
            Role::Cadre => AppError::Forbidden,
            Role::Admin | Role::Leader => AppError::NotFound,
        }
    }

    /// Stores a phone's batch of one kind, one transaction, answering per record (§3): the
    /// same id and content again is a duplicate with the first receipt; other content under a
    /// stored id is kept aside as a conflict; a record that does not check, or names a
    /// village its sender does not serve, is rejected with the reason, the rest go on.
    pub async fn push<R: WorkRecord>(batch: WorkBatch<R>) -> Result<Vec<RecordResult>, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader, Role::Cadre]).await?;
        if batch.schema == 0 || batch.schema > WORK_SCHEMA {
            return Err(AppError::invalid("schema", Msg::ValSchema));
        }
        if batch.items.len() > MAX_BATCH {
            return Err(AppError::invalid("items", Msg::ValBatchTooLarge));
        }
        let device = batch.device.chars().take(64).collect::<String>();
        let today = crate::ui::time::today();
        let now = crate::db::now();
        // Whether the sender served the village on the record's own day (a record written
        // while on the team still arrives after a move), read once per village and day.
        let mut serves: HashMap<(i64, chrono::NaiveDate), bool> = HashMap::new();
        // Each record checked once; the answers below follow the same order.
        let checked: Vec<_> = batch.items.iter().map(|i| i.check(today)).collect();
        for (env, _) in checked.iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(e) =
                serves.entry((env.village, env.on))
            {
                e.insert(crate::teams::api::served_on(&state, &user, env.village, env.on).await?);
            }
        }
        let mut results = Vec::with_capacity(batch.items.len());
        let mut tx = state.db.begin().await?;
        for (item, check) in batch.items.iter().zip(checked) {
            let outcome = match check {
                Err(reason) => Outcome::Rejected { reason },
                Ok((env, checked)) => {
                    let payload = serde_json::to_vec(item).unwrap_or_default();
                    let hash = format!("{:x}", Sha256::digest(&payload));
                    let id = env.id.as_str();
                    let served = serves.get(&(env.village, env.on)).copied().unwrap_or(false);
                    match db::find(&mut tx, id).await? {
                        // A retry of what is stored is answered as such before anything else.
                        Some((kind, h, at)) if h == hash && kind == R::KIND.code() => {
                            Outcome::Duplicate {
                                receipt: receipt(id),
                                received_at: at,
                            }
                        }
                        _ if !served => Outcome::Rejected {
                            reason: Msg::ErrForbidden,
                        },
                        Some(_) => {
                            let payload = String::from_utf8(payload).unwrap_or_default();
                            db::insert_conflict(&mut tx, id, R::KIND, user.id, &payload, now)
                                .await?;
                            Outcome::Conflict
                        }
                        None => {
                            let new = NewRecord {
                                id,
                                kind: R::KIND,
                                village: env.village,
                                on: env.on,
                                by: user.id,
                                device: &device,
                                content_hash: &hash,
                                received_at: now,
                            };
                            db::insert(&mut tx, &new).await?;
                            R::store(&mut tx, id, &checked).await?;
                            Outcome::Accepted {
                                receipt: receipt(id),
                                received_at: now,
                            }
                        }
                    }
                }
            };
            results.push(RecordResult {
                id: item.raw_id().to_string(),
                outcome,
            });
        }
        tx.commit().await?;
        Ok(results)
    }
}

//! The exactly-once push every village record kind shares, and the access rule: the office
//! and leaders see every village's work; a cadre the villages whose team they are on; the
//! rest 403; a household's record (代购), who may see the household. The kinds' endpoints
//! (`organisation`, `economy`, `safety`, `environment`, `servicepack`) call [`push`].
#[cfg(feature = "ssr")]
pub use ssr::{dated, may_see, missing, push, WorkRecord};

/// Makes `$draft` (checked by its own `check(today)` into `$checked`) a record kind `$kind`,
/// in three forms:
/// - `work_record!(D => C, K, store)`: its row is written by `store(tx, id, &checked)`;
/// - `work_record!(D => C, K, store: f)`: by `f(tx, &Stored, &checked)` (returning
///   `Result<(), AppError>`), for a kind whose row needs the sender or makes rows elsewhere;
/// - `work_record!(D => C, K, store: f, admit: a)`: as the second, once `a(tx, &checked)` has
///   found no reason (a `Msg`) to refuse it against what is stored.
#[cfg(feature = "ssr")]
#[macro_export]
macro_rules! work_record {
    ($draft:ty => $checked:ty, $kind:expr, $store:path) => {
        $crate::work_record!(@impl $draft => $checked, $kind,
            |_t, _c| Ok(None), |tx, s, c| Ok($store(tx, s.id, c).await?));
    };
    ($draft:ty => $checked:ty, $kind:expr, store: $store:path) => {
        $crate::work_record!(@impl $draft => $checked, $kind,
            |_t, _c| Ok(None), |tx, s, c| $store(tx, s, c).await);
    };
    ($draft:ty => $checked:ty, $kind:expr, store: $store:path, admit: $admit:path) => {
        $crate::work_record!(@impl $draft => $checked, $kind,
            |tx, c| $admit(tx, c).await, |tx, s, c| $store(tx, s, c).await);
    };
    (@impl $draft:ty => $checked:ty, $kind:expr,
        |$atx:ident, $ac:ident| $admit:expr, |$tx:ident, $s:ident, $c:ident| $store:expr) => {
        impl $crate::records::api::WorkRecord for $draft {
            type Checked = $checked;
            const KIND: $crate::records::model::WorkKind = $kind;
            fn raw_id(&self) -> &str {
                &self.id
            }
            fn photos(&self) -> &[$crate::photos::model::PhotoRef] {
                &self.photos
            }
            fn check(
                &self,
                today: chrono::NaiveDate,
            ) -> Result<($crate::records::model::Envelope, $checked), $crate::i18n::Msg> {
                <$draft>::check(self, today)
            }
            #[allow(unused_variables)]
            async fn admit(
                $atx: &mut $crate::db::Tx,
                $ac: &$checked,
            ) -> Result<Option<$crate::i18n::Msg>, $crate::error::AppError> {
                $admit
            }
            async fn store(
                $tx: &mut $crate::db::Tx,
                $s: &$crate::records::model::Stored<'_>,
                $c: &$checked,
            ) -> Result<(), $crate::error::AppError> {
                $store
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
        /// The photos it names (issue 20): each must be on the server before it is stored.
        fn photos(&self) -> &[crate::photos::model::PhotoRef];
        /// The first reason it cannot be stored, as the sync answer names one.
        fn check(&self, today: chrono::NaiveDate) -> Result<(Envelope, Self::Checked), Msg>;
        /// Why what is stored refuses it (a delivery of an unknown 代购), if it does.
        fn admit(
            tx: &mut Tx,
            c: &Self::Checked,
        ) -> impl std::future::Future<Output = Result<Option<Msg>, AppError>> + Send;
        /// Stores the kind's own row under the envelope's id, in the batch's transaction.
        fn store(
            tx: &mut Tx,
            s: &Stored<'_>,
            c: &Self::Checked,
        ) -> impl std::future::Future<Output = Result<(), AppError>> + Send;
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

    /// Every record of `kind` dated from `from` to `to`: (village, its own day), for the
    /// obligations calendar.
    pub async fn dated(
        state: &AppState,
        kind: WorkKind,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(i64, chrono::NaiveDate)>, AppError> {
        Ok(db::dated(state.db.read(), kind, from, to).await?)
    }

    /// What a lookup by id that found nothing answers `user`: a cadre 403, as for a record of
    /// a village they do not serve (so ids elsewhere cannot be probed); the office 404.
    pub fn missing(user: &CurrentUser) -> AppError {
        match user.role {
            Role::Cadre => AppError::Forbidden,
            Role::Admin | Role::Leader => AppError::NotFound,
        }
    }

    /// Why the record cannot be stored against what is stored: its kind's own reason, or a
    /// photo it names that is not whole on the server (then it waits on the phone). When none,
    /// its photos are now the record's, in the batch's transaction.
    async fn admit_with_photos<R: WorkRecord>(
        tx: &mut Tx,
        user: &CurrentUser,
        env: &Envelope,
        item: &R,
        checked: &R::Checked,
    ) -> Result<Option<Msg>, AppError> {
        if let Some(reason) = R::admit(tx, checked).await? {
            return Ok(Some(reason));
        }
        let photos = match crate::photos::model::check(item.photos()) {
            Ok(p) => p,
            Err(reason) => return Ok(Some(reason)),
        };
        let owner = crate::photos::api::Owner {
            kind: R::KIND.code(),
            id: env.id.as_str(),
            village: Some(env.village),
            household: env.household,
        };
        crate::photos::api::attach(tx, user.id, owner, &photos).await
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
        let mut checked: Vec<_> = batch.items.iter().map(|i| i.check(today)).collect();
        // A household's record belongs to the household's village, and to those who may see
        // the household (its cadres, the office, leaders), whatever team they are on.
        let mut households: HashMap<i64, Option<i64>> = HashMap::new();
        for c in checked.iter_mut() {
            let Ok((env, _)) = c else { continue };
            let Some(h) = env.household else { continue };
            let village = match households.get(&h) {
                Some(v) => *v,
                None => {
                    let v = match crate::households::api::may_see(&state, &user, h).await? {
                        true => crate::households::api::village_of(&state, h).await?,
                        false => None,
                    };
                    households.insert(h, v);
                    v
                }
            };
            // Village 0 is served by nobody: refused, after a retry of what is stored.
            env.village = village.unwrap_or(0);
            serves.insert((env.village, env.on), village.is_some());
        }
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
                        None => match admit_with_photos::<R>(&mut tx, &user, &env, item, &checked)
                            .await?
                        {
                            Some(reason) => Outcome::Rejected { reason },
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
                                let stored = Stored {
                                    id,
                                    village: env.village,
                                    by: user.id,
                                    at: now,
                                };
                                R::store(&mut tx, &stored, &checked).await?;
                                Outcome::Accepted {
                                    receipt: receipt(id),
                                    received_at: now,
                                }
                            }
                        },
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

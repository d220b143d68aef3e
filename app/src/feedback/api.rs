//! Feedback's server functions: the phones' sync endpoint, the inbox, replies; and the
//! public card page's submission (called by `cards::public`, not over the API).
use super::model::*;
use crate::error::AppError;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes cadre-captured feedback from the phone's outbox; answers per record, as visits do.
#[server(prefix = "/api", endpoint = "sync/feedback", input = Json)]
pub async fn push_feedback(batch: FeedbackBatch) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(ssr::push(batch)).await
}

/// The inbox (office, leaders: everything) or a cadre's own feedback (less conduct
/// complaints about them), narrowed by the parts of an [`InboxQuery`], each optional (an
/// empty status is all).
#[server(prefix = "/api", endpoint = "feedback/list")]
pub async fn list_feedback(
    #[server(default)] status: String,
    #[server(default)] category: String,
    #[server(default)] village: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] q: String,
) -> Result<Inbox, AppError> {
    let query = InboxQuery {
        status,
        category,
        village,
        from,
        to,
        q,
    };
    crate::error::respond(ssr::list(query)).await
}

/// How many items in the caller's view wait to be accepted (待受理): the office home's and
/// the 反馈 tab's count.
#[server(prefix = "/api", endpoint = "feedback/waiting")]
pub async fn waiting_feedback() -> Result<i64, AppError> {
    crate::error::respond(ssr::waiting()).await
}

#[server(prefix = "/api", endpoint = "feedback/get")]
pub async fn get_feedback(id: String) -> Result<FeedbackDetail, AppError> {
    crate::error::respond(ssr::get(id)).await
}

/// The office answers: a new status and a note, public (on the receipt page) or internal.
#[server(prefix = "/api", endpoint = "feedback/reply")]
pub async fn reply_feedback(
    id: String,
    status: String,
    body: String,
    #[server(default)] public: Option<String>,
) -> Result<(), AppError> {
    crate::error::respond(ssr::reply(id, status, body, public.is_some())).await
}

#[cfg(feature = "ssr")]
pub use ssr::{public_status, replies_by_author, submit_public, triage_in, untriaged, Triaged};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db::{self, NewFeedback, Scope};
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::{app_state, AppState};
    use crate::visits::model::{Outcome, RecordResult, MAX_BATCH};
    use sha2::{Digest, Sha256};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    /// Replies to villagers' feedback per author in `[from, to)`: (author, replies).
    pub async fn replies_by_author(
        state: &AppState,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<(i64, i64)>, AppError> {
        Ok(db::replies_by_author(state.db.read(), from, to).await?)
    }

    fn hash(parts: &impl serde::Serialize) -> String {
        format!(
            "{:x}",
            Sha256::digest(serde_json::to_vec(parts).unwrap_or_default())
        )
    }

    fn scope(user: &CurrentUser) -> Scope {
        match user.role {
            Role::Cadre => Scope::Cadre(user.id),
            Role::Leader => Scope::Leader(user.id),
            Role::Admin => Scope::All,
        }
    }

    /// Whether this user may see an item of `category` concerning `cadre`.
    fn may_see(user: &CurrentUser, category: Category, cadre: Option<i64>) -> bool {
        let about_me = cadre == Some(user.id) && category == Category::Conduct;
        match scope(user) {
            Scope::All => true,
            Scope::Leader(_) => !about_me,
            Scope::Cadre(me) => cadre == Some(me) && !about_me,
        }
    }

    /// A villager's form from a card page. `key` is the form key the page handed out: the
    /// same form sent twice gets its first receipt again; changed and sent again under the
    /// same key, it is a new item (the villager went back and added something).
    pub async fn submit_public(
        state: &AppState,
        key: &str,
        body: &FeedbackBody,
        card_id: i64,
        cadre_id: i64,
    ) -> Result<ReceiptCode, AppError> {
        let content_hash = hash(&(body, card_id));
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        // The key, or for other words sent under it, the key and those words' hash: either
        // way a retry finds the row its first try made.
        let mut id = key.to_string();
        loop {
            match db::find(&mut tx, &id).await? {
                Some(s) if s.content_hash == content_hash => {
                    return ReceiptCode::parse(&s.receipt).ok_or(AppError::Internal);
                }
                Some(_) if id == key => id = format!("{key}-{}", &content_hash[..16]),
                Some(_) => return Err(AppError::Internal),
                None => break,
            }
        }
        for _ in 0..3 {
            let receipt = ReceiptCode::generate();
            let new = NewFeedback {
                id: &id,
                receipt: &receipt,
                body,
                channel: Channel::Card,
                card_id: Some(card_id),
                cadre_id: Some(cadre_id),
                household_id: None,
                content_hash: &content_hash,
                submitted_at: now,
                received_at: now,
            };
            if db::insert(&mut tx, &new).await? {
                tx.commit().await?;
                return Ok(receipt);
            }
        }
        Err(AppError::Internal)
    }

    pub async fn public_status(
        state: &AppState,
        code: &ReceiptCode,
    ) -> Result<Option<PublicStatus>, AppError> {
        Ok(db::public_status(state.db.read(), code).await?)
    }

    #[tracing::instrument(skip_all, fields(records = batch.items.len()))]
    pub async fn push(batch: FeedbackBatch) -> Result<Vec<RecordResult>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if batch.schema == 0 || batch.schema > FEEDBACK_SCHEMA {
            return Err(AppError::invalid("schema", Msg::ValSchema));
        }
        if batch.items.len() > MAX_BATCH {
            return Err(AppError::invalid("items", Msg::ValBatchTooLarge));
        }
        let mine = crate::households::api::assigned_to(&state, user.id).await?;
        let now = crate::db::now();
        let mut results = Vec::with_capacity(batch.items.len());
        let mut tx = state.db.begin().await?;
        for draft in &batch.items {
            let outcome = match draft.parse() {
                Err(reason) => Outcome::Rejected { reason },
                Ok(c) if c.household_id.is_some_and(|h| !mine.contains(&h)) => Outcome::Rejected {
                    reason: Msg::ErrForbidden,
                },
                Ok(c) => {
                    let content_hash = hash(&c);
                    match db::find(&mut tx, c.id.as_str()).await? {
                        Some(s) if s.content_hash == content_hash => Outcome::Duplicate {
                            receipt: ReceiptCode::parse(&s.receipt)
                                .map(|r| r.display())
                                .unwrap_or(s.receipt),
                            received_at: s.received_at,
                        },
                        Some(_) => {
                            let payload = serde_json::to_string(draft).unwrap_or_default();
                            db::insert_conflict(&mut tx, c.id.as_str(), user.id, &payload, now)
                                .await?;
                            Outcome::Conflict
                        }
                        None => {
                            let receipt = ReceiptCode::generate();
                            let new = NewFeedback {
                                id: c.id.as_str(),
                                receipt: &receipt,
                                body: &c.body,
                                channel: c.channel,
                                card_id: None,
                                cadre_id: Some(user.id),
                                household_id: c.household_id,
                                content_hash: &content_hash,
                                submitted_at: c.submitted_at,
                                received_at: now,
                            };
                            if db::insert(&mut tx, &new).await? {
                                Outcome::Accepted {
                                    receipt: receipt.display(),
                                    received_at: now,
                                }
                            } else {
                                // Another writer took the id (or, once in 10^12, the receipt).
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

    pub async fn list(query: InboxQuery) -> Result<Inbox, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let filter = query.parse().map_err(|e| AppError::Invalid(vec![e]))?;
        let mut inbox = db::inbox(state.db.read(), scope(&user), &filter).await?;
        inbox.reply_days = crate::cards::api::reply_days(&state).await?;
        inbox.today = Some(crate::ui::time::today());
        Ok(inbox)
    }

    pub async fn waiting() -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        Ok(db::waiting(state.db.read(), scope(&user)).await?)
    }

    pub async fn get(id: String) -> Result<FeedbackDetail, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let (detail, cadre) = db::detail(state.db.read(), id.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        // Not 403: a conduct complaint's very existence is not the cadre's to learn.
        if !may_see(&user, detail.row.category, cadre) {
            return Err(AppError::NotFound);
        }
        Ok(detail)
    }

    const REPLY_MAX: usize = 1000;

    pub async fn reply(
        id: String,
        status: String,
        body: String,
        public: bool,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader]).await?;
        let status =
            Status::parse(&status).ok_or_else(|| AppError::invalid("status", Msg::ValChoice))?;
        let body =
            crate::model::required(&body, REPLY_MAX).map_err(|m| AppError::invalid("body", m))?;
        let (category, cadre) = db::concern(state.db.read(), id.trim())
            .await?
            .ok_or(AppError::NotFound)?;
        if !may_see(&user, category, cadre) {
            return Err(AppError::NotFound);
        }
        let now = crate::db::now();
        if !db::reply(
            state.db.write(),
            id.trim(),
            user.id,
            status,
            &body,
            public,
            now,
        )
        .await?
        {
            return Err(AppError::NotFound);
        }
        crate::audit::record(
            &state.db,
            Some(&user),
            "feedback.reply",
            &format!("feedback:{}", id.trim()),
            status.code(),
        )
        .await;
        Ok(())
    }

    /// Feedback not yet triaged, for the meeting's agenda, as this user may see it.
    pub async fn untriaged(
        state: &AppState,
        user: &CurrentUser,
    ) -> Result<Vec<FeedbackRow>, AppError> {
        let new = InboxFilter {
            status: Some(Status::New),
            ..Default::default()
        };
        Ok(db::inbox(state.db.read(), scope(user), &new).await?.rows)
    }

    /// What became of a triaged item: the ledger item is made from these.
    pub struct Triaged {
        pub content: String,
        /// The villager's name and phone as they gave them, or empty.
        pub contact: String,
        pub household_id: Option<i64>,
    }

    /// Classifies and accepts a new item in `tx`, telling the villager it was taken on.
    pub async fn triage_in(
        tx: &mut crate::db::Tx,
        user: &CurrentUser,
        id: &str,
        category: Category,
        reply: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Triaged, AppError> {
        let f = db::for_triage(tx, id)
            .await?
            .filter(|f| may_see(user, f.category, f.cadre_id))
            .ok_or(AppError::NotFound)?;
        if f.status != Status::New || !db::triage(tx, id, category, user.id, reply, now).await? {
            return Err(AppError::invalid("feedback", Msg::ValAlreadyTriaged));
        }
        Ok(Triaged {
            content: f.content,
            contact: f.contact,
            household_id: f.household_id,
        })
    }
}

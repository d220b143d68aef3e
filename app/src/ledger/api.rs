//! The ledger's server functions, and the calls other capabilities make into it (a visit's
//! problem, a triaged feedback item, a reception, a handover) inside their own transaction.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// One of the lists of `ListView`; a cadre sees what they own or raised.
#[server(prefix = "/api", endpoint = "ledger/list")]
pub async fn list_items(view: String) -> Result<LedgerList, AppError> {
    crate::error::respond(ssr::list(ListView::from_query(&view))).await
}

#[server(prefix = "/api", endpoint = "ledger/get")]
pub async fn get_item(id: String) -> Result<ItemDetail, AppError> {
    crate::error::respond(ssr::get(id)).await
}

/// A new item. A cadre's own item is theirs: owner themselves, a deadline required.
#[server(prefix = "/api", endpoint = "ledger/create")]
pub async fn create_item(form: ItemForm) -> Result<String, AppError> {
    crate::error::respond(ssr::create(form)).await
}

#[server(prefix = "/api", endpoint = "ledger/step")]
pub async fn step_item(id: String, form: StepForm) -> Result<(), AppError> {
    crate::error::respond(ssr::step(id, form)).await
}

/// A line of progress in the log; the status stays.
#[server(prefix = "/api", endpoint = "ledger/note")]
pub async fn note_item(id: String, note: String) -> Result<(), AppError> {
    crate::error::respond(ssr::note(id, note)).await
}

/// Photos added to an item's log with an optional line (proof of the work, the hazard
/// itself), by whoever may add a note: each must be whole on the server, uploaded by the
/// caller (`photos::api`); else 422 with the reason, and nothing is logged.
#[server(prefix = "/api", endpoint = "ledger/photos", input = server_fn::codec::Json)]
pub async fn add_item_photos(
    id: String,
    photos: Vec<crate::photos::model::PhotoRef>,
    note: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::add_photos(id, photos, note)).await
}

/// Who may own an item (office and leaders assign).
#[server(prefix = "/api", endpoint = "ledger/people")]
pub async fn list_people() -> Result<Vec<(i64, String)>, AppError> {
    crate::error::respond(ssr::people()).await
}

/// My open, overdue and due-soon counts, for the home page.
#[server(prefix = "/api", endpoint = "ledger/counts")]
pub async fn ledger_counts() -> Result<MyCounts, AppError> {
    crate::error::respond(ssr::counts()).await
}

#[cfg(feature = "ssr")]
pub use ssr::{
    closed_by_owner, create_in, from_visit, hand_over, help_plans, made_by, made_from,
    meeting_note, new_id, owner_of, people_of, rows, step_in, ItemSource,
};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db::{self, NewEvent, NewRow, Scope};
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::{app_state, AppState};
    use chrono::{DateTime, NaiveDate, Utc};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    /// Items closed in `[from, to)` with an owner: (owner, deadline, when closed).
    pub async fn closed_by_owner(
        state: &AppState,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(i64, Option<NaiveDate>, DateTime<Utc>)>, AppError> {
        Ok(db::closed_by_owner(state.db.read(), from, to).await?)
    }
    const LIST_LIMIT: i64 = 300;

    fn today() -> NaiveDate {
        crate::ui::time::today()
    }

    fn scope(user: &CurrentUser) -> Scope {
        match user.role {
            Role::Cadre => Scope::Cadre(user.id),
            Role::Admin | Role::Leader => Scope::All,
        }
    }

    fn actor(user: &CurrentUser, owner: Option<i64>) -> Actor {
        match user.role {
            Role::Admin | Role::Leader => Actor::Office,
            Role::Cadre if owner == Some(user.id) => Actor::Owner,
            Role::Cadre => Actor::Other,
        }
    }

    /// A cadre sees what they own or raised; anything else is "not found" to them.
    fn visible(user: &CurrentUser, owner: Option<i64>, created_by: i64) -> bool {
        user.role != Role::Cadre || owner == Some(user.id) || created_by == user.id
    }

    /// An item's state as `user` may see it, inside `tx`; "not found" when they may not.
    async fn state_for(tx: &mut Tx, user: &CurrentUser, id: &str) -> Result<db::State, AppError> {
        db::state(tx, id)
            .await?
            .filter(|s| visible(user, s.owner, s.created_by))
            .ok_or(AppError::NotFound)
    }

    /// A UUIDv7 made on the server (lower-case, hyphenated, as the phones make theirs), for
    /// items not made on a phone.
    pub fn new_id() -> String {
        uuid::Uuid::now_v7().to_string()
    }

    pub async fn list(view: ListView) -> Result<LedgerList, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let today = today();
        let pool = state.db.read();
        let s = scope(&user);
        Ok(LedgerList {
            rows: db::list(pool, s, view, user.id, today, LIST_LIMIT).await?,
            today,
            counts: db::counts(pool, s, user.id, today).await?,
        })
    }

    /// Rows of a view for another capability's page (the meeting's agenda).
    pub async fn rows(state: &AppState, view: ListView, me: i64) -> Result<Vec<ItemRow>, AppError> {
        Ok(db::list(state.db.read(), Scope::All, view, me, today(), LIST_LIMIT).await?)
    }

    pub async fn counts() -> Result<MyCounts, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        // The office and leaders chase everything; a cadre their own.
        let open = match user.role {
            Role::Cadre => ListView::Mine,
            Role::Admin | Role::Leader => ListView::New,
        };
        let counts = db::counts(state.db.read(), scope(&user), user.id, today()).await?;
        let of = |v: ListView| counts.iter().find(|(c, _)| *c == v).map_or(0, |(_, n)| *n);
        Ok(MyCounts {
            open: of(open),
            overdue: of(ListView::Overdue),
            soon: of(ListView::Soon),
        })
    }

    pub async fn get(id: String) -> Result<ItemDetail, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let full = db::get(state.db.read(), id.trim())
            .await?
            .filter(|f| visible(&user, f.row.owner_id, f.created_by))
            .ok_or(AppError::NotFound)?;
        let a = actor(&user, full.row.owner_id);
        let mut events = db::events(state.db.read(), &full.row.id).await?;
        let records: Vec<String> = events
            .iter()
            .map(|e| photo_record(&full.row.id, e.id))
            .collect();
        for p in crate::photos::api::of_records(&state, &records).await? {
            if let Some(e) = events
                .iter_mut()
                .find(|e| photo_record(&full.row.id, e.id) == p.record_id)
            {
                e.photos.push(p);
            }
        }
        Ok(ItemDetail {
            events,
            steps: offered(a, full.row.status),
            may_note: a != Actor::Other,
            detail: full.detail,
            difficulty: full.difficulty,
            row: full.row,
            today: today(),
        })
    }

    pub async fn people() -> Result<Vec<(i64, String)>, AppError> {
        let state = app_state()?;
        require(&[Role::Admin, Role::Leader]).await?;
        people_of(&state).await
    }

    /// Who may own an item, for other capabilities' forms.
    pub async fn people_of(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
        Ok(db::people(state.db.read()).await?)
    }

    /// Where a new item comes from.
    pub struct ItemSource<'a> {
        pub source: Source,
        pub source_id: Option<&'a str>,
    }

    /// Stores a new item and its first log lines in `tx`. Returns the item's id, or None when
    /// its source already made one (a retried sync, a second tap).
    pub async fn create_in(
        tx: &mut Tx,
        actor: i64,
        id: &str,
        item: &NewItem,
        from: ItemSource<'_>,
        at: DateTime<Utc>,
    ) -> Result<Option<String>, AppError> {
        if let Some((owner, _)) = item.assign {
            if !db::is_person(tx, owner).await? {
                return Err(AppError::invalid("owner", Msg::ValLedgerOwner));
            }
        }
        let status = if item.assign.is_some() {
            Status::Assigned
        } else {
            Status::New
        };
        let row = NewRow {
            id,
            item,
            source: from.source,
            source_id: from.source_id,
            status,
            created_by: actor,
            at,
        };
        if !db::insert(tx, &row).await? {
            return Ok(None);
        }
        let mut e = NewEvent {
            item: id,
            at,
            actor,
            step: "create",
            status: Status::New,
            owner: None,
            deadline: None,
            note: "",
            confirmation: None,
        };
        db::event(tx, &e).await?;
        if let Some((owner, deadline)) = item.assign {
            e.step = Step::Assign.code();
            e.status = Status::Assigned;
            e.owner = Some(owner);
            e.deadline = Some(deadline);
            db::event(tx, &e).await?;
        }
        Ok(Some(id.to_string()))
    }

    /// A visit's "problems raised", turned into an item when the visit is first stored.
    /// The item shares the visit's id; the unique source keeps it to one.
    pub async fn from_visit(
        tx: &mut Tx,
        cadre: i64,
        visit_id: &str,
        kind: Kind,
        household_id: i64,
        problems: &str,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let item = NewItem {
            kind,
            title: title_of(problems),
            detail: problems.to_string(),
            household_id: Some(household_id),
            village_id: None,
            difficulty: None,
            assign: None,
        };
        let from = ItemSource {
            source: Source::Visit,
            source_id: Some(visit_id),
        };
        create_in(tx, cadre, visit_id, &item, from, at).await?;
        Ok(())
    }

    pub async fn create(form: ItemForm) -> Result<String, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let mut item = form.parse(today()).map_err(AppError::Invalid)?;
        if user.role == Role::Cadre {
            // A cadre's own item: they own it, with a date they commit to.
            match item.assign {
                Some((owner, _)) if owner != user.id => return Err(AppError::Forbidden),
                Some(_) => {}
                None => return Err(AppError::invalid("deadline", Msg::ValDeadline)),
            }
            if let Some(h) = item.household_id {
                if !crate::households::api::may_see(&state, &user, h).await? {
                    return Err(AppError::invalid("household", Msg::ErrForbidden));
                }
            }
            item.village_id = item.village_id.filter(|_| item.household_id.is_none());
        }
        let id = new_id();
        let mut tx = state.db.begin().await?;
        let from = ItemSource {
            source: Source::Direct,
            source_id: None,
        };
        if !db::place_exists(&mut tx, item.household_id, item.village_id).await? {
            return Err(AppError::invalid("household", Msg::ValChoice));
        }
        let made = create_in(&mut tx, user.id, &id, &item, from, crate::db::now()).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "ledger.create",
            &format!("item:{id}"),
            "ok",
        )
        .await;
        made.ok_or(AppError::Internal)
    }

    /// Takes one step on an item in `tx`, checked against its current status and the
    /// actor's rights; logs it. Errors change nothing once the caller drops `tx`.
    pub async fn step_in(
        tx: &mut Tx,
        user: &CurrentUser,
        id: &str,
        action: &Action,
        at: DateTime<Utc>,
    ) -> Result<Status, AppError> {
        let st = state_for(tx, user, id).await?;
        apply(tx, user, id, &st, action, at).await
    }

    /// Takes a step on an item whose state was just read in `tx`.
    async fn apply(
        tx: &mut Tx,
        user: &CurrentUser,
        id: &str,
        st: &db::State,
        action: &Action,
        at: DateTime<Utc>,
    ) -> Result<Status, AppError> {
        if !actor(user, st.owner).may(action.step()) {
            return Err(AppError::Forbidden);
        }
        let status = next(st.status, action.step()).map_err(|m| AppError::invalid("step", m))?;
        let (mut owner, mut deadline, mut confirmation) = (st.owner, st.deadline, None);
        match action {
            Action::Assign {
                owner: o,
                deadline: d,
                ..
            } => {
                if !db::is_person(tx, *o).await? {
                    return Err(AppError::invalid("owner", Msg::ValLedgerOwner));
                }
                owner = Some(*o);
                deadline = Some(*d);
            }
            Action::Close {
                confirmation: c, ..
            } => {
                if st.kind.villager_facing() && c.is_none() {
                    return Err(AppError::invalid("confirmation", Msg::ValLedgerConfirm));
                }
                confirmation = *c;
            }
            Action::Start { .. } | Action::Resolve { .. } | Action::Reopen { .. } => {}
        }
        db::set_state(tx, id, status, owner, deadline, at).await?;
        db::event(
            tx,
            &NewEvent {
                item: id,
                at,
                actor: user.id,
                step: action.step().code(),
                status,
                owner,
                deadline,
                note: action.note(),
                confirmation,
            },
        )
        .await?;
        Ok(status)
    }

    pub async fn step(id: String, form: StepForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let mut tx = state.db.begin().await?;
        let st = state_for(&mut tx, &user, id.trim()).await?;
        let action = Action::parse(&form, st.kind, today()).map_err(AppError::Invalid)?;
        let status = apply(&mut tx, &user, id.trim(), &st, &action, crate::db::now()).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            &format!("ledger.{}", action.step().code()),
            &format!("item:{}", id.trim()),
            status.code(),
        )
        .await;
        Ok(())
    }

    pub async fn note(id: String, note: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let text =
            crate::model::required(&note, TEXT_MAX).map_err(|m| AppError::invalid("note", m))?;
        let mut tx = state.db.begin().await?;
        log_in(&mut tx, &user, id.trim(), "note", &text, crate::db::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn add_photos(
        id: String,
        photos: Vec<crate::photos::model::PhotoRef>,
        note: String,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let id = id.trim();
        let note = crate::model::optional(&note, TEXT_MAX)
            .map_err(|m| AppError::invalid("note", m))?
            .unwrap_or_default();
        let checked =
            crate::photos::model::check(&photos).map_err(|m| AppError::invalid("photos", m))?;
        if checked.is_empty() {
            return Err(AppError::invalid("photos", Msg::ValRequired));
        }
        let mut tx = state.db.begin().await?;
        // A retry of what is stored (its answer was lost): every photo is in this item's log.
        let entry = format!("{id}/");
        let named = crate::photos::api::records_of(&mut tx, &checked).await?;
        if named
            .iter()
            .all(|r| r.as_deref().is_some_and(|r| r.starts_with(&entry)))
        {
            // Answered as the first call was: to who may add to the item's log.
            let st = state_for(&mut tx, &user, id).await?;
            if actor(&user, st.owner) == Actor::Other {
                return Err(AppError::Forbidden);
            }
            return Ok(());
        }
        let event = log_in(&mut tx, &user, id, "photo", &note, crate::db::now()).await?;
        let (village, household) = db::place(&mut tx, id).await?;
        let record = photo_record(id, event);
        let owner = crate::photos::api::Owner {
            kind: PHOTO_KIND,
            id: &record,
            village,
            household,
        };
        if let Some(reason) = crate::photos::api::attach(&mut tx, user.id, owner, &checked).await? {
            return Err(AppError::invalid("photos", reason));
        }
        tx.commit().await?;
        Ok(())
    }

    /// What the dispatch meeting decided about an item, in its log.
    pub async fn meeting_note(
        tx: &mut Tx,
        user: &CurrentUser,
        id: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        log_in(tx, user, id, "meeting", text, at).await.map(|_| ())
    }

    /// A line in the log that changes nothing else; the owner's or the office's.
    async fn log_in(
        tx: &mut Tx,
        user: &CurrentUser,
        id: &str,
        step: &str,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, AppError> {
        let st = state_for(tx, user, id).await?;
        if actor(user, st.owner) == Actor::Other {
            return Err(AppError::Forbidden);
        }
        Ok(db::event(
            tx,
            &NewEvent {
                item: id,
                at,
                actor: user.id,
                step,
                status: st.status,
                owner: st.owner,
                deadline: st.deadline,
                note: text,
                confirmation: None,
            },
        )
        .await?)
    }

    /// Gives every open item of `from` to `to`, each with a "handover" line in its log.
    pub async fn hand_over(
        tx: &mut Tx,
        actor: i64,
        from: i64,
        to: i64,
        at: DateTime<Utc>,
    ) -> Result<u64, AppError> {
        let items = db::open_owned(tx, from).await?;
        for (id, status, deadline) in &items {
            let status = Status::parse(status).unwrap_or(Status::Assigned);
            db::set_state(tx, id, status, Some(to), *deadline, at).await?;
            db::event(
                tx,
                &NewEvent {
                    item: id,
                    at,
                    actor,
                    step: "handover",
                    status,
                    owner: Some(to),
                    deadline: *deadline,
                    note: "",
                    confirmation: None,
                },
            )
            .await?;
        }
        Ok(items.len() as u64)
    }

    /// Help-plan items tied to a difficulty: (household, difficulty, item id, status).
    pub async fn help_plans(
        state: &AppState,
    ) -> Result<Vec<(i64, crate::households::model::Difficulty, String, Status)>, AppError> {
        Ok(db::help_plans(state.db.read()).await?)
    }

    /// Items made from these sources, as (source id, item id).
    pub async fn made_from(
        state: &AppState,
        source: Source,
        ids: &[String],
    ) -> Result<Vec<(String, String)>, AppError> {
        Ok(db::made_from(state.db.read(), source, ids).await?)
    }

    /// The item made from one source, read in the caller's transaction.
    pub async fn made_by(
        tx: &mut Tx,
        source: Source,
        id: &str,
    ) -> Result<Option<String>, AppError> {
        Ok(db::by_source(tx, source, id).await?)
    }

    /// The item's owner, if it has one and exists.
    pub async fn owner_of(tx: &mut Tx, id: &str) -> Result<Option<i64>, AppError> {
        Ok(db::state(tx, id).await?.and_then(|s| s.owner))
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::new_id;
    use crate::model::VisitId;

    /// The server's ids pass the check the phones' ids pass, and sort by time.
    #[test]
    fn server_ids_are_uuid_v7() {
        let (a, b) = (new_id(), new_id());
        assert_eq!(
            VisitId::parse(&a).map(|v| v.as_str().to_string()),
            Ok(a.clone())
        );
        assert!(VisitId::parse(&b).is_ok() && a < b, "{a} {b}");
    }
}

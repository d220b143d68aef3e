//! Meetings' server functions: office and leaders only.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "meetings/list")]
pub async fn list_meetings() -> Result<Vec<MeetingRow>, AppError> {
    crate::error::respond(ssr::list()).await
}

#[server(prefix = "/api", endpoint = "meetings/create")]
pub async fn create_meeting(form: MeetingForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::create(form)).await
}

#[server(prefix = "/api", endpoint = "meetings/agenda")]
pub async fn get_agenda(id: i64) -> Result<Agenda, AppError> {
    crate::error::respond(ssr::agenda(id)).await
}

/// Feedback classified, taken on and assigned: becomes a ledger item with owner and deadline.
#[server(prefix = "/api", endpoint = "meetings/triage")]
pub async fn triage_feedback(meeting: i64, form: TriageForm) -> Result<String, AppError> {
    crate::error::respond(ssr::triage(meeting, form)).await
}

/// A decision on a ledger item; with an owner and a deadline it (re)assigns the item.
#[server(prefix = "/api", endpoint = "meetings/decide")]
pub async fn decide_item(meeting: i64, form: DecideForm) -> Result<(), AppError> {
    crate::error::respond(ssr::decide(meeting, form)).await
}

/// The meeting and its decisions, for the printed minutes.
#[server(prefix = "/api", endpoint = "meetings/minutes")]
pub async fn get_minutes(id: i64) -> Result<(MeetingRow, Vec<Decision>), AppError> {
    crate::error::respond(ssr::minutes(id)).await
}

#[cfg(feature = "ssr")]
pub use ssr::held_between;

#[cfg(feature = "ssr")]
mod ssr {
    /// The days 调度会 were held in `[from, to]`, for the obligations calendar.
    pub async fn held_between(
        state: &AppState,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<chrono::NaiveDate>, AppError> {
        Ok(db::held_between(state.db.read(), from, to).await?)
    }

    use super::super::db;
    use super::super::model::*;
    use crate::auth::model::CurrentUser;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::feedback::model::Category;
    use crate::i18n::{Locale, Msg};
    use crate::ledger::api::{self as ledger, ItemSource};
    use crate::ledger::model::{parse_deadline, title_of, Action, Kind, ListView, NewItem, Source};
    use crate::model::Role;
    use crate::state::{app_state, AppState};

    const RUNS: &[Role] = &[Role::Admin, Role::Leader];

    async fn runner() -> Result<(AppState, CurrentUser), AppError> {
        let state = app_state()?;
        let user = require(RUNS).await?;
        Ok((state, user))
    }

    pub async fn list() -> Result<Vec<MeetingRow>, AppError> {
        let (state, _) = runner().await?;
        Ok(db::list(state.db.read()).await?)
    }

    pub async fn create(form: MeetingForm) -> Result<i64, AppError> {
        let (state, user) = runner().await?;
        let m = form.parse().map_err(AppError::Invalid)?;
        let id = db::insert(state.db.write(), &m, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "meeting.create",
            &format!("meeting:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn agenda(id: i64) -> Result<Agenda, AppError> {
        let (state, user) = runner().await?;
        let meeting = db::get(state.db.read(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut feedback: Vec<(Category, Vec<_>)> =
            Category::ALL.into_iter().map(|c| (c, Vec::new())).collect();
        for f in crate::feedback::api::untriaged(&state, &user).await? {
            if let Some((_, rows)) = feedback.iter_mut().find(|(c, _)| *c == f.category) {
                rows.push(f);
            }
        }
        feedback.retain(|(_, rows)| !rows.is_empty());
        Ok(Agenda {
            meeting,
            feedback,
            unassigned: ledger::rows(&state, ListView::New, user.id).await?,
            overdue: ledger::rows(&state, ListView::Overdue, user.id).await?,
            soon: ledger::rows(&state, ListView::Soon, user.id).await?,
            decisions: db::decisions(state.db.read(), id).await?,
            people: ledger::people_of(&state).await?,
            today: crate::ui::time::today(),
        })
    }

    pub async fn minutes(id: i64) -> Result<(MeetingRow, Vec<Decision>), AppError> {
        let (state, _) = runner().await?;
        let meeting = db::get(state.db.read(), id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((meeting, db::decisions(state.db.read(), id).await?))
    }

    pub async fn triage(meeting: i64, form: TriageForm) -> Result<String, AppError> {
        let (state, user) = runner().await?;
        let today = crate::ui::time::today();
        let mut errors = Vec::new();
        let mut field = |name: &str, m: Msg| errors.push(crate::error::FieldError::new(name, m));
        let category = Category::parse(&form.category);
        if category.is_none() {
            field("category", Msg::ValChoice);
        }
        let kind = Kind::parse(&form.kind);
        if kind.is_none() {
            field("kind", Msg::ValChoice);
        }
        let owner = form.owner.trim().parse::<i64>().ok();
        if owner.is_none() {
            field("owner", Msg::ValLedgerOwner);
        }
        let deadline = parse_deadline(&form.deadline, today)
            .map_err(|m| field("deadline", m))
            .ok();
        let decision = crate::model::optional(&form.decision, 2000)
            .map_err(|m| field("decision", m))
            .ok()
            .flatten();
        let (Some(category), Some(kind), Some(owner), Some(deadline)) =
            (category, kind, owner, deadline)
        else {
            return Err(AppError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        if !db::exists(&mut tx, meeting).await? {
            return Err(AppError::NotFound);
        }
        // The villager reads this on the receipt page, in Chinese like the card.
        let reply =
            Msg::FeedbackTriagedReply.fmt(Locale::Zh, &[&deadline.format("%Y-%m-%d").to_string()]);
        let f = crate::feedback::api::triage_in(
            &mut tx,
            &user,
            form.feedback.trim(),
            category,
            &reply,
            now,
        )
        .await?;
        let item = NewItem {
            kind,
            title: title_of(&f.content),
            detail: with_contact(&f.content, &f.contact),
            household_id: f.household_id,
            village_id: None,
            difficulty: None,
            assign: Some((owner, deadline)),
        };
        let id = ledger::new_id();
        let from = ItemSource {
            source: Source::Feedback,
            source_id: Some(form.feedback.trim()),
        };
        let made = ledger::create_in(&mut tx, user.id, &id, &item, from, now)
            .await?
            .ok_or_else(|| AppError::invalid("feedback", Msg::ValAlreadyTriaged))?;
        let words = decision.unwrap_or_else(|| Msg::MeetingAssigned.text(Locale::Zh).to_string());
        db::decide(
            &mut tx,
            meeting,
            Some(form.feedback.trim()),
            Some(&made),
            &words,
            user.id,
            now,
        )
        .await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "meeting.triage",
            &format!(
                "meeting:{meeting} feedback:{} item:{made}",
                form.feedback.trim()
            ),
            "ok",
        )
        .await;
        Ok(made)
    }

    pub async fn decide(meeting: i64, form: DecideForm) -> Result<(), AppError> {
        let (state, user) = runner().await?;
        let today = crate::ui::time::today();
        let decision =
            parse_decision(&form.decision).map_err(|m| AppError::invalid("decision", m))?;
        let owner = match form.owner.trim() {
            "" => None,
            o => Some(
                o.parse::<i64>()
                    .map_err(|_| AppError::invalid("owner", Msg::ValLedgerOwner))?,
            ),
        };
        let deadline = match form.deadline.trim() {
            "" => None,
            d => Some(parse_deadline(d, today).map_err(|m| AppError::invalid("deadline", m))?),
        };
        if owner.is_some() && deadline.is_none() {
            return Err(AppError::invalid("deadline", Msg::ValDeadline));
        }
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        if !db::exists(&mut tx, meeting).await? {
            return Err(AppError::NotFound);
        }
        let item = form.item.trim();
        if let Some(deadline) = deadline {
            // A new date alone keeps the owner the item has.
            let owner = match owner {
                Some(o) => o,
                None => ledger::owner_of(&mut tx, item)
                    .await?
                    .ok_or_else(|| AppError::invalid("owner", Msg::ValLedgerOwner))?,
            };
            let action = Action::Assign {
                owner,
                deadline,
                note: decision.clone(),
            };
            ledger::step_in(&mut tx, &user, item, &action, now).await?;
        } else {
            ledger::meeting_note(&mut tx, &user, item, &decision, now).await?;
        }
        db::decide(&mut tx, meeting, None, Some(item), &decision, user.id, now).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "meeting.decide",
            &format!("meeting:{meeting} item:{item}"),
            "ok",
        )
        .await;
        Ok(())
    }

    /// The words, and whom to call back (the item's owner needs it to close the item).
    fn with_contact(text: &str, contact: &str) -> String {
        if contact.is_empty() {
            return text.to_string();
        }
        format!("{text}\n{}", Msg::LedgerContact.fmt(Locale::Zh, &[contact]))
    }
}

//! The organisation's server functions. The phones push meetings and trainings; the village
//! page reads and records the rest. The office and leaders work every village; a cadre the
//! villages whose liaison team they are on (others get 403).
use super::model::*;
use crate::error::AppError;
use crate::records::model::WorkBatch;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes branch meetings (三会一课, 组织生活会) from the phone's outbox; answers per record.
#[server(prefix = "/api", endpoint = "sync/branch-meetings", input = Json)]
pub async fn push_meetings(batch: WorkBatch<MeetingDraft>) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// Pushes trainings of the two committees (教育培训) from the phone's outbox.
#[server(prefix = "/api", endpoint = "sync/trainings", input = Json)]
pub async fn push_trainings(
    batch: WorkBatch<TrainingDraft>,
) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// The villages whose work the caller may see and record, each with its team now.
#[server(prefix = "/api", endpoint = "organisation/villages")]
pub async fn work_villages() -> Result<Vec<crate::teams::model::WorkVillage>, AppError> {
    crate::error::respond(ssr::villages()).await
}

/// A village's organisation: committees, trainings, meetings, appraisals, decisions, venue.
#[server(prefix = "/api", endpoint = "organisation/village")]
pub async fn get_organisation(village: i64) -> Result<VillageOrganisation, AppError> {
    crate::error::respond(ssr::village(village)).await
}

/// Someone takes a post in the two committees (from `started_on`).
#[server(prefix = "/api", endpoint = "organisation/committee_add")]
pub async fn add_committee_member(member: CommitteeForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::committee_add(member)).await
}

/// A committee member leaves the post today, with a reason; the row stays as history.
#[server(prefix = "/api", endpoint = "organisation/committee_end")]
pub async fn end_committee_member(id: i64, reason: String) -> Result<(), AppError> {
    crate::error::respond(ssr::committee_end(id, reason)).await
}

/// A 民主评议党员 held (its publication may come later, with [`publish_appraisal`]).
#[server(prefix = "/api", endpoint = "organisation/appraisal")]
pub async fn record_appraisal(appraisal: AppraisalForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::appraisal(appraisal)).await
}

/// Sets when an appraisal's result was made public and the follow-up of members rated 不合格.
#[server(prefix = "/api", endpoint = "organisation/appraisal_publish")]
pub async fn publish_appraisal(
    id: i64,
    published_on: String,
    #[server(default)] follow_up: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::publish(id, published_on, follow_up)).await
}

/// Opens a 四议两公开 decision: its title; the steps follow in order.
#[server(prefix = "/api", endpoint = "organisation/decision_open")]
pub async fn open_decision(village: String, title: String) -> Result<i64, AppError> {
    crate::error::respond(ssr::decision_open(village, title)).await
}

/// Records the decision's next step (only the next one, dated on or after the last).
#[server(prefix = "/api", endpoint = "organisation/decision_step")]
pub async fn take_step(
    decision: i64,
    step: String,
    done_on: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::decision_step(decision, step, done_on, note)).await
}

/// The venue's state and the work planned.
#[server(prefix = "/api", endpoint = "organisation/venue")]
pub async fn save_venue(
    village: String,
    condition: String,
    #[server(default)] planned: String,
) -> Result<(), AppError> {
    crate::error::respond(ssr::venue(village, condition, planned)).await
}

/// Money raised for the venue from one source.
#[server(prefix = "/api", endpoint = "organisation/venue_fund")]
pub async fn add_fund(fund: FundForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::fund(fund)).await
}

/// A dated progress note on the venue's works.
#[server(prefix = "/api", endpoint = "organisation/venue_note")]
pub async fn add_progress(village: String, noted_on: String, note: String) -> Result<(), AppError> {
    crate::error::respond(ssr::progress(village, noted_on, note)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{ledger_lines, meeting_facts, published_appraisals};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::{AppError, FieldError};
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::records::api::{may_see, missing};
    use crate::records::model::{LedgerLine, WorkKind};
    use crate::state::{app_state, AppState};
    use chrono::NaiveDate;
    use std::collections::HashMap;

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    crate::work_record!(MeetingDraft => Meeting, WorkKind::BranchMeeting, db::insert_meeting);
    crate::work_record!(TrainingDraft => Training, WorkKind::Training, db::insert_training);

    fn village_of(raw: &str) -> Result<i64, AppError> {
        crate::normalize::identifier(raw)
            .parse()
            .map_err(|_| AppError::invalid("village", Msg::ValChoice))
    }

    pub async fn villages() -> Result<Vec<crate::teams::model::WorkVillage>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        crate::teams::api::work_villages(&state, &user).await
    }

    pub async fn village(village: i64) -> Result<VillageOrganisation, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        may_see(&state, &user, village).await?;
        let pool = state.db.read();
        let all = crate::teams::api::work_villages(&state, &user).await?;
        let place = all
            .into_iter()
            .find(|v| v.id == village)
            .ok_or(AppError::NotFound)?;
        let names: HashMap<i64, String> = crate::users::api::all(&state)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let meetings = db::meetings(pool, village)
            .await?
            .into_iter()
            .map(|(mut m, ids)| {
                m.team_present = ids
                    .split(',')
                    .filter_map(|i| names.get(&i.trim().parse().ok()?).cloned())
                    .collect();
                m
            })
            .collect();
        let (committee, committee_past) = db::committee(pool, village)
            .await?
            .into_iter()
            .partition(|c| c.ended_on.is_none());
        Ok(VillageOrganisation {
            rectifying: crate::villages::api::is_rectifying(&state, village).await?,
            village: place,
            today: crate::ui::time::today(),
            committee,
            committee_past,
            trainings: db::trainings(pool, village).await?,
            meetings,
            appraisals: db::appraisals(pool, village).await?,
            decisions: db::decisions(pool, village).await?,
            venue: db::venue(pool, village).await?,
            funds: db::funds(pool, village).await?,
            progress: db::progress(pool, village).await?,
        })
    }

    pub async fn committee_add(form: CommitteeForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let m = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see(&state, &user, m.village).await?;
        let id = db::insert_committee(state.db.write(), &m, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "committee.add",
            &format!("village:{} member:{id} post:{}", m.village, m.post.code()),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn committee_end(id: i64, reason: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let reason =
            crate::model::required(&reason, 200).map_err(|m| AppError::invalid("reason", m))?;
        let (village, started) = db::current_committee(state.db.read(), id)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        // Today, or the start day for a post entered by mistake today with a later start.
        let on = crate::ui::time::today().max(started);
        db::end_committee(state.db.write(), id, on, &reason).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "committee.end",
            &format!("village:{village} member:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn appraisal(form: AppraisalForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let a = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see(&state, &user, a.village).await?;
        let id = db::insert_appraisal(state.db.write(), &a, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "appraisal.add",
            &format!("village:{} appraisal:{id}", a.village),
            if a.published_on.is_some() {
                "ok, published"
            } else {
                "ok"
            },
        )
        .await;
        Ok(id)
    }

    pub async fn publish(id: i64, published_on: String, follow_up: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let (village, held_on) = db::appraisal(state.db.read(), id)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        let today = crate::ui::time::today();
        let mut errors = Vec::new();
        // A publication is a fact with a day; taking it back is not a blank field.
        let published = Some(form_day("published_on", &published_on, today, &mut errors));
        if published.is_some_and(|p| p < held_on) {
            errors.push(FieldError::new("published_on", Msg::ValPublishedBefore));
        }
        let follow_up = FieldError::text(
            &mut errors,
            "follow_up",
            crate::model::optional(&follow_up, 2000),
        );
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        db::publish_appraisal(state.db.write(), id, published, &follow_up).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "appraisal.publish",
            &format!("village:{village} appraisal:{id}"),
            &published.map_or_else(String::new, |d| format!("ok, {d}")),
        )
        .await;
        Ok(())
    }

    pub async fn decision_open(village: String, title: String) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let village = village_of(&village)?;
        let title =
            crate::model::required(&title, 100).map_err(|m| AppError::invalid("title", m))?;
        may_see(&state, &user, village).await?;
        let id = db::insert_decision(state.db.write(), village, &title, user.id, crate::db::now())
            .await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "decision.open",
            &format!("village:{village} decision:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn decision_step(
        decision: i64,
        step: String,
        done_on: String,
        note: String,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let step = Step::parse(&step).ok_or_else(|| AppError::invalid("step", Msg::ValChoice))?;
        let today = crate::ui::time::today();
        let on = crate::records::model::record_day(&done_on, today)
            .map_err(|m| AppError::invalid("done_on", m))?;
        let note = crate::model::optional(&note, 1000).map_err(|m| AppError::invalid("note", m))?;
        let mut tx = state.db.begin().await?;
        let village = db::decision_village(&mut tx, decision)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        // Read and written in one transaction on the one writer: two taps cannot both pass.
        let done = db::steps_of(&mut tx, decision).await?;
        Step::check(&done, step, on, today).map_err(|m| AppError::invalid("step", m))?;
        let note = note.unwrap_or_default();
        db::insert_step(
            &mut tx,
            decision,
            step,
            on,
            &note,
            user.id,
            crate::db::now(),
        )
        .await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "decision.step",
            &format!("village:{village} decision:{decision} step:{}", step.code()),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn venue(
        village: String,
        condition: String,
        planned: String,
    ) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let village = village_of(&village)?;
        let mut errors = Vec::new();
        let condition = FieldError::text(
            &mut errors,
            "condition",
            crate::model::required(&condition, 1000).map(Some),
        );
        let planned = FieldError::text(
            &mut errors,
            "planned",
            crate::model::optional(&planned, 2000),
        );
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        may_see(&state, &user, village).await?;
        db::save_venue(
            state.db.write(),
            village,
            &condition,
            &planned,
            user.id,
            crate::db::now(),
        )
        .await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "venue.update",
            &format!("village:{village}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn fund(form: FundForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let f = form
            .parse(crate::ui::time::today())
            .map_err(AppError::Invalid)?;
        may_see(&state, &user, f.village).await?;
        let id = db::insert_fund(state.db.write(), &f, user.id, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "venue.fund",
            &format!("village:{} fund:{id} fen:{}", f.village, f.amount.0),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn progress(village: String, noted_on: String, note: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let village = village_of(&village)?;
        let today = crate::ui::time::today();
        let mut errors = Vec::new();
        let on = form_day("noted_on", &noted_on, today, &mut errors);
        let note = FieldError::text(
            &mut errors,
            "note",
            crate::model::required(&note, 1000).map(Some),
        );
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        may_see(&state, &user, village).await?;
        db::insert_progress(
            state.db.write(),
            village,
            on,
            &note,
            user.id,
            crate::db::now(),
        )
        .await?;
        Ok(())
    }

    /// Meetings dated `from..=to`, for the obligations calendar.
    pub async fn meeting_facts(
        state: &AppState,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingFact>, AppError> {
        Ok(db::meeting_facts(state.db.read(), from, to).await?)
    }

    /// Published appraisals held `from..=to`: (village, day), for the calendar.
    pub async fn published_appraisals(
        state: &AppState,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(i64, NaiveDate)>, AppError> {
        Ok(db::published_appraisals(state.db.read(), from, to).await?)
    }

    /// The organisation's 台账 lines for `villages` (id, name), sheet by sheet: 两委, 教育培训,
    /// 三会一课, 民主评议, 四议两公开, 活动场所.
    pub async fn ledger_lines(
        state: &AppState,
        villages: &[(i64, String)],
    ) -> Result<Vec<LedgerLine>, AppError> {
        let zh = |m: Msg| m.text(crate::i18n::Locale::Zh).to_string();
        let pool = state.db.read();
        let mut out = Vec::new();
        for (id, name) in villages {
            for c in db::committee(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(c.post.label()),
                    on: Some(c.started_on),
                    subject: c.name,
                    detail: match c.ended_on {
                        None => format!("{} 在任", c.term),
                        Some(e) => format!("{} 至{e}离任：{}", c.term, c.end_reason),
                    },
                    ..LedgerLine::new("两委班子", name)
                });
            }
            for t in db::trainings(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(Msg::WorkTraining),
                    on: Some(t.held_on),
                    subject: t.topic,
                    detail: format!("{}人：{}", t.headcount, t.attendees),
                    by: t.recorded_by,
                    record: t.id,
                    ..LedgerLine::new("教育培训", name)
                });
            }
            for (m, _) in db::meetings(pool, *id).await? {
                let mut detail = format!(
                    "{} · 应到{}人，实到{}人",
                    m.place,
                    m.present + m.absent,
                    m.present
                );
                if m.leader_attended {
                    detail.push_str(" · 工作队负责人参加");
                }
                if m.by_team {
                    detail.push_str(" · 工作队授课");
                }
                if !m.comment.is_empty() {
                    detail.push_str(&format!(" · 点评：{}", m.comment));
                }
                out.push(LedgerLine {
                    kind: zh(m.kind.label()),
                    on: Some(m.held_on),
                    subject: m.topic,
                    detail,
                    by: m.recorded_by,
                    record: m.id,
                    ..LedgerLine::new("三会一课", name)
                });
            }
            for a in db::appraisals(pool, *id).await? {
                out.push(LedgerLine {
                    kind: "民主评议党员".into(),
                    on: Some(a.held_on),
                    subject: format!(
                        "优秀{} 合格{} 基本合格{} 不合格{}",
                        a.excellent, a.qualified, a.basic, a.unqualified
                    ),
                    detail: format!(
                        "{}{}",
                        a.published_on
                            .map_or("结果未公开".to_string(), |d| format!("{d}公开")),
                        if a.follow_up.is_empty() {
                            String::new()
                        } else {
                            format!(" · 处置：{}", a.follow_up)
                        }
                    ),
                    ..LedgerLine::new("民主评议", name)
                });
            }
            for d in db::decisions(pool, *id).await? {
                for s in &d.steps {
                    out.push(LedgerLine {
                        kind: zh(s.step.label()),
                        on: Some(s.done_on),
                        subject: d.title.clone(),
                        detail: s.note.clone(),
                        by: s.recorded_by.clone(),
                        ..LedgerLine::new("四议两公开", name)
                    });
                }
            }
            for f in db::funds(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(f.source.label()),
                    on: Some(f.received_on),
                    subject: "活动场所建设资金".into(),
                    detail: f.note,
                    amount_fen: Some(f.amount.0),
                    ..LedgerLine::new("活动场所", name)
                });
            }
            for p in db::progress(pool, *id).await? {
                out.push(LedgerLine {
                    kind: "进展".into(),
                    on: Some(p.noted_on),
                    subject: "活动场所建设".into(),
                    detail: p.note,
                    by: p.by,
                    ..LedgerLine::new("活动场所", name)
                });
            }
        }
        Ok(out)
    }
}

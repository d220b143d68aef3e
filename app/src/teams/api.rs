//! The structure's server functions. Everyone signed in reads it; the office keeps it; while
//! a village is 整顿中 only a leader, with a reason, may take a member off its team.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "teams/view")]
pub async fn get_structure() -> Result<Structure, AppError> {
    crate::error::respond(ssr::view()).await
}

/// Seats a person in the leading group from a day (the same seat held before ends that day;
/// a person may hold two seats).
#[server(prefix = "/api", endpoint = "teams/seat")]
pub async fn seat_member(form: SeatForm) -> Result<(), AppError> {
    crate::error::respond(ssr::seat(form)).await
}

/// Ends a seat today.
#[server(prefix = "/api", endpoint = "teams/unseat")]
pub async fn unseat_member(id: i64) -> Result<(), AppError> {
    crate::error::respond(ssr::unseat(id)).await
}

/// A person joins a village's team (or changes part); with `first_secretary` they become its
/// 第一书记 and the previous one steps down from that (their place stays).
#[server(prefix = "/api", endpoint = "teams/join")]
pub async fn join_team(form: JoinForm) -> Result<(), AppError> {
    crate::error::respond(ssr::join(form)).await
}

/// A member leaves a team today, with a reason. While the village is 整顿中 the team stays
/// put (三(二)1 一): only a leader may confirm a departure, and must say why; audited.
#[server(prefix = "/api", endpoint = "teams/leave")]
pub async fn leave_team(id: i64, reason: String) -> Result<(), AppError> {
    crate::error::respond(ssr::leave(id, reason)).await
}

#[server(prefix = "/api", endpoint = "teams/town_add")]
pub async fn add_town_leader(form: TownLeaderForm) -> Result<i64, AppError> {
    crate::error::respond(ssr::town_add(form)).await
}

#[server(prefix = "/api", endpoint = "teams/town_remove")]
pub async fn remove_town_leader(id: i64) -> Result<(), AppError> {
    crate::error::respond(ssr::town_remove(id)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{served_on, serves, work_villages};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::Role;
    use crate::state::app_state;

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    /// Whether `user` may see and record the village's work: the office and leaders every
    /// village's; a cadre the villages whose liaison team they are on now.
    pub async fn serves(
        state: &crate::state::AppState,
        user: &crate::auth::model::CurrentUser,
        village: i64,
    ) -> Result<bool, AppError> {
        Ok(match user.role {
            Role::Admin | Role::Leader => crate::villages::api::exists(state, village).await?,
            Role::Cadre => db::serves(state.db.read(), user.id, village).await?,
        })
    }

    /// Whether `user` may record the village's work dated `on`: the office and leaders any
    /// village's; a cadre the villages whose team they were on that day.
    pub async fn served_on(
        state: &crate::state::AppState,
        user: &crate::auth::model::CurrentUser,
        village: i64,
        on: chrono::NaiveDate,
    ) -> Result<bool, AppError> {
        Ok(match user.role {
            Role::Admin | Role::Leader => crate::villages::api::exists(state, village).await?,
            Role::Cadre => db::served_on(state.db.read(), user.id, village, on).await?,
        })
    }

    /// The villages `user` may record work for (as [`serves`]), each with its team now.
    pub async fn work_villages(
        state: &crate::state::AppState,
        user: &crate::auth::model::CurrentUser,
    ) -> Result<Vec<WorkVillage>, AppError> {
        let pool = state.db.read();
        let lines = db::team_lines(pool).await?;
        let mut out = Vec::new();
        for (id, name, _) in db::villages(pool).await? {
            let team: Vec<(i64, String, bool)> = lines
                .iter()
                .filter(|l| l.village_id == id && l.ended_on.is_none())
                .map(|l| (l.user_id, l.name.clone(), l.part == Part::Captain))
                .collect();
            let mine = team.iter().any(|t| t.0 == user.id);
            if user.role != Role::Cadre || mine {
                out.push(WorkVillage { id, name, team });
            }
        }
        Ok(out)
    }

    pub async fn view() -> Result<Structure, AppError> {
        let state = app_state()?;
        require(ALL).await?;
        let pool = state.db.read();
        let (roster_past, roster): (Vec<RosterLine>, Vec<RosterLine>) = db::roster(pool)
            .await?
            .into_iter()
            .partition(|r| r.ended_on.is_some());
        let mut roster = roster;
        roster.sort_by_key(|r| (Seat::ALL.iter().position(|s| *s == r.seat), r.started_on));
        let lines = db::team_lines(pool).await?;
        let teams = db::villages(pool)
            .await?
            .into_iter()
            .map(|(id, name, rectifying)| {
                let (past, current) = lines
                    .iter()
                    .filter(|l| l.village_id == id)
                    .cloned()
                    .partition(|l: &TeamLine| l.ended_on.is_some());
                VillageTeam {
                    village_id: id,
                    village: name,
                    rectifying,
                    current,
                    past,
                }
            })
            .collect();
        let people = db::people(pool)
            .await?
            .into_iter()
            .filter_map(|(id, name, post)| {
                Some((id, name, crate::users::model::Post::parse(&post)?))
            })
            .collect();
        Ok(Structure {
            today: crate::ui::time::today(),
            roster,
            roster_past,
            teams,
            town: db::town_leaders(pool).await?,
            people,
        })
    }

    pub async fn seat(form: SeatForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let s = form.parse().map_err(AppError::Invalid)?;
        let mut tx = state.db.begin().await?;
        if !db::is_active_user(&mut tx, s.user).await? {
            return Err(AppError::invalid("user", Msg::ValChoice));
        }
        if let Some((duties, started_on)) = db::current_seat(&mut tx, s.user, s.seat).await? {
            if duties == s.duties {
                // A repeat (a double tap) changes nothing.
                return Ok(());
            }
            if s.started_on < started_on {
                return Err(AppError::invalid("started_on", Msg::ValStartBeforeCurrent));
            }
        }
        db::seat(&mut tx, &s, crate::db::now()).await?;
        tx.commit().await?;
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "group.seat",
            &format!("user:{} seat:{}", s.user, s.seat.code()),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn unseat(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        if !db::unseat(state.db.write(), id, crate::ui::time::today()).await? {
            return Err(AppError::NotFound);
        }
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "group.unseat",
            &format!("seat:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn join(form: JoinForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let m = form.parse().map_err(AppError::Invalid)?;
        if !crate::villages::api::exists(&state, m.village).await? {
            return Err(AppError::invalid("village", Msg::ValChoice));
        }
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        if !db::is_active_user(&mut tx, m.user).await? {
            return Err(AppError::invalid("user", Msg::ValChoice));
        }
        let mine = db::current_place(&mut tx, m.village, m.user).await?;
        let unchanged = mine
            .as_ref()
            .is_some_and(|(_, part, fs, _)| *part == m.part.code() && (*fs || !m.first_secretary));
        if unchanged {
            // A repeat (a double tap) changes nothing.
            return Ok(());
        }
        // Rows end on the new start: a start before a row's own would leave a span that ends
        // before it began.
        let predecessor = match m.first_secretary {
            true => db::first_secretary(&mut tx, m.village).await?,
            false => None,
        };
        let starts = mine
            .iter()
            .map(|p| p.3)
            .chain(predecessor.iter().map(|p| p.3));
        if starts.into_iter().any(|d| m.started_on < d) {
            return Err(AppError::invalid("started_on", Msg::ValStartBeforeCurrent));
        }
        if m.first_secretary {
            if let Some((id, who, part, _)) = predecessor {
                if who != m.user {
                    // The previous 第一书记 stays on the team, without the appointment.
                    db::end_place(&mut tx, id, m.started_on, "第一书记另行任命").await?;
                    let part = Part::parse(&part).unwrap_or(Part::Member);
                    db::insert_place(&mut tx, m.village, who, part, false, m.started_on, now)
                        .await?;
                }
            }
        }
        let keeps_appointment = mine.as_ref().is_some_and(|(_, _, fs, _)| *fs);
        if let Some((id, _, _, _)) = mine {
            db::end_place(&mut tx, id, m.started_on, "调整分工").await?;
        }
        let fs = m.first_secretary || keeps_appointment;
        db::insert_place(&mut tx, m.village, m.user, m.part, fs, m.started_on, now).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "team.join",
            &format!(
                "village:{} user:{} part:{}",
                m.village,
                m.user,
                m.part.code()
            ),
            if m.first_secretary {
                "ok, first secretary"
            } else {
                "ok"
            },
        )
        .await;
        Ok(())
    }

    pub async fn leave(id: i64, reason: String) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin, Role::Leader]).await?;
        let reason = crate::model::optional(&reason, 200)
            .map_err(|m| AppError::invalid("reason", m))?
            .unwrap_or_default();
        let mut tx = state.db.begin().await?;
        let (village, rectifying) = db::place(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if rectifying {
            if user.role != Role::Leader {
                return Err(AppError::invalid("reason", Msg::TeamRectifyingLeader));
            }
            if reason.is_empty() {
                return Err(AppError::invalid("reason", Msg::ValLeaveReason));
            }
        }
        db::end_place(&mut tx, id, crate::ui::time::today(), &reason).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "team.leave",
            &format!("place:{id} village:{village}"),
            &if rectifying {
                format!("ok, rectifying: {reason}")
            } else {
                format!("ok: {reason}")
            },
        )
        .await;
        Ok(())
    }

    pub async fn town_add(form: TownLeaderForm) -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let t = form.parse().map_err(AppError::Invalid)?;
        let id = db::insert_town_leader(state.db.write(), &t, crate::db::now()).await?;
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "town.add",
            &format!("town_leader:{id}"),
            "ok",
        )
        .await;
        Ok(id)
    }

    pub async fn town_remove(id: i64) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        if !db::remove_town_leader(state.db.write(), id).await? {
            return Err(AppError::NotFound);
        }
        crate::cards::api::changed(&state).await;
        crate::audit::record(
            &state.db,
            Some(&user),
            "town.remove",
            &format!("town_leader:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }
}

//! The leading group's, the liaison teams' and the town leadership's SQL. A change ends the
//! current row (ended_on) and inserts the next, so nothing is overwritten.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::users::model::Post;
use chrono::{DateTime, NaiveDate, Utc};

type RosterRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

/// Every seat ever held, current first in seat order, then past ones newest end first.
pub async fn roster(pool: &Pool) -> sqlx::Result<Vec<RosterLine>> {
    let rows: Vec<RosterRow> = crate::db::query_as(
        "SELECT g.id, g.user_id, u.name, u.phone, u.post, g.seat, g.duties, g.started_on,
                g.ended_on
         FROM leading_group g JOIN users u ON u.id = g.user_id
         ORDER BY g.ended_on IS NOT NULL, g.ended_on DESC, g.started_on, g.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(RosterLine {
                id: r.0,
                user_id: r.1,
                name: r.2,
                phone: r.3,
                post: Post::parse(&r.4)?,
                seat: Seat::parse(&r.5)?,
                duties: r.6,
                started_on: r.7,
                ended_on: r.8,
            })
        })
        .collect())
}

/// The person's current row in that seat: (duties, started on).
pub async fn current_seat(
    tx: &mut Tx,
    user: i64,
    seat: Seat,
) -> sqlx::Result<Option<(String, NaiveDate)>> {
    crate::db::query_as(
        "SELECT duties, started_on FROM leading_group
         WHERE user_id = $1 AND seat = $2 AND ended_on IS NULL",
    )
    .bind(user)
    .bind(seat.code())
    .fetch_optional(&mut **tx)
    .await
}

/// Gives the person the seat from `s.started_on`; the same seat held before (other duties)
/// ends that day. One person may hold two seats (a deputy head who runs the office).
pub async fn seat(tx: &mut Tx, s: &NewSeat, now: DateTime<Utc>) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE leading_group SET ended_on = $1
         WHERE user_id = $2 AND seat = $3 AND ended_on IS NULL",
    )
    .bind(s.started_on)
    .bind(s.user)
    .bind(s.seat.code())
    .execute(&mut **tx)
    .await?;
    crate::db::query(
        "INSERT INTO leading_group (user_id, seat, duties, started_on, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.user)
    .bind(s.seat.code())
    .bind(&s.duties)
    .bind(s.started_on)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ends a current seat; false when there is none by that id.
pub async fn unseat(pool: &Pool, id: i64, on: NaiveDate) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE leading_group SET ended_on = $1 WHERE id = $2 AND ended_on IS NULL",
    )
    .bind(on)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

type TeamRow = (
    i64,
    i64,
    i64,
    String,
    String,
    String,
    bool,
    NaiveDate,
    Option<NaiveDate>,
    String,
);

/// Every team place ever held, current first.
pub async fn team_lines(pool: &Pool) -> sqlx::Result<Vec<TeamLine>> {
    let rows: Vec<TeamRow> = crate::db::query_as(
        "SELECT t.id, t.village_id, t.user_id, u.name, u.phone, t.part, t.first_secretary,
                t.started_on, t.ended_on, t.end_reason
         FROM team_members t JOIN users u ON u.id = t.user_id
         ORDER BY t.ended_on IS NOT NULL, t.ended_on DESC, t.part, t.started_on, t.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(TeamLine {
                id: r.0,
                village_id: r.1,
                user_id: r.2,
                name: r.3,
                phone: r.4,
                part: Part::parse(&r.5)?,
                first_secretary: r.6,
                started_on: r.7,
                ended_on: r.8,
                end_reason: r.9,
            })
        })
        .collect())
}

/// Whether `user` is on the village's team now.
pub async fn serves(pool: &Pool, user: i64, village: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM team_members
         WHERE user_id = $1 AND village_id = $2 AND ended_on IS NULL",
    )
    .bind(user)
    .bind(village)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Whether `user` was on the village's team on day `on` (a place ends on its end day).
pub async fn served_on(pool: &Pool, user: i64, village: i64, on: NaiveDate) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM team_members
         WHERE user_id = $1 AND village_id = $2 AND started_on <= $3
           AND (ended_on IS NULL OR ended_on > $3)",
    )
    .bind(user)
    .bind(village)
    .bind(on)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// Villages: (id, name, rectifying).
pub async fn villages(pool: &Pool) -> sqlx::Result<Vec<(i64, String, bool)>> {
    crate::db::query_as("SELECT id, name, rectifying FROM villages ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Active accounts that may hold a seat or a team place: (id, name, post code).
pub async fn people(pool: &Pool) -> sqlx::Result<Vec<(i64, String, String)>> {
    crate::db::query_as("SELECT id, name, post FROM users WHERE active = TRUE ORDER BY name, id")
        .fetch_all(pool)
        .await
}

pub async fn is_active_user(tx: &mut Tx, user: i64) -> sqlx::Result<bool> {
    let n: i64 =
        crate::db::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1 AND active = TRUE")
            .bind(user)
            .fetch_one(&mut **tx)
            .await?;
    Ok(n > 0)
}

/// Ends a current place with its reason; the place's (village, rectifying) when it was open.
pub async fn end_place(tx: &mut Tx, id: i64, on: NaiveDate, reason: &str) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE team_members SET ended_on = $1, end_reason = $2 WHERE id = $3 AND ended_on IS NULL",
    )
    .bind(on)
    .bind(reason)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// A current place's village and whether that village is 整顿中.
pub async fn place(tx: &mut Tx, id: i64) -> sqlx::Result<Option<(i64, bool)>> {
    crate::db::query_as(
        "SELECT t.village_id, v.rectifying FROM team_members t
         JOIN villages v ON v.id = t.village_id WHERE t.id = $1 AND t.ended_on IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// The person's current place in the village's team: (id, part, first secretary, started on).
pub async fn current_place(
    tx: &mut Tx,
    village: i64,
    user: i64,
) -> sqlx::Result<Option<(i64, String, bool, NaiveDate)>> {
    crate::db::query_as(
        "SELECT id, part, first_secretary, started_on FROM team_members
         WHERE village_id = $1 AND user_id = $2 AND ended_on IS NULL",
    )
    .bind(village)
    .bind(user)
    .fetch_optional(&mut **tx)
    .await
}

/// The village's current 第一书记's place: (id, user, part, started on).
pub async fn first_secretary(
    tx: &mut Tx,
    village: i64,
) -> sqlx::Result<Option<(i64, i64, String, NaiveDate)>> {
    crate::db::query_as(
        "SELECT id, user_id, part, started_on FROM team_members
         WHERE village_id = $1 AND ended_on IS NULL AND first_secretary = TRUE",
    )
    .bind(village)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn insert_place(
    tx: &mut Tx,
    village: i64,
    user: i64,
    part: Part,
    first_secretary: bool,
    started_on: NaiveDate,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO team_members (village_id, user_id, part, first_secretary, started_on,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(village)
    .bind(user)
    .bind(part.code())
    .bind(first_secretary)
    .bind(started_on)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The town leadership as listed (active only).
pub async fn town_leaders(pool: &Pool) -> sqlx::Result<Vec<TownLeader>> {
    let rows: Vec<(i64, String, String, String, String, String)> = crate::db::query_as(
        "SELECT id, town, name, post, phone, duties FROM town_leaders
         WHERE active = TRUE ORDER BY town, sort, id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, town, name, post, phone, duties)| TownLeader {
            id,
            town,
            name,
            post,
            phone,
            duties,
        })
        .collect())
}

pub async fn insert_town_leader(
    pool: &Pool,
    t: &TownLeader,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO town_leaders (town, name, post, phone, duties, sort, created_at)
         VALUES ($1, $2, $3, $4, $5,
                 (SELECT COALESCE(MAX(sort), 0) + 1 FROM town_leaders), $6)
         RETURNING id",
    )
    .bind(&t.town)
    .bind(&t.name)
    .bind(&t.post)
    .bind(&t.phone)
    .bind(&t.duties)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn remove_town_leader(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let r =
        crate::db::query("UPDATE town_leaders SET active = FALSE WHERE id = $1 AND active = TRUE")
            .bind(id)
            .execute(pool)
            .await?;
    Ok(r.rows_affected() == 1)
}

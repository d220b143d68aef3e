//! The organisation's SQL. Records made on phones share `work_records` (the `records`
//! capability writes the envelope; this module its kinds' rows and the reads).
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, NaiveDate, Utc};

pub async fn insert_meeting(tx: &mut Tx, id: &str, m: &Meeting) -> sqlx::Result<()> {
    let team: Vec<String> = m.team_present.iter().map(i64::to_string).collect();
    crate::db::query(
        "INSERT INTO branch_meetings (id, kind, place, topic, present, absent, team_present,
             leader_attended, by_team, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(m.kind.code())
    .bind(&m.place)
    .bind(&m.topic)
    .bind(m.present)
    .bind(m.absent)
    .bind(team.join(","))
    .bind(m.leader_attended)
    .bind(m.by_team)
    .bind(&m.comment)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_training(tx: &mut Tx, id: &str, t: &Training) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO trainings (id, topic, attendees, headcount) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(&t.topic)
    .bind(&t.attendees)
    .bind(t.headcount)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type MeetingSql = (
    String,
    String,
    NaiveDate,
    String,
    String,
    i64,
    i64,
    String,
    bool,
    bool,
    String,
    String,
);

/// A village's meetings, newest first; team members as ids (comma-separated) for the caller
/// to name.
pub async fn meetings(pool: &Pool, village: i64) -> sqlx::Result<Vec<(MeetingRow, String)>> {
    let rows: Vec<MeetingSql> = crate::db::query_as(
        "SELECT m.id, m.kind, w.held_on, m.place, m.topic, m.present, m.absent, m.team_present,
                m.leader_attended, m.by_team, m.comment, u.name
         FROM branch_meetings m JOIN work_records w ON w.id = m.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1
         ORDER BY w.held_on DESC, m.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some((
                MeetingRow {
                    id: r.0,
                    kind: MeetingKind::parse(&r.1)?,
                    held_on: r.2,
                    place: r.3,
                    topic: r.4,
                    present: r.5,
                    absent: r.6,
                    team_present: Vec::new(),
                    leader_attended: r.8,
                    by_team: r.9,
                    comment: r.10,
                    recorded_by: r.11,
                },
                r.7,
            ))
        })
        .collect())
}

/// Every meeting dated `from..=to`, as the calendar reads them.
pub async fn meeting_facts(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<MeetingFact>> {
    let rows: Vec<(i64, String, NaiveDate, bool, bool, bool)> = crate::db::query_as(
        "SELECT w.village_id, m.kind, w.held_on, m.leader_attended, m.comment <> '', m.by_team
         FROM branch_meetings m JOIN work_records w ON w.id = m.id
         WHERE w.held_on >= $1 AND w.held_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(MeetingFact {
                village: r.0,
                kind: MeetingKind::parse(&r.1)?,
                held_on: r.2,
                leader_attended: r.3,
                commented: r.4,
                by_team: r.5,
            })
        })
        .collect())
}

pub async fn trainings(pool: &Pool, village: i64) -> sqlx::Result<Vec<TrainingRow>> {
    let rows: Vec<(String, NaiveDate, String, String, i64, String)> = crate::db::query_as(
        "SELECT t.id, w.held_on, t.topic, t.attendees, t.headcount, u.name
         FROM trainings t JOIN work_records w ON w.id = t.id
         JOIN users u ON u.id = w.recorded_by
         WHERE w.village_id = $1
         ORDER BY w.held_on DESC, t.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TrainingRow {
            id: r.0,
            held_on: r.1,
            topic: r.2,
            attendees: r.3,
            headcount: r.4,
            recorded_by: r.5,
        })
        .collect())
}

type CommitteeSql = (
    i64,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
);

/// The two committees' members, current first (by post), then the past, newest end first.
pub async fn committee(pool: &Pool, village: i64) -> sqlx::Result<Vec<CommitteeLine>> {
    let rows: Vec<CommitteeSql> = crate::db::query_as(
        "SELECT id, name, post, term, started_on, ended_on, end_reason
         FROM committee_members WHERE village_id = $1
         ORDER BY ended_on IS NOT NULL, ended_on DESC, started_on, id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let mut lines: Vec<CommitteeLine> = rows
        .into_iter()
        .filter_map(|r| {
            Some(CommitteeLine {
                id: r.0,
                name: r.1,
                post: CommitteePost::parse(&r.2)?,
                term: r.3,
                started_on: r.4,
                ended_on: r.5,
                end_reason: r.6,
            })
        })
        .collect();
    let rank = |p: CommitteePost| CommitteePost::ALL.iter().position(|q| *q == p);
    lines.sort_by_key(|l| {
        (
            l.ended_on.is_some(),
            l.ended_on.is_none().then(|| rank(l.post)),
        )
    });
    Ok(lines)
}

pub async fn insert_committee(
    pool: &Pool,
    m: &NewCommitteeMember,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO committee_members (village_id, name, post, term, started_on, created_by,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(m.village)
    .bind(&m.name)
    .bind(m.post.code())
    .bind(&m.term)
    .bind(m.started_on)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// A member's village and start, while the post is held.
pub async fn current_committee(pool: &Pool, id: i64) -> sqlx::Result<Option<(i64, NaiveDate)>> {
    crate::db::query_as(
        "SELECT village_id, started_on FROM committee_members WHERE id = $1 AND ended_on IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
}

pub async fn end_committee(
    pool: &Pool,
    id: i64,
    on: NaiveDate,
    reason: &str,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE committee_members SET ended_on = $1, end_reason = $2
         WHERE id = $3 AND ended_on IS NULL",
    )
    .bind(on)
    .bind(reason)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

type AppraisalSql = (
    i64,
    NaiveDate,
    i64,
    i64,
    i64,
    i64,
    Option<NaiveDate>,
    String,
);

pub async fn appraisals(pool: &Pool, village: i64) -> sqlx::Result<Vec<AppraisalRow>> {
    let rows: Vec<AppraisalSql> = crate::db::query_as(
        "SELECT id, held_on, excellent, qualified, basic, unqualified, published_on, follow_up
         FROM appraisals WHERE village_id = $1 ORDER BY held_on DESC, id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AppraisalRow {
            id: r.0,
            held_on: r.1,
            excellent: r.2,
            qualified: r.3,
            basic: r.4,
            unqualified: r.5,
            published_on: r.6,
            follow_up: r.7,
        })
        .collect())
}

pub async fn insert_appraisal(
    pool: &Pool,
    a: &NewAppraisal,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO appraisals (village_id, held_on, excellent, qualified, basic, unqualified,
             published_on, follow_up, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(a.village)
    .bind(a.held_on)
    .bind(a.excellent)
    .bind(a.qualified)
    .bind(a.basic)
    .bind(a.unqualified)
    .bind(a.published_on)
    .bind(&a.follow_up)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// An appraisal's village and day.
pub async fn appraisal(pool: &Pool, id: i64) -> sqlx::Result<Option<(i64, NaiveDate)>> {
    crate::db::query_as("SELECT village_id, held_on FROM appraisals WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Publication and follow-up, set later than the appraisal itself.
pub async fn publish_appraisal(
    pool: &Pool,
    id: i64,
    published_on: Option<NaiveDate>,
    follow_up: &str,
) -> sqlx::Result<()> {
    crate::db::query("UPDATE appraisals SET published_on = $1, follow_up = $2 WHERE id = $3")
        .bind(published_on)
        .bind(follow_up)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Published appraisals held `from..=to`: (village, day held).
pub async fn published_appraisals(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
) -> sqlx::Result<Vec<(i64, NaiveDate)>> {
    crate::db::query_as(
        "SELECT village_id, held_on FROM appraisals
         WHERE published_on IS NOT NULL AND held_on >= $1 AND held_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

/// A village's decisions with their steps, newest decision first.
pub async fn decisions(pool: &Pool, village: i64) -> sqlx::Result<Vec<DecisionRow>> {
    let heads: Vec<(i64, String)> = crate::db::query_as(
        "SELECT id, title FROM decisions WHERE village_id = $1 ORDER BY id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let steps: Vec<(i64, String, NaiveDate, String, String)> = crate::db::query_as(
        "SELECT s.decision_id, s.step, s.done_on, s.note, u.name
         FROM decision_steps s JOIN decisions d ON d.id = s.decision_id
         JOIN users u ON u.id = s.recorded_by
         WHERE d.village_id = $1 ORDER BY s.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(heads
        .into_iter()
        .map(|(id, title)| DecisionRow {
            id,
            title,
            steps: steps
                .iter()
                .filter(|s| s.0 == id)
                .filter_map(|s| {
                    Some(StepRow {
                        step: Step::parse(&s.1)?,
                        done_on: s.2,
                        note: s.3.clone(),
                        recorded_by: s.4.clone(),
                    })
                })
                .collect(),
        })
        .collect())
}

pub async fn insert_decision(
    pool: &Pool,
    village: i64,
    title: &str,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO decisions (village_id, title, created_by, created_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(village)
    .bind(title)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn decision_village(tx: &mut Tx, id: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT village_id FROM decisions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
}

/// The steps a decision has taken, in order, read in the transaction that adds the next.
pub async fn steps_of(tx: &mut Tx, id: i64) -> sqlx::Result<Vec<(Step, NaiveDate)>> {
    let rows: Vec<(String, NaiveDate)> = crate::db::query_as(
        "SELECT step, done_on FROM decision_steps WHERE decision_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, d)| Some((Step::parse(&s)?, d)))
        .collect())
}

pub async fn insert_step(
    tx: &mut Tx,
    id: i64,
    step: Step,
    on: NaiveDate,
    note: &str,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO decision_steps (decision_id, step, done_on, note, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(step.code())
    .bind(on)
    .bind(note)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn venue(pool: &Pool, village: i64) -> sqlx::Result<Venue> {
    let row: Option<(String, String, DateTime<Utc>)> = crate::db::query_as(
        "SELECT condition, planned, updated_at FROM venues WHERE village_id = $1",
    )
    .bind(village)
    .fetch_optional(pool)
    .await?;
    Ok(row.map_or_else(Venue::default, |r| Venue {
        condition: r.0,
        planned: r.1,
        updated_at: Some(r.2),
    }))
}

pub async fn save_venue(
    pool: &Pool,
    village: i64,
    condition: &str,
    planned: &str,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO venues (village_id, condition, planned, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (village_id) DO UPDATE SET condition = excluded.condition,
             planned = excluded.planned, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
    )
    .bind(village)
    .bind(condition)
    .bind(planned)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn funds(pool: &Pool, village: i64) -> sqlx::Result<Vec<FundRow>> {
    let rows: Vec<(i64, String, i64, NaiveDate, String)> = crate::db::query_as(
        "SELECT id, source, amount_fen, received_on, note FROM venue_funds
         WHERE village_id = $1 ORDER BY received_on, id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(FundRow {
                id: r.0,
                source: FundSource::parse(&r.1)?,
                amount: crate::model::Fen(r.2),
                received_on: r.3,
                note: r.4,
            })
        })
        .collect())
}

pub async fn insert_fund(
    pool: &Pool,
    f: &NewFund,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO venue_funds (village_id, source, amount_fen, received_on, note, created_by,
             created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(f.village)
    .bind(f.source.code())
    .bind(f.amount.0)
    .bind(f.received_on)
    .bind(&f.note)
    .bind(by)
    .bind(now)
    .fetch_one(pool)
    .await
}

pub async fn progress(pool: &Pool, village: i64) -> sqlx::Result<Vec<NoteRow>> {
    let rows: Vec<(NaiveDate, String, String)> = crate::db::query_as(
        "SELECT p.noted_on, p.note, u.name FROM venue_progress p
         JOIN users u ON u.id = p.created_by
         WHERE p.village_id = $1 ORDER BY p.noted_on DESC, p.id DESC",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| NoteRow {
            noted_on: r.0,
            note: r.1,
            by: r.2,
        })
        .collect())
}

pub async fn insert_progress(
    pool: &Pool,
    village: i64,
    on: NaiveDate,
    note: &str,
    by: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO venue_progress (village_id, noted_on, note, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(village)
    .bind(on)
    .bind(note)
    .bind(by)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

//! The summary's SQL: read-only counts over the other capabilities' tables. A village filter
//! is an optional bind (`$n IS NULL OR …`), so each figure is one statement either way.
use super::model::*;
use crate::db::Pool;
use chrono::{DateTime, NaiveDate, Utc};

/// Joins the household `hh` names to its village (`g.village_id`).
fn in_village(hh: &str) -> String {
    format!("JOIN households h ON h.id = {hh} JOIN village_groups g ON g.id = h.group_id")
}

pub async fn villages(pool: &Pool) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as("SELECT id, name FROM villages ORDER BY id")
        .fetch_all(pool)
        .await
}

/// A visit was made in the village (visits keep their village: one index range per count).
/// Two texts, not `$n IS NULL OR …`: with the OR, SQLite cannot use the village's index.
fn visit_in_village(n: usize, village: Option<i64>) -> String {
    match village {
        Some(_) => format!("v.village_id = ${n}"),
        None => format!("${n} IS NULL"),
    }
}

/// Per village: households, those visited in `[from, to)`, and the visits.
pub async fn by_village(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(i64, String, i64, i64, i64)>> {
    let households: Vec<(i64, String, i64)> = crate::db::query_as(
        "SELECT vl.id, vl.name, COUNT(h.id) FROM villages vl
         JOIN village_groups g ON g.village_id = vl.id
         LEFT JOIN households h ON h.group_id = g.id
         WHERE ($1 IS NULL OR vl.id = $1)
         GROUP BY vl.id, vl.name ORDER BY vl.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let visited: Vec<(i64, i64, i64)> = crate::db::query_as(&format!(
        "SELECT v.village_id, COUNT(DISTINCT v.household_id), COUNT(*) FROM visits v
         WHERE v.visited_at >= $1 AND v.visited_at < $2 AND {}
         GROUP BY v.village_id",
        visit_in_village(3, village)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(coverage(households, &visited))
}

/// Per person with households assigned (in the village): (name, assigned, visited by them in
/// the month, their visits).
pub async fn by_cadre(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(i64, String, i64, i64, i64)>> {
    let assigned: Vec<(i64, String, i64)> = match village {
        None => {
            crate::db::query_as(
                "SELECT u.id, u.name, COUNT(*) FROM household_cadres hc
                 JOIN users u ON u.id = hc.user_id
                 GROUP BY u.id, u.name ORDER BY u.id",
            )
            .fetch_all(pool)
            .await?
        }
        Some(_) => {
            crate::db::query_as(&format!(
                "SELECT u.id, u.name, COUNT(*) FROM household_cadres hc
                 JOIN users u ON u.id = hc.user_id
                 {}
                 WHERE g.village_id = $1
                 GROUP BY u.id, u.name ORDER BY u.id",
                in_village("hc.household_id")
            ))
            .bind(village)
            .fetch_all(pool)
            .await?
        }
    };
    let visited: Vec<(i64, i64, i64)> = crate::db::query_as(&format!(
        "SELECT v.cadre_id, COUNT(DISTINCT v.household_id), COUNT(*) FROM visits v
         JOIN household_cadres hc ON hc.household_id = v.household_id AND hc.user_id = v.cadre_id
         WHERE v.visited_at >= $1 AND v.visited_at < $2 AND {}
         GROUP BY v.cadre_id",
        visit_in_village(3, village)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(coverage(assigned, &visited))
}

/// (id, name, households) joined with (id, visited, visits): a coverage line for each.
fn coverage(
    assigned: Vec<(i64, String, i64)>,
    visited: &[(i64, i64, i64)],
) -> Vec<(i64, String, i64, i64, i64)> {
    assigned
        .into_iter()
        .map(|(id, name, n)| {
            let (hh, visits) = visited
                .iter()
                .find(|v| v.0 == id)
                .map_or((0, 0), |v| (v.1, v.2));
            (id, name, n, hh, visits)
        })
        .collect()
}

/// A feedback item's village: its household's, or for one with no household (a card's QR),
/// any village where the cadre it concerns has households.
fn feedback_in_village(n: usize) -> String {
    format!(
        "(${n} IS NULL
          OR EXISTS (SELECT 1 FROM households h JOIN village_groups g ON g.id = h.group_id
                     WHERE h.id = f.household_id AND g.village_id = ${n})
          OR (f.household_id IS NULL AND EXISTS (
                SELECT 1 FROM household_cadres hc
                JOIN households h ON h.id = hc.household_id
                JOIN village_groups g ON g.id = h.group_id
                WHERE hc.user_id = f.cadre_id AND g.village_id = ${n})))"
    )
}

/// Feedback received in the month: (category, status, count).
pub async fn feedback(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, String, i64)>> {
    crate::db::query_as(&format!(
        "SELECT f.category, f.status, COUNT(*) FROM feedback f
         WHERE f.received_at >= $1 AND f.received_at < $2 AND {}
         GROUP BY f.category, f.status",
        feedback_in_village(3)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

/// Feedback first marked resolved in the month: (raised, resolved).
pub async fn resolutions(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    crate::db::query_as(&format!(
        "SELECT f.submitted_at, r.first_at FROM feedback f
         JOIN (SELECT feedback_id, MIN(at) AS first_at FROM feedback_replies
               WHERE status = 'resolved' GROUP BY feedback_id) r ON r.feedback_id = f.id
         WHERE r.first_at >= $1 AND r.first_at < $2 AND {}",
        feedback_in_village(3)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

/// A ledger item's village: its own, or its household's.
fn item_in_village(n: usize) -> String {
    format!(
        "(${n} IS NULL OR i.village_id = ${n}
          OR EXISTS (SELECT 1 FROM households h JOIN village_groups g ON g.id = h.group_id
                     WHERE h.id = i.household_id AND g.village_id = ${n}))"
    )
}

const OPEN: &str = "i.status IN ('new', 'assigned', 'in_progress')";

/// Open items past their deadline, per owner: (owner, count, earliest deadline).
pub async fn overdue(
    pool: &Pool,
    today: NaiveDate,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, i64, NaiveDate)>> {
    crate::db::query_as(&format!(
        "SELECT u.name, COUNT(*), MIN(i.deadline) FROM ledger_items i
         JOIN users u ON u.id = i.owner_id
         WHERE {OPEN} AND i.deadline < $1 AND {}
         GROUP BY u.id, u.name ORDER BY COUNT(*) DESC, MIN(i.deadline)",
        item_in_village(2)
    ))
    .bind(today)
    .bind(village)
    .fetch_all(pool)
    .await
}

pub async fn commitments(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    today: NaiveDate,
    village: Option<i64>,
) -> sqlx::Result<Commitments> {
    let (made, open, overdue): (i64, i64, i64) = crate::db::query_as(&format!(
        "SELECT
             CAST(COALESCE(SUM(CASE WHEN i.created_at >= $1 AND i.created_at < $2
                                    THEN 1 ELSE 0 END), 0) AS BIGINT),
             CAST(COALESCE(SUM(CASE WHEN {OPEN} THEN 1 ELSE 0 END), 0) AS BIGINT),
             CAST(COALESCE(SUM(CASE WHEN {OPEN} AND i.deadline < $3 THEN 1 ELSE 0 END), 0)
                  AS BIGINT)
         FROM ledger_items i WHERE i.kind = 'commitment' AND {}",
        item_in_village(4)
    ))
    .bind(from)
    .bind(to)
    .bind(today)
    .bind(village)
    .fetch_one(pool)
    .await?;
    // Kept: first reported done in the month; late when that was after the deadline of the
    // day (the deadline is a Beijing date, the event an instant).
    let kept: Vec<(DateTime<Utc>, Option<NaiveDate>)> = crate::db::query_as(&format!(
        "SELECT e.first_at, i.deadline FROM ledger_items i
         JOIN (SELECT item_id, MIN(at) AS first_at FROM ledger_events WHERE step = 'resolve'
               GROUP BY item_id) e ON e.item_id = i.id
         WHERE i.kind = 'commitment' AND e.first_at >= $1 AND e.first_at < $2 AND {}",
        item_in_village(3)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await?;
    let kept_late = kept
        .iter()
        .filter(|(at, deadline)| {
            let day = crate::ui::time::date_of(*at);
            deadline.is_some_and(|d| day > d)
        })
        .count() as i64;
    Ok(Commitments {
        made,
        kept: kept.len() as i64,
        kept_late,
        open,
        overdue,
    })
}

/// Service-day receptions held in the month: per day, and how many went to the ledger.
pub async fn receptions(
    pool: &Pool,
    from: NaiveDate,
    to: NaiveDate,
    village: Option<&str>,
) -> sqlx::Result<Receptions> {
    let days: Vec<(NaiveDate, i64)> = crate::db::query_as(
        "SELECT r.held_on, COUNT(*) FROM receptions r
         WHERE r.held_on >= $1 AND r.held_on <= $2 AND ($3 IS NULL OR r.village = $3)
         GROUP BY r.held_on ORDER BY r.held_on",
    )
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await?;
    let (to_ledger,): (i64,) = crate::db::query_as(
        "SELECT COUNT(*) FROM receptions r
         JOIN ledger_items i ON i.source = 'reception' AND i.source_id = r.id
         WHERE r.held_on >= $1 AND r.held_on <= $2 AND ($3 IS NULL OR r.village = $3)",
    )
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_one(pool)
    .await?;
    Ok(Receptions {
        count: days.iter().map(|d| d.1).sum(),
        to_ledger,
        days,
    })
}

/// Every active person with households in scope (or every active cadre), with what their
/// phones last reported: (name, last sync, waiting, devices).
pub async fn phones(
    pool: &Pool,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, Option<DateTime<Utc>>, i64, i64)>> {
    // The village's people as one list, read once (not a search per person: 0.4 s at ten
    // counties).
    crate::db::query_as(
        "SELECT u.name, MAX(d.synced_at), CAST(COALESCE(SUM(d.waiting), 0) AS BIGINT),
                COUNT(d.device)
         FROM users u LEFT JOIN device_syncs d ON d.user_id = u.id
         WHERE u.active AND (u.role = 'cadre' OR EXISTS (
             SELECT 1 FROM household_cadres hc WHERE hc.user_id = u.id))
           AND ($1 IS NULL OR u.id IN (
             SELECT hc.user_id FROM village_groups g JOIN households h ON h.group_id = g.id
             JOIN household_cadres hc ON hc.household_id = h.id WHERE g.village_id = $1))
         GROUP BY u.id, u.name
         ORDER BY COALESCE(SUM(d.waiting), 0) DESC, MAX(d.synced_at) NULLS FIRST, u.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await
}

/// Visits, feedback received and items closed in one month.
pub async fn trend_point(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<(i64, i64, i64)> {
    let (visits,): (i64,) = crate::db::query_as(&format!(
        "SELECT COUNT(*) FROM visits v
         WHERE v.visited_at >= $1 AND v.visited_at < $2 AND {}",
        visit_in_village(3, village)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_one(pool)
    .await?;
    let (feedback,): (i64,) = crate::db::query_as(&format!(
        "SELECT COUNT(*) FROM feedback f
         WHERE f.received_at >= $1 AND f.received_at < $2 AND {}",
        feedback_in_village(3)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_one(pool)
    .await?;
    let (closed,): (i64,) = crate::db::query_as(&format!(
        "SELECT COUNT(DISTINCT e.item_id) FROM ledger_events e
         JOIN ledger_items i ON i.id = e.item_id
         WHERE e.step = 'close' AND e.at >= $1 AND e.at < $2 AND {}",
        item_in_village(3)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_one(pool)
    .await?;
    Ok((visits, feedback, closed))
}

// ---- Exports: rows streamed in sheet order (village or kind first). ----

pub type Rows<'a, T> = futures_util::stream::BoxStream<'a, sqlx::Result<T>>;

#[derive(sqlx::FromRow)]
pub struct HouseholdRow {
    pub id: i64,
    pub village: String,
    pub grp: String,
    pub head_name: String,
    pub population: i64,
    pub phone: String,
    pub economy: String,
    pub income_sources: String,
    pub family_planning: String,
    pub social_relations: String,
    pub poor: bool,
    pub difficulties: String,
    pub notable: bool,
    pub key_petitioner: bool,
}

pub fn households(pool: &Pool, village: Option<i64>) -> Rows<'_, HouseholdRow> {
    crate::db::query_as(
        "SELECT h.id, vl.name AS village, g.name AS grp, h.head_name, h.population, h.phone,
                h.economy, h.income_sources, h.family_planning, h.social_relations, h.poor,
                h.difficulties, h.notable, h.key_petitioner
         FROM households h JOIN village_groups g ON g.id = h.group_id
         JOIN villages vl ON vl.id = g.village_id
         WHERE ($1 IS NULL OR vl.id = $1)
         ORDER BY vl.id, g.id, h.id",
    )
    .bind(village)
    .fetch(pool)
}

/// (household, cadre's name) for every assignment of these households.
pub async fn household_cadres(pool: &Pool, ids: &[i64]) -> sqlx::Result<Vec<(i64, String)>> {
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT hc.household_id, u.name FROM household_cadres hc JOIN users u ON u.id = hc.user_id
         WHERE hc.household_id IN ",
    );
    qb.push_list(ids.iter().copied())
        .push(" ORDER BY hc.household_id, u.id");
    qb.build_query_as().fetch_all(pool).await
}

/// (household, name, relation, birth year, masked ID number) of these households' members:
/// never the ciphertext.
pub async fn members(
    pool: &Pool,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, String, String, Option<i64>, Option<String>)>> {
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT household_id, name, relation, birth_year, id_masked FROM household_members
         WHERE household_id IN ",
    );
    qb.push_list(ids.iter().copied())
        .push(" ORDER BY household_id, id");
    qb.build_query_as().fetch_all(pool).await
}

#[derive(sqlx::FromRow)]
pub struct VisitRow {
    pub id: String,
    pub village: String,
    pub grp: String,
    pub head_name: String,
    pub cadre: String,
    pub visited_at: DateTime<Utc>,
    pub method: String,
    pub content: String,
    pub process: String,
    pub outcome: String,
    pub problems: String,
    pub follow_up: bool,
    pub received_at: DateTime<Utc>,
}

pub fn visits(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> Rows<'_, VisitRow> {
    crate::db::query_as(
        "SELECT v.id, vl.name AS village, g.name AS grp, h.head_name, u.name AS cadre, v.visited_at,
                v.method, v.content, v.process, v.outcome, v.problems, v.follow_up, v.received_at
         FROM visits v JOIN households h ON h.id = v.household_id
         JOIN village_groups g ON g.id = h.group_id JOIN villages vl ON vl.id = g.village_id
         JOIN users u ON u.id = v.cadre_id
         WHERE v.visited_at >= $1 AND v.visited_at < $2 AND ($3 IS NULL OR vl.id = $3)
         ORDER BY vl.id, v.visited_at, v.id",
    )
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch(pool)
}

#[derive(sqlx::FromRow)]
pub struct ItemRow {
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub village: Option<String>,
    pub head_name: Option<String>,
    pub source: String,
    pub owner: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Built once: a streamed query must outlive the call, so its text is static.
static ITEMS_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT i.kind, i.title, i.detail, COALESCE(iv.name, hv.name) AS village,
                h.head_name, i.source, u.name AS owner, i.deadline, i.status, i.created_at,
                i.updated_at
         FROM ledger_items i
         LEFT JOIN villages iv ON iv.id = i.village_id
         LEFT JOIN households h ON h.id = i.household_id
         LEFT JOIN village_groups hg ON hg.id = h.group_id
         LEFT JOIN villages hv ON hv.id = hg.village_id
         LEFT JOIN users u ON u.id = i.owner_id
         WHERE {}
         ORDER BY CASE i.kind WHEN 'petition' THEN 1 WHEN 'dispute' THEN 2 WHEN 'hazard' THEN 3
                  WHEN 'proxy_service' THEN 4 WHEN 'commitment' THEN 5 ELSE 6 END,
                  i.created_at, i.id",
        item_in_village(1)
    )
});

pub fn items(pool: &Pool, village: Option<i64>) -> Rows<'_, ItemRow> {
    crate::db::query_as(ITEMS_SQL.as_str())
        .bind(village)
        .fetch(pool)
}

#[derive(sqlx::FromRow)]
pub struct FeedbackRow {
    pub category: String,
    pub receipt: String,
    pub received_at: DateTime<Utc>,
    pub content: String,
    pub name: String,
    pub phone: String,
    pub channel: String,
    pub cadre: Option<String>,
    pub village: Option<String>,
    pub status: String,
}

static FEEDBACK_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT f.category, f.receipt, f.received_at, f.content, f.name, f.phone, f.channel,
                u.name AS cadre, hv.name AS village, f.status
         FROM feedback f
         LEFT JOIN users u ON u.id = f.cadre_id
         LEFT JOIN households h ON h.id = f.household_id
         LEFT JOIN village_groups hg ON hg.id = h.group_id
         LEFT JOIN villages hv ON hv.id = hg.village_id
         WHERE f.received_at >= $1 AND f.received_at < $2 AND {}
           AND ($4 IS NULL OR NOT (f.category = 'conduct' AND f.cadre_id = $4))
         ORDER BY CASE f.category WHEN 'income' THEN 1 WHEN 'construction' THEN 2
                  WHEN 'social_security' THEN 3 WHEN 'education_health' THEN 4
                  WHEN 'environment' THEN 5 WHEN 'culture' THEN 6 WHEN 'relief' THEN 7
                  WHEN 'public_order' THEN 8 ELSE 9 END, f.received_at, f.id",
        feedback_in_village(3)
    )
});

/// Feedback received in the month; `hide_conduct_of`: a leader's export leaves out conduct
/// complaints about that leader, as their inbox does.
pub fn feedback_rows(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
    hide_conduct_of: Option<i64>,
) -> Rows<'_, FeedbackRow> {
    crate::db::query_as(FEEDBACK_SQL.as_str())
        .bind(from)
        .bind(to)
        .bind(village)
        .bind(hide_conduct_of)
        .fetch(pool)
}

/// Per village: its households and those a visit has marked 联系卡已发放 before `to`.
pub async fn cards_given(
    pool: &Pool,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    crate::db::query_as(
        "SELECT vl.name,
                (SELECT COUNT(*) FROM households h JOIN village_groups g ON g.id = h.group_id
                 WHERE g.village_id = vl.id),
                (SELECT COUNT(DISTINCT v.household_id) FROM visits v
                 WHERE v.village_id = vl.id AND v.card_given = TRUE AND v.visited_at < $1)
         FROM villages vl WHERE ($2 IS NULL OR vl.id = $2) ORDER BY vl.id",
    )
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

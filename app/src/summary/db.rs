//! The summary's SQL: read-only counts over the other capabilities' tables, and over the
//! counts the database keeps rolled up as they are written (migration 0015: households per
//! village, assignments per person and day, visits per person and month). A village filter
//! is an optional bind (`$n IS NULL OR …`), so each figure is one statement either way.
use super::model::*;
use crate::db::Pool;
use chrono::{DateTime, NaiveDate, Utc};

pub async fn villages(pool: &Pool) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as("SELECT id, name FROM villages ORDER BY id")
        .fetch_all(pool)
        .await
}

/// Per village: households, those visited in `month` (`2026-11`, Beijing), and the visits.
/// From the rolled-up counts (migration 0015), not the visits themselves.
pub async fn by_village(
    pool: &Pool,
    month: &str,
    village: Option<i64>,
) -> sqlx::Result<Vec<(i64, String, i64, i64, i64)>> {
    let households: Vec<(i64, String, i64)> = crate::db::query_as(
        "SELECT vl.id, vl.name, COALESCE(r.households, 0) FROM villages vl
         LEFT JOIN rollup_village_households r ON r.village_id = vl.id
         WHERE ($1 IS NULL OR vl.id = $1)
           AND EXISTS (SELECT 1 FROM village_groups g WHERE g.village_id = vl.id)
         ORDER BY vl.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let visited: Vec<(i64, i64, i64)> = crate::db::query_as(
        "SELECT village_id, CAST(SUM(households) AS BIGINT), CAST(SUM(visits) AS BIGINT)
         FROM rollup_visits WHERE month = $1 AND ($2 IS NULL OR village_id = $2)
         GROUP BY village_id",
    )
    .bind(month)
    .bind(village)
    .fetch_all(pool)
    .await?;
    Ok(coverage(households, &visited))
}

/// Per person with households assigned (in the village): (id, name, assigned, households of
/// theirs they visited in `month`, their visits to them). From the rolled-up counts.
pub async fn by_cadre(
    pool: &Pool,
    month: &str,
    village: Option<i64>,
) -> sqlx::Result<Vec<(i64, String, i64, i64, i64)>> {
    let assigned: Vec<(i64, String, i64)> = crate::db::query_as(
        "SELECT u.id, u.name, CAST(SUM(a.households) AS BIGINT) FROM rollup_assignments a
         JOIN users u ON u.id = a.user_id
         WHERE ($1 IS NULL OR a.village_id = $1)
         GROUP BY u.id, u.name ORDER BY u.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await?;
    let visited: Vec<(i64, i64, i64)> = crate::db::query_as(
        "SELECT cadre_id, CAST(SUM(own_households) AS BIGINT), CAST(SUM(own_visits) AS BIGINT)
         FROM rollup_visits WHERE month = $1 AND ($2 IS NULL OR village_id = $2)
         GROUP BY cadre_id",
    )
    .bind(month)
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

/// A feedback item's village: its household's (`in_village_id`, kept by the database's
/// triggers, migration 0017), or for one with no household (a card's QR), any village where
/// the cadre it concerns has households. Both are index ranges (`feedback_in_village`);
/// `Way::Tested`: neither is, and the village is tested on the rows another index finds.
fn feedback_in_village(n: usize, way: Way) -> String {
    let plus = match way {
        Way::In => "",
        Way::Tested => "+",
    };
    format!(
        "({plus}f.in_village_id = ${n}
          OR (f.in_village_id IS NULL AND f.cadre_id IN (
                SELECT a.user_id FROM rollup_assignments a WHERE a.village_id = ${n})))"
    )
}

/// Whether a filter is a way into the rows (an index range) or only tested on them.
#[derive(Clone, Copy)]
enum Way {
    In,
    /// `+column`: no index's column, so the planner reads through another index (SQLite
    /// otherwise prefers the filter's index whatever it costs).
    Tested,
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
        when_village(3, village, feedback_in_village(3, Way::In))
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

/// Feedback first marked resolved in the month: (raised, resolved). A form's first resolving
/// reply is kept on the form (`resolved_at`, by the database's trigger, migration 0019), so
/// this is one range of its index: testing each of the month's resolving replies for an
/// earlier one cost 12 ms at ×10 on PostgreSQL.
pub async fn resolutions(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    village: Option<i64>,
) -> sqlx::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    // The village tested on the index's entries: as a way in, SQLite took the village's
    // index and read every form of the village's year (6 ms at ×10, now 0.4).
    let in_village = feedback_in_village(3, Way::Tested);
    crate::db::query_as(&format!(
        "SELECT f.submitted_at, f.resolved_at FROM feedback f
         WHERE f.resolved_at >= $1 AND f.resolved_at < $2 AND {}",
        when_village(3, village, in_village)
    ))
    .bind(from)
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

/// A ledger item's village: its own, or its household's (`in_village_id`, kept by the
/// database's triggers, migration 0017).
fn item_in_village(n: usize) -> String {
    format!("i.in_village_id = ${n}")
}

/// `cond` when a village is asked; else only `$n IS NULL` (true, and the bind still used), so
/// that the statement names no column of the filter and an index can answer it alone.
fn when_village(n: usize, village: Option<i64>, cond: String) -> String {
    match village {
        Some(_) => cond,
        None => format!("${n} IS NULL"),
    }
}

const OPEN: &str = "i.status IN ('new', 'assigned', 'in_progress')";

/// Open items past their deadline, per owner: (owner, count, earliest deadline).
pub async fn overdue(
    pool: &Pool,
    today: NaiveDate,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, i64, NaiveDate)>> {
    // Counted per owner from the index alone, then named: joined first, every overdue item
    // (6,400 at ×10) went through the join (a third slower on PostgreSQL).
    crate::db::query_as(&format!(
        "SELECT u.name, o.items, o.earliest FROM (
             SELECT i.owner_id, COUNT(*) AS items, MIN(i.deadline) AS earliest
             FROM ledger_items i
             WHERE {OPEN} AND i.deadline < $1 AND {}
             GROUP BY i.owner_id) o
         JOIN users u ON u.id = o.owner_id
         ORDER BY o.items DESC, o.earliest, u.id",
        when_village(2, village, item_in_village(2))
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
    // Three counts, each one index range (kind, then time or status), not one pass over
    // every commitment ever made.
    let v = |n| when_village(n, village, item_in_village(n));
    let (made, open, overdue): (i64, i64, i64) = crate::db::query_as(&format!(
        "SELECT
             (SELECT COUNT(*) FROM ledger_items i WHERE i.kind = 'commitment'
              AND i.created_at >= $1 AND i.created_at < $2 AND {}),
             (SELECT COUNT(*) FROM ledger_items i WHERE i.kind = 'commitment' AND {OPEN}
              AND {}),
             (SELECT COUNT(*) FROM ledger_items i WHERE i.kind = 'commitment' AND {OPEN}
              AND i.deadline < $3 AND {})",
        v(4),
        v(4),
        v(4)
    ))
    .bind(from)
    .bind(to)
    .bind(today)
    .bind(village)
    .fetch_one(pool)
    .await?;
    // Kept: first reported done in the month (a report in the month with none before it);
    // late when that was after the deadline of the day (the deadline is a Beijing date, the
    // event an instant).
    let kept: Vec<(DateTime<Utc>, Option<NaiveDate>)> = crate::db::query_as(&format!(
        "SELECT e.at, i.deadline FROM ledger_events e JOIN ledger_items i ON i.id = e.item_id
         WHERE e.step = 'resolve' AND e.at >= $1 AND e.at < $2 AND i.kind = 'commitment'
           AND NOT EXISTS (SELECT 1 FROM ledger_events p
                           WHERE p.item_id = e.item_id AND p.step = 'resolve'
                             AND (p.at < e.at OR (p.at = e.at AND p.id < e.id)))
           AND {}",
        v(3)
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
    // The village's people from the rolled-up assignments (not a search per person: 0.4 s
    // at ten counties).
    crate::db::query_as(
        "SELECT u.name, MAX(d.synced_at), CAST(COALESCE(SUM(d.waiting), 0) AS BIGINT),
                COUNT(d.device)
         FROM users u LEFT JOIN device_syncs d ON d.user_id = u.id
         WHERE u.active AND (u.role = 'cadre' OR EXISTS (
             SELECT 1 FROM household_cadres hc WHERE hc.user_id = u.id))
           AND ($1 IS NULL OR u.id IN (
             SELECT a.user_id FROM rollup_assignments a WHERE a.village_id = $1))
         GROUP BY u.id, u.name
         ORDER BY COALESCE(SUM(d.waiting), 0) DESC, MAX(d.synced_at) NULLS FIRST, u.id",
    )
    .bind(village)
    .fetch_all(pool)
    .await
}

/// Visits per month (`2026-11`, Beijing) from `first` to `last`, both included; months with
/// none are left out. From the rolled-up counts: one pass over a few hundred rows a month.
pub async fn visits_by_month(
    pool: &Pool,
    first: &str,
    last: &str,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, i64)>> {
    crate::db::query_as(
        "SELECT month, CAST(SUM(visits) AS BIGINT) FROM rollup_visits
         WHERE month >= $1 AND month <= $2 AND ($3 IS NULL OR village_id = $3)
         GROUP BY month",
    )
    .bind(first)
    .bind(last)
    .bind(village)
    .fetch_all(pool)
    .await
}

/// Feedback received and items closed per month (`2026-11`, Beijing) from `first` to `last`,
/// both included: (month, feedback, closed), a month in up to two rows (add them), months
/// with neither left out. From the counts the database keeps (migration 0017): a few hundred
/// rows, where testing a year of forms and events month by month cost 5 to 20 ms at ten
/// counties.
pub async fn trend_counts(
    pool: &Pool,
    first: &str,
    last: &str,
    village: Option<i64>,
) -> sqlx::Result<Vec<(String, i64, i64)>> {
    // A card's form (village 0) counts in the villages where its cadre has households.
    let forms_in = "(r.village_id = $3 OR (r.village_id = 0 AND r.cadre_id IN (
                        SELECT a.user_id FROM rollup_assignments a WHERE a.village_id = $3)))";
    crate::db::query_as(&format!(
        "SELECT r.month, CAST(SUM(r.forms) AS BIGINT), CAST(0 AS BIGINT) FROM rollup_feedback r
         WHERE r.month >= $1 AND r.month <= $2 AND {}
         GROUP BY r.month
         UNION ALL
         SELECT r.month, CAST(0 AS BIGINT), CAST(SUM(r.items) AS BIGINT) FROM rollup_closed r
         WHERE r.month >= $1 AND r.month <= $2 AND {}
         GROUP BY r.month",
        when_village(3, village, forms_in.to_string()),
        when_village(3, village, "r.village_id = $3".to_string()),
    ))
    .bind(first)
    .bind(last)
    .bind(village)
    .fetch_all(pool)
    .await
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
         WHERE ($1 IS NULL OR {})
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
         WHERE f.received_at >= $1 AND f.received_at < $2 AND ($3 IS NULL OR {})
           AND ($4 IS NULL OR NOT (f.category = 'conduct' AND f.cadre_id = $4))
         ORDER BY CASE f.category WHEN 'income' THEN 1 WHEN 'construction' THEN 2
                  WHEN 'social_security' THEN 3 WHEN 'education_health' THEN 4
                  WHEN 'environment' THEN 5 WHEN 'culture' THEN 6 WHEN 'relief' THEN 7
                  WHEN 'public_order' THEN 8 ELSE 9 END, f.received_at, f.id",
        feedback_in_village(3, Way::In)
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
                COALESCE((SELECT r.households FROM rollup_village_households r
                          WHERE r.village_id = vl.id), 0),
                (SELECT COUNT(DISTINCT v.household_id) FROM visits v
                 WHERE v.village_id = vl.id AND v.card_given = TRUE AND v.visited_at < $1)
         FROM villages vl WHERE ($2 IS NULL OR vl.id = $2) ORDER BY vl.id",
    )
    .bind(to)
    .bind(village)
    .fetch_all(pool)
    .await
}

//! The visit diary's SQL. Writes run inside the sync batch's transaction.
use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, Utc};

pub struct Stored {
    pub content_hash: String,
    pub receipt: String,
    pub received_at: DateTime<Utc>,
}

pub async fn find(tx: &mut Tx, id: &VisitId) -> sqlx::Result<Option<Stored>> {
    let row: Option<(String, String, DateTime<Utc>)> =
        crate::db::query_as("SELECT content_hash, receipt, received_at FROM visits WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(content_hash, receipt, received_at)| Stored {
        content_hash,
        receipt,
        received_at,
    }))
}

pub struct NewVisit<'a> {
    pub visit: &'a Visit,
    pub cadre_id: i64,
    pub content_hash: &'a str,
    pub receipt: &'a str,
    pub received_at: DateTime<Utc>,
    pub schema: u32,
    pub device: &'a str,
}

/// Inserts unless the id exists; the primary key, not this code, is what keeps it unique.
/// Returns false when the row was already there.
pub async fn insert(tx: &mut Tx, n: &NewVisit<'_>) -> sqlx::Result<bool> {
    let v = n.visit;
    let r = crate::db::query(
        "INSERT INTO visits (id, household_id, cadre_id, visited_at, received_at, method, content,
             process, outcome, problems, follow_up, gps_lat, gps_lon, gps_accuracy_m,
             content_hash, receipt, schema_version, device_id, changes, feedback_form,
             no_form_reason, card_given, village_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19, $20, $21, $22, (SELECT g.village_id FROM households h
                        JOIN village_groups g ON g.id = h.group_id WHERE h.id = $2))
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(v.id.as_str())
    .bind(v.household_id)
    .bind(n.cadre_id)
    .bind(v.visited_at)
    .bind(n.received_at)
    .bind(v.method.code())
    .bind(&v.content)
    .bind(&v.process)
    .bind(&v.outcome)
    .bind(&v.problems)
    .bind(v.follow_up)
    .bind(v.gps.map(|g| g.lat))
    .bind(v.gps.map(|g| g.lon))
    .bind(v.gps.map(|g| g.accuracy_m))
    .bind(n.content_hash)
    .bind(n.receipt)
    .bind(i64::from(n.schema))
    .bind(n.device)
    .bind(serde_json::to_string(&v.changes).unwrap_or_else(|_| "[]".into()))
    .bind(v.feedback_form.map_or("", |f| f.code()))
    .bind(&v.no_form_reason)
    .bind(v.card_given)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn insert_conflict(
    tx: &mut Tx,
    id: &VisitId,
    cadre_id: i64,
    payload: &str,
    received_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO visit_conflicts (visit_id, cadre_id, payload, received_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id.as_str())
    .bind(cadre_id)
    .bind(payload)
    .bind(received_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    household_id: i64,
    cadre: String,
    visited_at: DateTime<Utc>,
    method: String,
    content: String,
    outcome: String,
    problems: String,
    follow_up: bool,
    receipt: String,
    received_at: DateTime<Utc>,
}

const COLUMNS: &str = "v.id, v.household_id, u.name AS cadre, v.visited_at, v.method,
    v.content, v.outcome, v.problems, v.follow_up, v.receipt, v.received_at";

/// A household's visits, newest first.
pub async fn for_household(pool: &Pool, household: i64) -> sqlx::Result<Vec<VisitView>> {
    let rows: Vec<Row> = crate::db::query_as(&format!(
        "SELECT {COLUMNS} FROM visits v JOIN users u ON u.id = v.cadre_id
         WHERE v.household_id = $1 ORDER BY v.visited_at DESC, v.id DESC"
    ))
    .bind(household)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Row::into_view).collect())
}

/// Visits to these households since `since`, newest first, at most `per_household` of each:
/// a phone's pack stays the same size however often a household is visited.
pub async fn recent_for(
    pool: &Pool,
    households: &[i64],
    since: DateTime<Utc>,
    per_household: i64,
) -> sqlx::Result<Vec<VisitView>> {
    if households.is_empty() {
        return Ok(Vec::new());
    }
    // The households' visits since `since` through the household index, numbered newest
    // first per household and cut at the limit: one statement of one range per household.
    // (It was a compound of one limited SELECT per household, 400 to a statement: fewer rows
    // read when a household is visited daily, but three statements of 400 parts for a
    // cadre's 1,007 households to plan on every pack; 9 ms this way on PostgreSQL.) Slices
    // keep the bound values well under SQLite's limit.
    const SLICE: usize = 5_000;
    let mut rows: Vec<Row> = Vec::new();
    for slice in households.chunks(SLICE) {
        let mut qb = crate::db::QueryBuilder::new(format!(
            "SELECT {COLUMNS} FROM (
                 SELECT w.id, ROW_NUMBER() OVER (PARTITION BY w.household_id
                                                 ORDER BY w.visited_at DESC, w.id DESC) AS n
                 FROM visits w WHERE w.visited_at >= "
        ));
        qb.push_bind(since).push(" AND w.household_id IN ");
        qb.push_list(slice.iter().copied());
        qb.push(") t JOIN visits v ON v.id = t.id JOIN users u ON u.id = v.cadre_id WHERE t.n <= ");
        qb.push_bind(per_household);
        rows.extend(qb.build_query_as::<Row>().fetch_all(pool).await?);
    }
    let mut visits: Vec<VisitView> = rows.into_iter().map(Row::into_view).collect();
    visits.sort_by(|a, b| (b.visited_at, &b.id).cmp(&(a.visited_at, &a.id)));
    Ok(visits)
}

/// Every second version kept beside its stored visit, newest first (at most 200): the stored
/// visit, the household's head, who sent the second one, its payload (the draft as JSON) and
/// when it came.
pub async fn conflicts(
    pool: &Pool,
) -> sqlx::Result<Vec<(VisitView, String, String, String, DateTime<Utc>)>> {
    #[derive(sqlx::FromRow)]
    struct Conflict {
        #[sqlx(flatten)]
        visit: Row,
        head: String,
        second_cadre: String,
        payload: String,
        second_at: DateTime<Utc>,
    }
    let rows: Vec<Conflict> = crate::db::query_as(&format!(
        "SELECT {COLUMNS}, h.head_name AS head, s.name AS second_cadre, c.payload,
                c.received_at AS second_at
         FROM visit_conflicts c JOIN visits v ON v.id = c.visit_id
         JOIN users u ON u.id = v.cadre_id JOIN users s ON s.id = c.cadre_id
         JOIN households h ON h.id = v.household_id
         ORDER BY c.received_at DESC, c.id DESC LIMIT 200"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|c| {
            (
                Row::into_view(c.visit),
                c.head,
                c.second_cadre,
                c.payload,
                c.second_at,
            )
        })
        .collect())
}

impl Row {
    fn into_view(r: Row) -> VisitView {
        VisitView {
            method: Method::parse(&r.method).unwrap_or(Method::Home),
            id: r.id,
            household_id: r.household_id,
            cadre: r.cadre,
            visited_at: r.visited_at,
            content: r.content,
            outcome: r.outcome,
            problems: r.problems,
            follow_up: r.follow_up,
            receipt: r.receipt,
            received_at: Some(r.received_at),
            photos: Vec::new(),
        }
    }
}

pub async fn conflict_count(pool: &Pool, visit: &str) -> sqlx::Result<i64> {
    crate::db::query_scalar("SELECT COUNT(*) FROM visit_conflicts WHERE visit_id = $1")
        .bind(visit)
        .fetch_one(pool)
        .await
}

/// What a phone reported at its sync: the latest report per device wins.
pub async fn record_sync(
    pool: &Pool,
    device: &str,
    user: i64,
    at: DateTime<Utc>,
    waiting: u32,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO device_syncs (device, user_id, synced_at, waiting) VALUES ($1, $2, $3, $4)
         ON CONFLICT (device) DO UPDATE SET synced_at = excluded.synced_at,
             waiting = excluded.waiting",
    )
    .bind(device)
    .bind(user)
    .bind(at)
    .bind(i64::from(waiting))
    .execute(pool)
    .await?;
    Ok(())
}

/// Home visits per person and window: (cadre, window index, home visits, of which answered
/// the feedback-form question: brought back, or not with a reason). One statement for all
/// windows (see [`crate::db::window_case`]). Whole Beijing months (the calendar's monthly
/// line) are read from `rollup_forms` (migration 0020): a month's home visits at ×10 took
/// 47 ms to count.
pub async fn form_counts(
    pool: &Pool,
    windows: &crate::db::Windows,
) -> sqlx::Result<Vec<(i64, i64, i64, i64)>> {
    let Some(((first, _), (_, last))) = windows.first().zip(windows.last()) else {
        return Ok(Vec::new());
    };
    if let Some(months) = whole_months(windows) {
        let mut qb = crate::db::QueryBuilder::new(
            "SELECT cadre_id, month, home_visits, answered FROM rollup_forms WHERE month IN ",
        );
        qb.push_list(months.iter().map(String::as_str))
            .push(" AND home_visits > 0");
        let rows: Vec<(i64, String, i64, i64)> = qb.build_query_as().fetch_all(pool).await?;
        return Ok(rows
            .into_iter()
            .filter_map(|(who, month, visits, answered)| {
                let w = months.iter().position(|m| *m == month)?;
                Some((who, w as i64, visits, answered))
            })
            .collect());
    }
    let n = windows.len();
    let sql = format!(
        "SELECT cadre_id, w, COUNT(*),
                CAST(SUM(CASE WHEN feedback_form = 'yes'
                          OR (feedback_form = 'no' AND no_form_reason <> '') THEN 1 ELSE 0 END)
                     AS BIGINT)
         FROM (SELECT cadre_id, feedback_form, no_form_reason, {} AS w FROM visits
               WHERE method = 'home' AND visited_at >= $1 AND visited_at < $2) t
         WHERE w >= 0 GROUP BY cadre_id, w",
        crate::db::window_case("visited_at", None, n, 3)
    );
    let mut q = crate::db::query_as(&sql).bind(first).bind(last);
    for (a, b) in windows {
        q = q.bind(a).bind(b);
    }
    q.fetch_all(pool).await
}

/// Per person and window: how many of the households assigned to them by the window's end
/// they visited (cadre, window index, households).
///
/// Whole Beijing months (the calendar's monthly coverage, the summary's month) are read from
/// `rollup_visits` (migration 0015: per person and month, the households assigned to them
/// that they visited, whenever assigned) less those assigned only after the month ended (an
/// index range on `household_cadres_assigned`, migration 0018: none for this month). Any
/// other window joins the window's visits with the assignments: 40–100 ms at 80,000 visits a
/// month (issue 23), so only for windows the rollup cannot answer.
pub async fn covered_counts(
    pool: &Pool,
    windows: &crate::db::Windows,
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let Some(((first, _), (_, last))) = windows.first().zip(windows.last()) else {
        return Ok(Vec::new());
    };
    if let Some(months) = whole_months(windows) {
        return covered_by_month(pool, windows, &months).await;
    }
    let sql = format!(
        "SELECT cadre_id, w, COUNT(DISTINCT household_id)
         FROM (SELECT v.cadre_id, v.household_id, {} AS w FROM visits v
               JOIN household_cadres hc
                 ON hc.household_id = v.household_id AND hc.user_id = v.cadre_id
               WHERE v.visited_at >= $1 AND v.visited_at < $2) t
         WHERE w >= 0 GROUP BY cadre_id, w",
        crate::db::window_case(
            "v.visited_at",
            Some(("hc.assigned_at", "<")),
            windows.len(),
            3
        )
    );
    let mut q = crate::db::query_as(&sql).bind(first).bind(last);
    for (a, b) in windows {
        q = q.bind(a).bind(b);
    }
    q.fetch_all(pool).await
}

/// The windows' Beijing months (`2026-11`) when each window is exactly one, else None.
fn whole_months(windows: &crate::db::Windows) -> Option<Vec<String>> {
    use crate::ui::time::{date_of, day_start};
    use chrono::{Datelike, Months};
    windows
        .iter()
        .map(|(from, to)| {
            let first = date_of(*from);
            let next = first.checked_add_months(Months::new(1))?;
            (first.day() == 1 && day_start(first) == *from && day_start(next) == *to)
                .then(|| format!("{:04}-{:02}", first.year(), first.month()))
        })
        .collect()
}

/// [`covered_counts`] for whole months: the rollup's figure per person and month, less the
/// households they visited that month that were assigned to them only after it.
async fn covered_by_month(
    pool: &Pool,
    windows: &crate::db::Windows,
    months: &[String],
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT cadre_id, month, CAST(SUM(own_households) AS BIGINT) FROM rollup_visits
         WHERE month IN ",
    );
    qb.push_list(months.iter().map(String::as_str))
        .push(" GROUP BY cadre_id, month");
    let rows: Vec<(i64, String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    let mut covered: Vec<(i64, i64, i64)> = rows
        .into_iter()
        .filter_map(|(who, month, n)| {
            let w = months.iter().position(|m| *m == month)?;
            Some((who, w as i64, n))
        })
        .collect();
    // Months are in order, so the earliest end bounds every late assignment from below.
    // SQLite keeps no statistics: it would read every assignment in the person index's order
    // to save the grouping's sort, probing the month's visits for each (40 ms at ×10). CROSS
    // JOIN starts it from the few late assignments and `+ 0` takes away the order to save;
    // PostgreSQL plans either way.
    let (Some((first, earliest_end)), Some((_, last))) = (windows.first(), windows.last()) else {
        return Ok(covered);
    };
    let sql = format!(
        "SELECT user_id, w, COUNT(DISTINCT household_id)
         FROM (SELECT hc.user_id + 0 AS user_id, hc.household_id, {} AS w
               FROM household_cadres hc CROSS JOIN visits v
               WHERE hc.assigned_at >= $1 AND v.household_id = hc.household_id
                 AND v.cadre_id = hc.user_id AND v.visited_at >= $2 AND v.visited_at < $3) t
         WHERE w >= 0 GROUP BY user_id, w",
        crate::db::window_case(
            "v.visited_at",
            Some(("hc.assigned_at", ">=")),
            windows.len(),
            4
        )
    );
    let mut q = crate::db::query_as::<(i64, i64, i64)>(&sql)
        .bind(earliest_end)
        .bind(first)
        .bind(last);
    for (a, b) in windows {
        q = q.bind(a).bind(b);
    }
    for (who, w, late) in q.fetch_all(pool).await? {
        if let Some(c) = covered.iter_mut().find(|c| c.0 == who && c.1 == w) {
            c.2 = (c.2 - late).max(0);
        }
    }
    Ok(covered)
}

/// Visits per person recorded in `[from, to)`: (person, visits).
pub async fn counts_by_person(
    pool: &Pool,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> sqlx::Result<Vec<(i64, i64)>> {
    crate::db::query_as(
        "SELECT cadre_id, COUNT(*) FROM visits WHERE visited_at >= $1 AND visited_at < $2
         GROUP BY cadre_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use crate::ui::time::day_start;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn only_whole_beijing_months_are_read_from_the_rollup() {
        let month = |y, m, ny, nm| (day_start(day(y, m, 1)), day_start(day(ny, nm, 1)));
        assert_eq!(
            super::whole_months(&[month(2026, 11, 2026, 12), month(2026, 12, 2027, 1)]),
            Some(vec!["2026-11".to_string(), "2026-12".to_string()])
        );
        // Half a month, a month from the wrong day, a month in UTC: the join answers.
        let half = (day_start(day(2026, 11, 1)), day_start(day(2026, 11, 16)));
        let shifted = (day_start(day(2026, 11, 2)), day_start(day(2026, 12, 2)));
        let utc = (
            day(2026, 11, 1).and_hms_opt(0, 0, 0).unwrap().and_utc(),
            day(2026, 12, 1).and_hms_opt(0, 0, 0).unwrap().and_utc(),
        );
        for w in [half, shifted, utc] {
            assert_eq!(super::whole_months(&[w]), None);
        }
        assert_eq!(
            super::whole_months(&[month(2026, 11, 2026, 12), half]),
            None
        );
    }
}

//! The ledger's SQL. Items change only through `set_state`, always with an `event` beside it
//! in the same transaction; events are never updated or deleted.
use super::model::*;
use crate::db::{Pool, Tx};
use crate::households::model::Difficulty;
use chrono::{DateTime, Duration, NaiveDate, Utc};

pub struct NewRow<'a> {
    pub id: &'a str,
    pub item: &'a NewItem,
    pub source: Source,
    pub source_id: Option<&'a str>,
    pub status: Status,
    pub created_by: i64,
    pub at: DateTime<Utc>,
}

/// Inserts unless the id or the (source, source id) exists; false when nothing was inserted.
pub async fn insert(tx: &mut Tx, n: &NewRow<'_>) -> sqlx::Result<bool> {
    let (owner, deadline) = n.item.assign.unzip();
    let r = crate::db::query(
        "INSERT INTO ledger_items (id, kind, title, detail, household_id, village_id, difficulty,
             source, source_id, owner_id, deadline, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         ON CONFLICT DO NOTHING",
    )
    .bind(n.id)
    .bind(n.item.kind.code())
    .bind(&n.item.title)
    .bind(&n.item.detail)
    .bind(n.item.household_id)
    .bind(n.item.village_id)
    .bind(n.item.difficulty.map(Difficulty::code))
    .bind(n.source.code())
    .bind(n.source_id)
    .bind(owner)
    .bind(deadline)
    .bind(n.status.code())
    .bind(n.created_by)
    .bind(n.at)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// One line of an item's log.
pub struct NewEvent<'a> {
    pub item: &'a str,
    pub at: DateTime<Utc>,
    pub actor: i64,
    pub step: &'a str,
    pub status: Status,
    pub owner: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub note: &'a str,
    pub confirmation: Option<Confirmation>,
}

/// Appends `e` to its item's log; its id.
pub async fn event(tx: &mut Tx, e: &NewEvent<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO ledger_events (item_id, at, actor_id, step, status, owner_id, deadline,
             note, confirmation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(e.item)
    .bind(e.at)
    .bind(e.actor)
    .bind(e.step)
    .bind(e.status.code())
    .bind(e.owner)
    .bind(e.deadline)
    .bind(e.note)
    .bind(e.confirmation.map(Confirmation::code))
    .fetch_one(&mut **tx)
    .await
}

pub async fn set_state(
    tx: &mut Tx,
    id: &str,
    status: Status,
    owner: Option<i64>,
    deadline: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE ledger_items SET status = $2, owner_id = $3, deadline = $4, updated_at = $5
         WHERE id = $1",
    )
    .bind(id)
    .bind(status.code())
    .bind(owner)
    .bind(deadline)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    title: String,
    status: String,
    source: String,
    household_id: Option<i64>,
    household: Option<String>,
    village: Option<String>,
    owner_id: Option<i64>,
    owner: Option<String>,
    deadline: Option<NaiveDate>,
    updated_at: DateTime<Utc>,
}

impl Row {
    fn into_row(self) -> Option<ItemRow> {
        Some(ItemRow {
            id: self.id,
            kind: Kind::parse(&self.kind)?,
            title: self.title,
            status: Status::parse(&self.status)?,
            source: Source::parse(&self.source)?,
            household_id: self.household_id,
            household: self.household,
            village: self.village,
            owner_id: self.owner_id,
            owner: self.owner,
            deadline: self.deadline,
            updated_at: self.updated_at,
        })
    }
}

const ROW_COLUMNS: &str = "SELECT i.id, i.kind, i.title, i.status, i.source, i.household_id,
        h.head_name AS household, COALESCE(v.name, hv.name) AS village, i.owner_id,
        o.name AS owner, i.deadline, i.updated_at";
const ROW_FROM: &str = "FROM ledger_items i
    LEFT JOIN households h ON h.id = i.household_id
    LEFT JOIN village_groups g ON g.id = h.group_id
    LEFT JOIN villages hv ON hv.id = g.village_id
    LEFT JOIN villages v ON v.id = i.village_id
    LEFT JOIN users o ON o.id = i.owner_id";

const OPEN: &str = "i.status IN ('new', 'assigned', 'in_progress')";

/// Whose items: everyone's, or what a cadre owns or raised.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    All,
    Cadre(i64),
}

type Qb<'a> = crate::db::QueryBuilder<'a>;

/// ` WHERE …`: what a cadre may see (everything, for the office and leaders).
fn push_scope(qb: &mut Qb<'_>, scope: Scope) {
    qb.push(" WHERE 1 = 1");
    if let Scope::Cadre(id) = scope {
        qb.push(" AND (i.owner_id = ");
        qb.push_bind(id);
        qb.push(" OR i.created_by = ");
        qb.push_bind(id);
        qb.push(")");
    }
}

/// The condition of one list, in parentheses.
fn push_view(qb: &mut Qb<'_>, view: ListView, me: i64, today: NaiveDate) {
    match view {
        ListView::Mine => {
            qb.push(format!("({OPEN} AND i.owner_id = "));
            qb.push_bind(me);
        }
        ListView::Overdue => {
            qb.push(format!("({OPEN} AND i.deadline < "));
            qb.push_bind(today);
        }
        ListView::Soon => {
            qb.push(format!("({OPEN} AND i.deadline >= "));
            qb.push_bind(today);
            qb.push(" AND i.deadline <= ");
            qb.push_bind(today + Duration::days(DUE_SOON_DAYS));
        }
        ListView::New => {
            qb.push("(i.status = 'new'");
        }
        ListView::All => {
            qb.push("(1 = 1");
        }
    }
    qb.push(")");
}

pub async fn list(
    pool: &Pool,
    scope: Scope,
    view: ListView,
    me: i64,
    today: NaiveDate,
    limit: i64,
) -> sqlx::Result<Vec<ItemRow>> {
    let mut qb = crate::db::QueryBuilder::new(format!("{ROW_COLUMNS} {ROW_FROM}"));
    push_scope(&mut qb, scope);
    qb.push(" AND ");
    push_view(&mut qb, view, me, today);
    qb.push(match view {
        ListView::Overdue | ListView::Soon | ListView::Mine => {
            " ORDER BY i.deadline IS NULL, i.deadline, i.updated_at DESC LIMIT "
        }
        ListView::New | ListView::All => " ORDER BY i.updated_at DESC LIMIT ",
    });
    qb.push_bind(limit);
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().filter_map(Row::into_row).collect())
}

/// How many items each list holds, in `ListView::ALL` order, in one query.
pub async fn counts(
    pool: &Pool,
    scope: Scope,
    me: i64,
    today: NaiveDate,
) -> sqlx::Result<Vec<(ListView, i64)>> {
    let mut qb = crate::db::QueryBuilder::new("SELECT ");
    for (n, view) in ListView::ALL.into_iter().enumerate() {
        if n > 0 {
            qb.push(", ");
        }
        qb.push("CAST(COALESCE(SUM(CASE WHEN ");
        push_view(&mut qb, view, me, today);
        qb.push(" THEN 1 ELSE 0 END), 0) AS BIGINT)");
    }
    qb.push(" FROM ledger_items i");
    push_scope(&mut qb, scope);
    let n: (i64, i64, i64, i64, i64) = qb.build_query_as().fetch_one(pool).await?;
    let n = [n.0, n.1, n.2, n.3, n.4];
    Ok(ListView::ALL.into_iter().zip(n).collect())
}

/// What `get` needs besides the list row.
pub struct Full {
    pub row: ItemRow,
    pub detail: String,
    pub difficulty: Option<Difficulty>,
    pub created_by: i64,
}

pub async fn get(pool: &Pool, id: &str) -> sqlx::Result<Option<Full>> {
    #[derive(sqlx::FromRow)]
    struct FullRow {
        #[sqlx(flatten)]
        row: Row,
        detail: String,
        difficulty: Option<String>,
        created_by: i64,
    }
    let full: Option<FullRow> = crate::db::query_as(&format!(
        "{ROW_COLUMNS}, i.detail, i.difficulty, i.created_by {ROW_FROM} WHERE i.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(full.and_then(|f| {
        Some(Full {
            row: f.row.into_row()?,
            detail: f.detail,
            difficulty: f.difficulty.as_deref().and_then(Difficulty::parse),
            created_by: f.created_by,
        })
    }))
}

/// The state a step starts from, read inside the step's transaction.
pub struct State {
    pub kind: Kind,
    pub status: Status,
    pub owner: Option<i64>,
    pub deadline: Option<NaiveDate>,
    pub created_by: i64,
}

/// Where an item is: its village (its household's, for a household's item) and household.
pub async fn place(tx: &mut Tx, id: &str) -> sqlx::Result<(Option<i64>, Option<i64>)> {
    crate::db::query_as(
        "SELECT COALESCE(i.village_id, g.village_id), i.household_id
         FROM ledger_items i LEFT JOIN households h ON h.id = i.household_id
         LEFT JOIN village_groups g ON g.id = h.group_id
         WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map(Option::unwrap_or_default)
}

pub async fn state(tx: &mut Tx, id: &str) -> sqlx::Result<Option<State>> {
    type Row = (String, String, Option<i64>, Option<NaiveDate>, i64);
    let row: Option<Row> = crate::db::query_as(
        "SELECT kind, status, owner_id, deadline, created_by FROM ledger_items WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|(kind, status, owner, deadline, created_by)| {
        Some(State {
            kind: Kind::parse(&kind)?,
            status: Status::parse(&status)?,
            owner,
            deadline,
            created_by,
        })
    }))
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    step: String,
    status: String,
    owner: Option<String>,
    deadline: Option<NaiveDate>,
    note: String,
    confirmation: Option<String>,
}

pub async fn events(pool: &Pool, id: &str) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<EventRow> = crate::db::query_as(
        "SELECT e.id, e.at, a.name AS actor, e.step, e.status, o.name AS owner, e.deadline,
                e.note, e.confirmation
         FROM ledger_events e JOIN users a ON a.id = e.actor_id
         LEFT JOIN users o ON o.id = e.owner_id
         WHERE e.item_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Event {
                id: r.id,
                at: r.at,
                actor: r.actor,
                step: r.step,
                status: Status::parse(&r.status)?,
                owner: r.owner,
                deadline: r.deadline,
                note: r.note,
                confirmation: r.confirmation.as_deref().and_then(Confirmation::parse),
                photos: Vec::new(),
            })
        })
        .collect())
}

/// The item made from this visit, feedback or reception, if any.
pub async fn by_source(
    tx: &mut Tx,
    source: Source,
    source_id: &str,
) -> sqlx::Result<Option<String>> {
    crate::db::query_scalar("SELECT id FROM ledger_items WHERE source = $1 AND source_id = $2")
        .bind(source.code())
        .bind(source_id)
        .fetch_optional(&mut **tx)
        .await
}

/// Items made from these sources (a page of feedback or receptions), as (source id, item id).
pub async fn made_from(
    pool: &Pool,
    source: Source,
    ids: &[String],
) -> sqlx::Result<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut qb =
        crate::db::QueryBuilder::new("SELECT source_id, id FROM ledger_items WHERE source = ");
    qb.push_bind(source.code());
    qb.push(" AND source_id IN ").push_list(ids.iter().cloned());
    qb.build_query_as().fetch_all(pool).await
}

/// Open items of `from`, for a handover.
pub async fn open_owned(
    tx: &mut Tx,
    owner: i64,
) -> sqlx::Result<Vec<(String, String, Option<NaiveDate>)>> {
    crate::db::query_as(&format!(
        "SELECT i.id, i.status, i.deadline FROM ledger_items i WHERE i.owner_id = $1 AND {OPEN}"
    ))
    .bind(owner)
    .fetch_all(&mut **tx)
    .await
}

/// People who may own an item: active leaders and cadres.
pub async fn people(pool: &Pool) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as(
        "SELECT id, name || ' · ' || title FROM users
         WHERE active = TRUE AND role IN ('leader', 'cadre') ORDER BY role DESC, name",
    )
    .fetch_all(pool)
    .await
}

/// Whether `id` is an active leader or cadre.
pub async fn is_person(tx: &mut Tx, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND active = TRUE AND role IN ('leader', 'cadre')",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n == 1)
}

/// Whether the household and village named (if any) exist.
pub async fn place_exists(
    tx: &mut Tx,
    household: Option<i64>,
    village: Option<i64>,
) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT CAST((CASE WHEN $1 IS NULL OR EXISTS (SELECT 1 FROM households WHERE id = $1)
                 THEN 1 ELSE 0 END)
              + (CASE WHEN $2 IS NULL OR EXISTS (SELECT 1 FROM villages WHERE id = $2)
                 THEN 1 ELSE 0 END) AS BIGINT)",
    )
    .bind(household)
    .bind(village)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n == 2)
}

/// Help-plan items tied to one of the five difficulties, newest last, so the latest wins.
pub async fn help_plans(pool: &Pool) -> sqlx::Result<Vec<(i64, Difficulty, String, Status)>> {
    let rows: Vec<(i64, String, String, String)> = crate::db::query_as(
        "SELECT household_id, difficulty, id, status FROM ledger_items
         WHERE kind = 'help_plan' AND household_id IS NOT NULL AND difficulty IS NOT NULL
         ORDER BY created_at, id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(h, d, id, s)| Some((h, Difficulty::parse(&d)?, id, Status::parse(&s)?)))
        .collect())
}

/// Items closed in `[from, to)` with an owner: (owner, deadline, when closed). For the yearly
/// assessment ("closed on time").
pub async fn closed_by_owner(
    pool: &Pool,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<
    Vec<(
        i64,
        Option<chrono::NaiveDate>,
        chrono::DateTime<chrono::Utc>,
    )>,
> {
    crate::db::query_as(
        "SELECT i.owner_id, i.deadline, MIN(e.at) FROM ledger_items i
         JOIN ledger_events e ON e.item_id = i.id AND e.status = 'closed'
         WHERE i.owner_id IS NOT NULL AND i.status = 'closed'
         GROUP BY i.id, i.owner_id, i.deadline
         HAVING MIN(e.at) >= $1 AND MIN(e.at) < $2",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}

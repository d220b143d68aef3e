//! `shugen copy-db --to postgres://…`: a county that started on SQLite moves its data up to
//! PostgreSQL. Every table is copied row for row (ids kept, so every reference and the audit
//! chain stay as they were), in one PostgreSQL transaction: the target holds everything or
//! nothing. The target must be empty but for what its migrations seed (the default
//! obligations, replaced by the source's own). Sessions are left behind unless asked for
//! (everyone signs in again); throttle counters always are, and the rolled-up counts, the
//! search pieces and a form's first resolution are rebuilt by the target's own triggers.
//!
//! The source is read in one SQLite transaction (one point in time, even if a server were
//! still writing) and every table's count is compared inside the PostgreSQL transaction,
//! before it commits: a copy that does not add up leaves the target empty.
//!
//! The tables and their column types are read from PostgreSQL's catalogue, which is why this
//! one module speaks to each backend in its own terms instead of through `sql.rs`: it copies
//! whatever the schema holds, not any one capability's rows.
use super::{Db, Pool};
use anyhow::{bail, Context};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use futures_util::TryStreamExt;
use sqlx::postgres::{PgPool, Postgres};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row};

/// Tables never copied: the migrator's own, and counters that only matter for 15 minutes.
const NEVER: &[&str] = &["_sqlx_migrations", "throttles"];
/// Tables never copied, by their name's start: the rolled-up counts (migration 0015) and the
/// name search's pieces (0016), which the target's migrations and triggers build again as the
/// rows they are made from arrive (copied, they would count twice).
const DERIVED: &[&str] = &["rollup_", "search_"];
/// Columns never copied: facts kept on a row by triggers on other tables (a form's first
/// resolution, migration 0019, set as its replies arrive). Left out, the target rebuilds them
/// from the copied rows, so a source that had drifted is not carried over.
const DERIVED_COLUMNS: &[(&str, &str)] = &[("feedback", "resolved_at")];
/// Bound values per INSERT: PostgreSQL allows 65,535.
const MAX_BINDS: usize = 30_000;
/// Bytes per INSERT, so that a run of photos is sent a few at a time.
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// What was copied: each table with its row count, in the order copied (parents first).
pub struct Copied {
    pub tables: Vec<(String, i64)>,
}

/// One column as PostgreSQL types it.
struct Column {
    name: String,
    kind: Kind,
}

#[derive(Clone, Copy)]
enum Kind {
    Int,
    Float,
    Bool,
    Text,
    Bytes,
    Timestamptz,
    Timestamp,
    Date,
}

impl Kind {
    fn of(data_type: &str) -> anyhow::Result<Kind> {
        Ok(match data_type {
            "bigint" | "integer" | "smallint" => Kind::Int,
            "double precision" | "real" => Kind::Float,
            "boolean" => Kind::Bool,
            "text" | "character varying" => Kind::Text,
            "bytea" => Kind::Bytes,
            "timestamp with time zone" => Kind::Timestamptz,
            "timestamp without time zone" => Kind::Timestamp,
            "date" => Kind::Date,
            other => bail!("no copy for PostgreSQL type {other}"),
        })
    }
}

/// One value read from SQLite, bound as its PostgreSQL column's type.
enum Cell {
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Timestamptz(Option<DateTime<Utc>>),
    Timestamp(Option<NaiveDateTime>),
    Date(Option<NaiveDate>),
}

impl Cell {
    fn read(row: &SqliteRow, i: usize, kind: Kind) -> sqlx::Result<Cell> {
        Ok(match kind {
            Kind::Int => Cell::Int(row.try_get(i)?),
            Kind::Float => Cell::Float(row.try_get(i)?),
            Kind::Bool => Cell::Bool(row.try_get(i)?),
            Kind::Text => Cell::Text(row.try_get(i)?),
            Kind::Bytes => Cell::Bytes(row.try_get(i)?),
            Kind::Timestamptz => Cell::Timestamptz(row.try_get(i)?),
            Kind::Timestamp => Cell::Timestamp(row.try_get(i)?),
            Kind::Date => Cell::Date(row.try_get(i)?),
        })
    }

    fn size(&self) -> usize {
        match self {
            Cell::Text(Some(s)) => s.len(),
            Cell::Bytes(Some(b)) => b.len(),
            _ => 8,
        }
    }

    fn bind(self, qb: &mut sqlx::query_builder::Separated<'_, '_, Postgres, &'static str>) {
        match self {
            Cell::Int(v) => qb.push_bind(v),
            Cell::Float(v) => qb.push_bind(v),
            Cell::Bool(v) => qb.push_bind(v),
            Cell::Text(v) => qb.push_bind(v),
            Cell::Bytes(v) => qb.push_bind(v),
            Cell::Timestamptz(v) => qb.push_bind(v),
            Cell::Timestamp(v) => qb.push_bind(v),
            Cell::Date(v) => qb.push_bind(v),
        };
    }
}

/// Copies `from` (SQLite) into `to` (PostgreSQL, migrated and empty), then checks that every
/// table holds as many rows on both sides. Errors: wrong backends, a target that holds data,
/// a value that does not read as its column's type (named with its table and column).
pub async fn copy(from: &Db, to: &Db, sessions: bool) -> anyhow::Result<Copied> {
    let (Pool::Sqlite(source), Some(target)) = (from.write(), to.postgres()) else {
        bail!("copy-db copies a SQLite database (DATABASE_URL) into PostgreSQL (--to)");
    };
    let mut snapshot = source.begin().await?;
    let tables: Vec<String> = ordered_tables(target)
        .await?
        .into_iter()
        .filter(|t| {
            !NEVER.contains(&t.as_str())
                && !DERIVED.iter().any(|d| t.starts_with(d))
                && (sessions || t != "sessions")
        })
        .collect();
    for table in &tables {
        if table == "obligations" {
            continue;
        }
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(target)
            .await?;
        if n > 0 {
            bail!("the target database is not empty: {table} holds {n} rows");
        }
    }
    let mut tx = target.begin().await?;
    sqlx::query("DELETE FROM obligations")
        .execute(&mut *tx)
        .await?;
    let mut copied = Vec::new();
    for table in &tables {
        let mut columns = columns(target, table).await?;
        columns.retain(|c| !DERIVED_COLUMNS.contains(&(table.as_str(), c.name.as_str())));
        anyhow::ensure!(!columns.is_empty(), "{table}: every column is derived");
        let n = copy_table(&mut snapshot, &mut tx, table, &columns)
            .await
            .with_context(|| format!("copying {table}"))?;
        // Identity columns continue after the highest id copied.
        let identity: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public'
             AND table_name = $1 AND column_name = 'id' AND is_identity = 'YES'",
        )
        .bind(table)
        .fetch_one(&mut *tx)
        .await?;
        if identity > 0 {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                               (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            ))
            .execute(&mut *tx)
            .await?;
        }
        copied.push((table.clone(), n));
    }
    for (table, n) in &copied {
        let there: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        let here: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *snapshot)
            .await?;
        if there != *n || here != *n {
            bail!("{table}: {here} rows in SQLite, {n} copied, {there} in PostgreSQL");
        }
    }
    tx.commit().await?;
    snapshot.rollback().await?;
    Ok(Copied { tables: copied })
}

/// The public tables, each after every table it references (a topological order of the
/// foreign keys), ties by name.
async fn ordered_tables(pool: &PgPool) -> anyhow::Result<Vec<String>> {
    let mut left: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(pool)
    .await?;
    let refs: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(c.conrelid::regclass AS TEXT), CAST(c.confrelid::regclass AS TEXT)
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid",
    )
    .fetch_all(pool)
    .await?;
    let mut order = Vec::new();
    while !left.is_empty() {
        let ready: Vec<String> = left
            .iter()
            .filter(|t| {
                refs.iter()
                    .all(|(child, parent)| child != *t || !left.contains(parent))
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            bail!("the foreign keys among {left:?} form a cycle");
        }
        left.retain(|t| !ready.contains(t));
        order.extend(ready);
    }
    Ok(order)
}

async fn columns(pool: &PgPool, table: &str) -> anyhow::Result<Vec<Column>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(name, data_type)| {
            Ok(Column {
                kind: Kind::of(&data_type).with_context(|| format!("{table}.{name}"))?,
                name,
            })
        })
        .collect()
}

/// Streams one table out of SQLite and into PostgreSQL in multi-row INSERTs; the rows copied.
async fn copy_table(
    source: &mut sqlx::Transaction<'static, sqlx::Sqlite>,
    tx: &mut sqlx::Transaction<'static, Postgres>,
    table: &str,
    columns: &[Column],
) -> anyhow::Result<i64> {
    let names = columns
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!("SELECT {names} FROM \"{table}\" ORDER BY rowid");
    let mut rows = sqlx::query(&select).fetch(&mut **source);
    let mut batch: Vec<Vec<Cell>> = Vec::new();
    let (mut bytes, mut total) = (0usize, 0i64);
    while let Some(row) = rows.try_next().await? {
        let mut cells = Vec::with_capacity(columns.len());
        for (i, c) in columns.iter().enumerate() {
            let cell = Cell::read(&row, i, c.kind)
                .with_context(|| format!("{table}.{} in row {}", c.name, total + 1))?;
            bytes += cell.size();
            cells.push(cell);
        }
        batch.push(cells);
        total += 1;
        if (batch.len() + 1) * columns.len() > MAX_BINDS || bytes > MAX_BYTES {
            insert(tx, table, &names, std::mem::take(&mut batch)).await?;
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        insert(tx, table, &names, batch).await?;
    }
    Ok(total)
}

async fn insert(
    tx: &mut sqlx::Transaction<'static, Postgres>,
    table: &str,
    names: &str,
    rows: Vec<Vec<Cell>>,
) -> sqlx::Result<()> {
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("INSERT INTO \"{table}\" ({names}) "));
    qb.push_values(rows, |mut b, cells| {
        for cell in cells {
            cell.bind(&mut b);
        }
    });
    qb.build().execute(&mut **tx).await?;
    Ok(())
}

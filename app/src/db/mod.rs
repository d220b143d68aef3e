//! The pool, migrations and the one-writer rule (DESIGN.md §6). Capabilities keep their SQL
//! in their own `db.rs`; this module only hands out connections.
use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// The backend, named once so that PostgreSQL can later replace it behind a feature.
pub type Backend = sqlx::Sqlite;
pub type Pool = sqlx::Pool<Backend>;
pub type Tx = sqlx::Transaction<'static, Backend>;

/// Readers share a pool; writes go through a single connection, so SQLite never sees two
/// writers and a batch is one transaction without busy retries.
#[derive(Clone, Debug)]
pub struct Db {
    read: Pool,
    write: Pool,
}

impl Db {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let base = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("parsing DATABASE_URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = base.get_filename().parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating database folder {}", dir.display()))?;
            }
        }
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(base.clone())
            .await
            .with_context(|| format!("opening database {url}"))?;
        migrate(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(base.read_only(true))
            .await
            .context("opening read connections")?;
        Ok(Db { read, write })
    }

    pub fn read(&self) -> &Pool {
        &self.read
    }

    pub fn write(&self) -> &Pool {
        &self.write
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.write.begin().await
    }

    /// A consistent copy of the live database into a new file at `path` (`VACUUM INTO`: one
    /// read transaction, so writers carry on and the copy is a single point in time), then
    /// checked with SQLite's integrity check. SQLite-specific by nature: a PostgreSQL
    /// deployment backs up with its own tools.
    pub async fn backup(&self, path: &std::path::Path) -> anyhow::Result<()> {
        if path.exists() {
            anyhow::bail!(
                "{} already exists: a backup never overwrites a file",
                path.display()
            );
        }
        let target = path
            .to_str()
            .context("the backup path must be valid UTF-8")?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.read)
            .await
            .with_context(|| format!("copying the database into {}", path.display()))?;
        let copy = SqliteConnectOptions::new().filename(path).read_only(true);
        let mut conn = sqlx::ConnectOptions::connect(&copy)
            .await
            .context("opening the copy")?;
        let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .context("checking the copy")?;
        if check != "ok" {
            anyhow::bail!(
                "the copy at {} failed its integrity check: {check}",
                path.display()
            );
        }
        Ok(())
    }

    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.read).await.is_ok()
    }
}

/// True when the error is a UNIQUE violation: SQLite names no constraint, so callers map
/// the kind to their own message.
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// Time windows `[start, end)` (ordered, not overlapping) as one SQL expression: `CASE WHEN
/// col >= $p AND col < $p+1 THEN 0 WHEN … THEN 1 … ELSE -1 END`, with its binds numbered
/// from `first` (two per window, start then end, in order). Lets one statement count records
/// per window for a whole grid instead of one statement per cell. With `before`, a row also
/// needs that column earlier than the window's end (an assignment made by then). Cast to
/// BIGINT: read as `i64` on both backends.
pub fn window_case(col: &str, before: Option<&str>, windows: usize, first: usize) -> String {
    let mut sql = String::from("CAST(CASE");
    for i in 0..windows {
        let (a, b) = (first + 2 * i, first + 2 * i + 1);
        let also = before.map_or(String::new(), |c| format!(" AND {c} < ${b}"));
        sql.push_str(&format!(
            " WHEN {col} >= ${a} AND {col} < ${b}{also} THEN {i}"
        ));
    }
    sql.push_str(" ELSE -1 END AS BIGINT)");
    sql
}

/// The window limits `window_case` binds: each window's start and end.
pub type Windows = [(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)];

/// Applies the migrations on one connection with foreign keys off, as SQLite's procedure for
/// rebuilding a referenced table asks (a CHECK list grows only by a rebuild, and sqlx runs
/// every SQLite migration inside a transaction, where the pragma cannot change); then proves
/// no reference dangles and turns them back on.
async fn migrate(write: &Pool) -> anyhow::Result<()> {
    let mut conn = write
        .acquire()
        .await
        .context("opening the migration connection")?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let applied = sqlx::migrate!("./migrations")
        .run(&mut *conn)
        .await
        .context("applying migrations");
    let dangling: Vec<(String, Option<i64>, String, i64)> =
        sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await?;
    applied?;
    if let Some((table, row, parent, _)) = dangling.first() {
        anyhow::bail!("after migrating, {table} row {row:?} names a missing {parent}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn windows_number_their_binds_in_order() {
        assert_eq!(
            super::window_case("v.t", None, 2, 3),
            "CAST(CASE WHEN v.t >= $3 AND v.t < $4 THEN 0 WHEN v.t >= $5 AND v.t < $6 THEN 1 \
             ELSE -1 END AS BIGINT)"
        );
        assert_eq!(
            super::window_case("v.t", Some("a.t"), 1, 1),
            "CAST(CASE WHEN v.t >= $1 AND v.t < $2 AND a.t < $2 THEN 0 ELSE -1 END AS BIGINT)"
        );
    }
}

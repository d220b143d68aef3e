//! The pools, migrations and the one-writer rule (DESIGN.md §6). Capabilities keep their SQL
//! in their own `db.rs`, written once for both backends through `sql.rs`; this module only
//! hands out connections.
//!
//! The backend is chosen by `DATABASE_URL`: `sqlite:` (the embedded default) or `postgres:`
//! (several servers on one database). Writes are serialised on both: SQLite has one write
//! connection; on PostgreSQL every write transaction first takes one transaction-scoped
//! advisory lock, so servers take turns exactly as SQLite's writers do (see `begin`).
use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub mod copy;
mod sql;
pub use sql::{query, query_as, query_scalar, Executor, QueryBuilder, Row, Value};

/// Which database the app runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names; `None` for any other scheme.
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// A pool of either backend; statements run on `&Pool`.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(sqlx::SqlitePool),
    /// PostgreSQL for reads: statements run as they are.
    Postgres(sqlx::PgPool),
    /// PostgreSQL for writes (`Db::write`): a statement run on it directly is its own
    /// transaction under the write lock, as it would wait for SQLite's one write connection.
    PostgresWrites(sqlx::PgPool),
}

/// One connection taken from a pool (`Pool::acquire`); statements run on `&mut *conn`.
pub enum Conn {
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

impl Pool {
    /// A write transaction. On PostgreSQL it first waits for the write lock (released at
    /// commit or rollback), so a read-then-write inside it sees no other writer's change in
    /// between, on this server or another: the audit chain never forks, an idempotent insert
    /// never races its retry. SQLite's single write connection gives the same.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(Tx(match self {
            Pool::Sqlite(p) => TxConn::Sqlite(p.begin().await?),
            Pool::Postgres(p) | Pool::PostgresWrites(p) => TxConn::Postgres(locked(p).await?),
        }))
    }

    pub async fn acquire(&self) -> sqlx::Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Postgres(p) | Pool::PostgresWrites(p) => Conn::Postgres(p.acquire().await?),
        })
    }
}

/// The transaction itself; `&mut **tx` is what statements run on.
pub enum TxConn {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// A transaction of either backend. Dropped without `commit`, it rolls back.
pub struct Tx(TxConn);

impl std::ops::Deref for Tx {
    type Target = TxConn;
    fn deref(&self) -> &TxConn {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut TxConn {
        &mut self.0
    }
}

impl Tx {
    pub async fn commit(self) -> sqlx::Result<()> {
        match self.0 {
            TxConn::Sqlite(t) => t.commit().await,
            TxConn::Postgres(t) => t.commit().await,
        }
    }
}

/// The key of the advisory lock every PostgreSQL write transaction holds: "shugen" in ASCII.
const WRITE_LOCK: i64 = 0x73_68_75_67_65_6e;

/// A PostgreSQL transaction holding the write lock (until it commits or rolls back).
pub(crate) async fn locked(
    pool: &sqlx::PgPool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut t = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(WRITE_LOCK)
        .execute(&mut *t)
        .await?;
    Ok(t)
}

/// `url` with any password replaced by `***`, for messages and logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let who = &url[scheme + 3..at];
            match who.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Readers share a pool; writes go through `begin`, one at a time (SQLite: a single write
/// connection, so a batch is one transaction without busy retries; PostgreSQL: the
/// advisory lock, so servers sharing the database never interleave their writes).
#[derive(Clone, Debug)]
pub struct Db {
    read: Pool,
    write: Pool,
}

impl Db {
    /// Opens `url` (`sqlite:…` or `postgres:…`) and applies the migrations. Errors: an
    /// unknown scheme, an unreachable database, a migration that fails.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        match Backend::of(url) {
            Some(Backend::Sqlite) => Self::connect_sqlite(url).await,
            Some(Backend::Postgres) => Self::connect_postgres(url).await,
            None => anyhow::bail!(
                "DATABASE_URL must start with sqlite: or postgres: (got {})",
                redacted(url)
            ),
        }
    }

    async fn connect_sqlite(url: &str) -> anyhow::Result<Self> {
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
        migrate_sqlite(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(base.read_only(true))
            .await
            .context("opening read connections")?;
        Ok(Db {
            read: Pool::Sqlite(read),
            write: Pool::Sqlite(write),
        })
    }

    /// Two pools, as with SQLite: writers waiting for the write lock hold only write
    /// connections, so the lock's holder can always read (a write that checks something on
    /// `db.read()` midway would otherwise wait for a connection held by a waiter).
    /// `SHUGEN_PG_CONNECTIONS` (default 16) sizes each, per server. The migrator holds
    /// PostgreSQL's migration lock, so two servers starting at once apply each migration once.
    async fn connect_postgres(url: &str) -> anyhow::Result<Self> {
        let shown = redacted(url);
        let options = PgConnectOptions::from_str(url)
            .with_context(|| format!("parsing DATABASE_URL {shown}"))?;
        let size = std::env::var("SHUGEN_PG_CONNECTIONS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(16u32)
            .max(2);
        let pool = |n: u32| {
            PgPoolOptions::new()
                .max_connections(n)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options.clone())
        };
        let write = pool(size)
            .await
            .with_context(|| format!("opening database {shown}"))?;
        sqlx::migrate!("./migrations/postgres")
            .run(&write)
            .await
            .context("applying migrations")?;
        let read = pool(size).await.context("opening read connections")?;
        Ok(Db {
            read: Pool::Postgres(read),
            write: Pool::PostgresWrites(write),
        })
    }

    /// The PostgreSQL read pool, for what only PostgreSQL offers (LISTEN/NOTIFY).
    pub fn postgres(&self) -> Option<&sqlx::PgPool> {
        match &self.read {
            Pool::Postgres(p) | Pool::PostgresWrites(p) => Some(p),
            Pool::Sqlite(_) => None,
        }
    }

    pub fn read(&self) -> &Pool {
        &self.read
    }

    pub fn write(&self) -> &Pool {
        &self.write
    }

    /// A write transaction (`Pool::begin` on the write pool: one writer at a time).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.write.begin().await
    }

    /// A consistent copy of the live database into a new file at `path` (`VACUUM INTO`: one
    /// read transaction, so writers carry on and the copy is a single point in time), then
    /// checked with SQLite's integrity check. SQLite only: a PostgreSQL deployment backs up
    /// with `pg_dump` (deploy/backup-postgres.sh).
    pub async fn backup(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let Pool::Sqlite(read) = &self.read else {
            anyhow::bail!("shugen backup copies a SQLite database; on PostgreSQL use pg_dump");
        };
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
            .execute(read)
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
        query("SELECT 1").execute(&self.read).await.is_ok()
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
/// per window for a whole grid instead of one statement per cell. With `also` = (column,
/// `<` or `>=`), a row also needs that column compared so with the window's end (`<`: an
/// assignment made by then; `>=`: one made after it). Cast to BIGINT: read as `i64` on both
/// backends.
pub fn window_case(col: &str, also: Option<(&str, &str)>, windows: usize, first: usize) -> String {
    let mut sql = String::from("CAST(CASE");
    for i in 0..windows {
        let (a, b) = (first + 2 * i, first + 2 * i + 1);
        let also = also.map_or(String::new(), |(c, op)| format!(" AND {c} {op} ${b}"));
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
async fn migrate_sqlite(write: &sqlx::SqlitePool) -> anyhow::Result<()> {
    let mut conn = write
        .acquire()
        .await
        .context("opening the migration connection")?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    let applied = sqlx::migrate!("./migrations/sqlite")
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
    fn a_password_in_a_url_is_never_shown() {
        assert_eq!(
            super::redacted("postgres://shugen:s3cret@db.example:5432/shugen?sslmode=require"),
            "postgres://shugen:***@db.example:5432/shugen?sslmode=require"
        );
        assert_eq!(
            super::redacted("postgres://shugen@localhost/shugen?host=/run/postgresql"),
            "postgres://shugen@localhost/shugen?host=/run/postgresql"
        );
        assert_eq!(
            super::redacted("sqlite:data/shugen.db"),
            "sqlite:data/shugen.db"
        );
    }

    #[test]
    fn windows_number_their_binds_in_order() {
        assert_eq!(
            super::window_case("v.t", None, 2, 3),
            "CAST(CASE WHEN v.t >= $3 AND v.t < $4 THEN 0 WHEN v.t >= $5 AND v.t < $6 THEN 1 \
             ELSE -1 END AS BIGINT)"
        );
        assert_eq!(
            super::window_case("v.t", Some(("a.t", "<")), 1, 1),
            "CAST(CASE WHEN v.t >= $1 AND v.t < $2 AND a.t < $2 THEN 0 ELSE -1 END AS BIGINT)"
        );
        assert_eq!(
            super::window_case("v.t", Some(("a.t", ">=")), 1, 4),
            "CAST(CASE WHEN v.t >= $4 AND v.t < $5 AND a.t >= $5 THEN 0 ELSE -1 END AS BIGINT)"
        );
    }
}

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
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .context("applying migrations")?;
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

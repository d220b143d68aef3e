//! One set of SQL, two backends. Every capability's `db.rs` writes its statements once, with
//! `$1` placeholders and standard types, through `query`, `query_as`, `query_scalar` and
//! `QueryBuilder` below: the same calls as sqlx's, but the backend is chosen when the
//! statement runs, by the pool or transaction it runs on (SQLite or PostgreSQL).
//!
//! Why not `sqlx::Any`: it cannot bind or decode dates and times, which nearly every table
//! holds. Instead a bound value is kept as something both backends can encode (`Value`), and
//! a row type must decode from both (`Row`); `#[derive(sqlx::FromRow)]` and tuples already do.
//! A value only one backend understands (`u32`, say) fails to compile, not at run time.
use super::{Pool, TxConn};
use futures_util::stream::{BoxStream, StreamExt};
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArguments, PgConnection, PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArguments, SqliteConnection, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, Type};

/// A value both backends can bind: `i64`, `bool`, `f64`, `&str`, `String`, `Vec<u8>`,
/// `DateTime<Utc>`, `NaiveDate`, and `Option`s of them.
pub trait Value<'q>: Send + 'q {
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError>;
    fn add_pg(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError>;
}

impl<'q, T> Value<'q> for T
where
    T: Send + 'q + Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres>,
{
    fn add_sqlite(self: Box<Self>, args: &mut SqliteArguments<'q>) -> Result<(), BoxDynError> {
        args.add(*self)
    }
    fn add_pg(self: Box<Self>, args: &mut PgArguments) -> Result<(), BoxDynError> {
        args.add(*self)
    }
}

/// A row type both backends can decode.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// The values bound so far, in placeholder order.
#[derive(Default)]
pub struct Args<'q>(Vec<Box<dyn Value<'q>>>);

impl<'q> Args<'q> {
    fn sqlite(self) -> Result<SqliteArguments<'q>, BoxDynError> {
        let mut args = SqliteArguments::default();
        for v in self.0 {
            v.add_sqlite(&mut args)?;
        }
        Ok(args)
    }
    fn pg(self) -> Result<PgArguments, BoxDynError> {
        let mut args = PgArguments::default();
        for v in self.0 {
            v.add_pg(&mut args)?;
        }
        Ok(args)
    }
}

/// Where a statement runs: a pool (`db.read()`, `db.write()`), a transaction (`&mut **tx`)
/// or one connection taken from a pool.
pub enum Target<'c> {
    SqlitePool(&'c sqlx::SqlitePool),
    SqliteConn(&'c mut SqliteConnection),
    PgPool(&'c sqlx::PgPool),
    /// The PostgreSQL write pool: each statement in a transaction of its own under the write
    /// lock (SQLite's single write connection serialises such statements the same way).
    PgWrites(&'c sqlx::PgPool),
    PgConn(&'c mut PgConnection),
}

/// Anything a statement can run on.
pub trait Executor<'c>: Send {
    fn target(self) -> Target<'c>;
}

impl<'c> Executor<'c> for &'c Pool {
    fn target(self) -> Target<'c> {
        match self {
            Pool::Sqlite(p) => Target::SqlitePool(p),
            Pool::Postgres(p) => Target::PgPool(p),
            Pool::PostgresWrites(p) => Target::PgWrites(p),
        }
    }
}

impl<'c> Executor<'c> for &'c mut TxConn {
    fn target(self) -> Target<'c> {
        match self {
            TxConn::Sqlite(t) => Target::SqliteConn(t),
            TxConn::Postgres(t) => Target::PgConn(t),
        }
    }
}

impl<'c> Executor<'c> for &'c mut super::Conn {
    fn target(self) -> Target<'c> {
        match self {
            super::Conn::Sqlite(c) => Target::SqliteConn(c),
            super::Conn::Postgres(c) => Target::PgConn(c),
        }
    }
}

/// Runs `$body` with `$q` the sqlx statement for the target's backend and `$e` the target;
/// a value that fails to encode returns `$fail(error)` instead. On the PostgreSQL write pool
/// `$lock` says how: `locked` (a transaction under the write lock) or `streamed` (as is).
macro_rules! dispatch {
    ($target:expr, $sql:expr, $args:expr, $make:ident, $fail:expr, $lock:ident, |$q:ident, $e:ident| $body:expr) => {
        match $target {
            Target::SqlitePool($e) => match $args.sqlite() {
                Ok(args) => {
                    let $q = $make!(Sqlite, $sql, args);
                    $body
                }
                Err(err) => $fail(sqlx::Error::Encode(err)),
            },
            Target::SqliteConn($e) => match $args.sqlite() {
                Ok(args) => {
                    let $q = $make!(Sqlite, $sql, args);
                    $body
                }
                Err(err) => $fail(sqlx::Error::Encode(err)),
            },
            Target::PgPool($e) => match $args.pg() {
                Ok(args) => {
                    let $q = $make!(Postgres, $sql, args);
                    $body
                }
                Err(err) => $fail(sqlx::Error::Encode(err)),
            },
            Target::PgConn($e) => match $args.pg() {
                Ok(args) => {
                    let $q = $make!(Postgres, $sql, args);
                    $body
                }
                Err(err) => $fail(sqlx::Error::Encode(err)),
            },
            Target::PgWrites(pool) => match $args.pg() {
                Ok(args) => {
                    let $q = $make!(Postgres, $sql, args);
                    $lock!(pool, |$e| $body)
                }
                Err(err) => $fail(sqlx::Error::Encode(err)),
            },
        }
    };
}

/// `$body` (an awaited `sqlx::Result`) run on a transaction of its own holding the write
/// lock, committed when it succeeds.
macro_rules! locked {
    ($pool:expr, |$e:ident| $body:expr) => {
        async {
            let mut t = super::locked($pool).await?;
            let out = {
                let $e = &mut *t;
                $body
            }?;
            t.commit().await?;
            Ok(out)
        }
        .await
    };
}

/// A stream reads: the write pool's lock is not needed for it.
macro_rules! streamed {
    ($pool:expr, |$e:ident| $body:expr) => {{
        let $e = $pool;
        $body
    }};
}

macro_rules! plain {
    ($db:ty, $sql:expr, $args:expr) => {
        sqlx::query_with::<$db, _>($sql, $args)
    };
}

macro_rules! rows {
    ($db:ty, $sql:expr, $args:expr) => {
        sqlx::query_as_with::<$db, O, _>($sql, $args)
    };
}

fn fail<T>(e: sqlx::Error) -> sqlx::Result<T> {
    Err(e)
}

/// A row that does not decode is a mistake in our SQL, not in the input: name the statement.
fn noted<T>(sql: &str, r: sqlx::Result<T>) -> sqlx::Result<T> {
    if let Err(e @ (sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_))) = &r {
        tracing::error!(error = %e, sql, "a row did not decode");
    }
    r
}

fn fail_stream<'s, O: Send + 's>(e: sqlx::Error) -> BoxStream<'s, sqlx::Result<O>> {
    futures_util::stream::once(async move { Err(e) }).boxed()
}

/// What a statement that returns no rows reports.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// A statement without typed rows (`INSERT`, `UPDATE`, `DELETE`).
#[must_use = "a query does nothing until executed"]
pub struct Query<'s, 'q> {
    sql: &'s str,
    args: Args<'q>,
}

/// `sqlx::query`, for both backends.
pub fn query<'q>(sql: &'q str) -> Query<'q, 'q> {
    Query {
        sql,
        args: Args::default(),
    }
}

impl<'s, 'q: 's> Query<'s, 'q> {
    pub fn bind<T: Value<'q>>(mut self, value: T) -> Self {
        self.args.0.push(Box::new(value));
        self
    }

    pub async fn execute<'c>(self, e: impl Executor<'c>) -> sqlx::Result<Done> {
        dispatch!(
            e.target(),
            self.sql,
            self.args,
            plain,
            fail,
            locked,
            |q, e| q.execute(e).await.map(|r| Done {
                rows_affected: r.rows_affected()
            })
        )
    }
}

/// A statement whose rows decode into `O`.
#[must_use = "a query does nothing until fetched"]
pub struct QueryAs<'s, 'q, O> {
    sql: &'s str,
    args: Args<'q>,
    row: std::marker::PhantomData<fn() -> O>,
}

/// `sqlx::query_as`, for both backends.
pub fn query_as<'q, O: Row>(sql: &'q str) -> QueryAs<'q, 'q, O> {
    QueryAs {
        sql,
        args: Args::default(),
        row: std::marker::PhantomData,
    }
}

impl<'s, 'q: 's, O: Row + 's> QueryAs<'s, 'q, O> {
    pub fn bind<T: Value<'q>>(mut self, value: T) -> Self {
        self.args.0.push(Box::new(value));
        self
    }

    pub async fn fetch_all<'c>(self, e: impl Executor<'c>) -> sqlx::Result<Vec<O>> {
        let sql = self.sql;
        noted(
            sql,
            dispatch!(e.target(), sql, self.args, rows, fail, locked, |q, e| q
                .fetch_all(e)
                .await),
        )
    }

    pub async fn fetch_one<'c>(self, e: impl Executor<'c>) -> sqlx::Result<O> {
        let sql = self.sql;
        noted(
            sql,
            dispatch!(e.target(), sql, self.args, rows, fail, locked, |q, e| q
                .fetch_one(e)
                .await),
        )
    }

    pub async fn fetch_optional<'c>(self, e: impl Executor<'c>) -> sqlx::Result<Option<O>> {
        let sql = self.sql;
        noted(
            sql,
            dispatch!(e.target(), sql, self.args, rows, fail, locked, |q, e| q
                .fetch_optional(e)
                .await),
        )
    }

    /// Rows as they come, for exports that must not hold a whole table in memory.
    pub fn fetch<'c: 's>(self, e: impl Executor<'c>) -> BoxStream<'s, sqlx::Result<O>> {
        dispatch!(
            e.target(),
            self.sql,
            self.args,
            rows,
            fail_stream,
            streamed,
            |q, e| q.fetch(e)
        )
    }
}

/// A statement returning one column, decoded into `O`.
#[must_use = "a query does nothing until fetched"]
pub struct QueryScalar<'s, 'q, O>(QueryAs<'s, 'q, (O,)>);

/// `sqlx::query_scalar`, for both backends.
pub fn query_scalar<'q, O>(sql: &'q str) -> QueryScalar<'q, 'q, O>
where
    (O,): Row,
{
    QueryScalar(query_as(sql))
}

impl<'s, 'q: 's, O: Send + Unpin + 's> QueryScalar<'s, 'q, O>
where
    (O,): Row,
{
    pub fn bind<T: Value<'q>>(self, value: T) -> Self {
        QueryScalar(self.0.bind(value))
    }

    pub async fn fetch_all<'c>(self, e: impl Executor<'c>) -> sqlx::Result<Vec<O>> {
        Ok(self
            .0
            .fetch_all(e)
            .await?
            .into_iter()
            .map(|(o,)| o)
            .collect())
    }

    pub async fn fetch_one<'c>(self, e: impl Executor<'c>) -> sqlx::Result<O> {
        Ok(self.0.fetch_one(e).await?.0)
    }

    pub async fn fetch_optional<'c>(self, e: impl Executor<'c>) -> sqlx::Result<Option<O>> {
        Ok(self.0.fetch_optional(e).await?.map(|(o,)| o))
    }

    pub fn fetch<'c: 's>(self, e: impl Executor<'c>) -> BoxStream<'s, sqlx::Result<O>> {
        self.0.fetch(e).map(|r| r.map(|(o,)| o)).boxed()
    }
}

/// `sqlx::QueryBuilder` for both backends: SQL text pushed in pieces, each bound value
/// numbered `$n` in order.
pub struct QueryBuilder<'q> {
    sql: String,
    args: Args<'q>,
}

impl<'q> QueryBuilder<'q> {
    pub fn new(init: impl Into<String>) -> Self {
        QueryBuilder {
            sql: init.into(),
            args: Args::default(),
        }
    }

    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write;
        let _ = write!(self.sql, "{sql}");
        self
    }

    pub fn push_bind<T: Value<'q>>(&mut self, value: T) -> &mut Self {
        self.args.0.push(Box::new(value));
        let n = self.args.0.len();
        self.push(format_args!("${n}"))
    }

    /// Pushes `(v1, v2, …)`, every value bound: the list of an `IN`. An empty list is
    /// `(NULL)`, which matches nothing.
    pub fn push_list<T: Value<'q>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        self.push("(");
        let mut sep = self.separated(", ");
        for v in values {
            sep.push_bind(v);
        }
        if sep.first {
            sep.push_unseparated("NULL");
        }
        self.push(")")
    }

    /// Pushes items with `separator` between them (`IN (…)` lists).
    pub fn separated(&mut self, separator: &'static str) -> Separated<'_, 'q> {
        Separated {
            builder: self,
            separator,
            first: true,
        }
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The statement, borrowing the text; the bound values move into it.
    pub fn build(&mut self) -> Query<'_, 'q> {
        Query {
            sql: &self.sql,
            args: std::mem::take(&mut self.args),
        }
    }

    pub fn build_query_as<O: Row>(&mut self) -> QueryAs<'_, 'q, O> {
        QueryAs {
            sql: &self.sql,
            args: std::mem::take(&mut self.args),
            row: std::marker::PhantomData,
        }
    }

    pub fn build_query_scalar<O>(&mut self) -> QueryScalar<'_, 'q, O>
    where
        (O,): Row,
    {
        QueryScalar(self.build_query_as())
    }
}

/// `QueryBuilder::separated`'s helper.
pub struct Separated<'b, 'q> {
    builder: &'b mut QueryBuilder<'q>,
    separator: &'static str,
    first: bool,
}

impl<'q> Separated<'_, 'q> {
    fn sep(&mut self) {
        if !self.first {
            self.builder.push(self.separator);
        }
        self.first = false;
    }

    pub fn push(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        self.sep();
        self.builder.push(sql);
        self
    }

    pub fn push_bind<T: Value<'q>>(&mut self, value: T) -> &mut Self {
        self.sep();
        self.builder.push_bind(value);
        self
    }

    pub fn push_unseparated(&mut self, sql: impl std::fmt::Display) -> &mut Self {
        self.builder.push(sql);
        self
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut qb = super::QueryBuilder::new("SELECT 1 WHERE a = ");
        qb.push_bind(1_i64).push(" AND b IN (");
        let mut sep = qb.separated(", ");
        sep.push_bind("x").push_bind("y");
        sep.push_unseparated(")");
        assert_eq!(qb.sql(), "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
        qb.push(" AND c IN ")
            .push_list([4_i64, 5])
            .push(" AND d IN ")
            .push_list(Vec::<i64>::new());
        assert!(
            qb.sql().ends_with(" AND c IN ($4, $5) AND d IN (NULL)"),
            "{}",
            qb.sql()
        );
    }
}

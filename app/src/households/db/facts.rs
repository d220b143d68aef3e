//! Facts proposed from the field, merged per field: each field's value and stamp (who set it,
//! at what device time), and the clashes kept for the office.
use crate::db::{Pool, Tx};
use crate::households::model::*;
use chrono::{DateTime, NaiveDate, Utc};

/// One field-editable fact of a household, as text.
pub async fn field_value(
    tx: &mut Tx,
    household: i64,
    field: HouseholdField,
) -> sqlx::Result<Option<String>> {
    // The column name comes from a fixed list, never from input.
    let sql = format!(
        "SELECT CAST({} AS TEXT) FROM households WHERE id = $1",
        field.code()
    );
    crate::db::query_scalar(&sql)
        .bind(household)
        .fetch_optional(&mut **tx)
        .await
}

pub struct Stamp {
    pub device_time: DateTime<Utc>,
    pub device: String,
    pub cadre_id: Option<i64>,
}

pub async fn field_stamp(
    tx: &mut Tx,
    household: i64,
    field: HouseholdField,
) -> sqlx::Result<Option<Stamp>> {
    let row: Option<(DateTime<Utc>, String, Option<i64>)> = crate::db::query_as(
        "SELECT device_time, device, cadre_id FROM household_field_stamps
         WHERE household_id = $1 AND field = $2",
    )
    .bind(household)
    .bind(field.code())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(device_time, device, cadre_id)| Stamp {
        device_time,
        device,
        cadre_id,
    }))
}

/// Sets one fact and stamps who set it at what device time.
pub async fn set_field(
    tx: &mut Tx,
    household: i64,
    field: HouseholdField,
    value: &str,
    stamp: &Stamp,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    // The column name comes from a fixed list, never from input.
    let sql = format!(
        "UPDATE households SET {} = $1, updated_at = $2 WHERE id = $3",
        field.code()
    );
    let q = crate::db::query(&sql);
    let q = match field {
        HouseholdField::Population => q.bind(value.parse::<i64>().unwrap_or(1)),
        _ => q.bind(value),
    };
    q.bind(now).bind(household).execute(&mut **tx).await?;
    crate::db::query(
        "INSERT INTO household_field_stamps (household_id, field, device_time, device, cadre_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (household_id, field) DO UPDATE
         SET device_time = excluded.device_time, device = excluded.device,
             cadre_id = excluded.cadre_id",
    )
    .bind(household)
    .bind(field.code())
    .bind(stamp.device_time)
    .bind(&stamp.device)
    .bind(stamp.cadre_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NewClash<'a> {
    pub household: i64,
    pub field: HouseholdField,
    pub kept: (&'a str, DateTime<Utc>, Option<i64>),
    pub other: (&'a str, DateTime<Utc>, Option<i64>),
}

pub async fn insert_clash(tx: &mut Tx, c: &NewClash<'_>, now: DateTime<Utc>) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO household_field_conflicts (household_id, field, kept_value, kept_time,
             kept_cadre_id, other_value, other_time, other_cadre_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(c.household)
    .bind(c.field.code())
    .bind(c.kept.0)
    .bind(c.kept.1)
    .bind(c.kept.2)
    .bind(c.other.0)
    .bind(c.other.1)
    .bind(c.other.2)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ClashRow {
    id: i64,
    household_id: i64,
    head_name: String,
    village: String,
    field: String,
    kept_value: String,
    kept_time: DateTime<Utc>,
    kept_cadre: Option<String>,
    other_value: String,
    other_time: DateTime<Utc>,
    other_cadre: Option<String>,
}

const CLASH_COLUMNS: &str = "c.id, c.household_id, h.head_name, v.name AS village, c.field,
    c.kept_value, c.kept_time, ku.name AS kept_cadre, c.other_value, c.other_time,
    ou.name AS other_cadre
    FROM household_field_conflicts c
    JOIN households h ON h.id = c.household_id
    JOIN village_groups g ON g.id = h.group_id
    JOIN villages v ON v.id = g.village_id
    LEFT JOIN users ku ON ku.id = c.kept_cadre_id
    LEFT JOIN users ou ON ou.id = c.other_cadre_id";

impl ClashRow {
    fn into_clash(self) -> Option<FieldClash> {
        Some(FieldClash {
            id: self.id,
            household_id: self.household_id,
            head_name: self.head_name,
            village: self.village,
            field: HouseholdField::parse(&self.field)?,
            kept: ClashSide {
                value: self.kept_value,
                device_time: self.kept_time,
                cadre: self.kept_cadre.unwrap_or_default(),
            },
            other: ClashSide {
                value: self.other_value,
                device_time: self.other_time,
                cadre: self.other_cadre.unwrap_or_default(),
            },
        })
    }
}

/// Clashes the office has not settled, oldest first.
pub async fn open_clashes(pool: &Pool) -> sqlx::Result<Vec<FieldClash>> {
    let rows: Vec<ClashRow> = crate::db::query_as(&format!(
        "SELECT {CLASH_COLUMNS} WHERE c.resolved_at IS NULL ORDER BY c.id LIMIT 200"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(ClashRow::into_clash).collect())
}

pub async fn open_clash(tx: &mut Tx, id: i64) -> sqlx::Result<Option<FieldClash>> {
    let row: Option<ClashRow> = crate::db::query_as(&format!(
        "SELECT {CLASH_COLUMNS} WHERE c.id = $1 AND c.resolved_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(ClashRow::into_clash))
}

pub async fn close_clash(
    tx: &mut Tx,
    id: i64,
    by: i64,
    chosen: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE household_field_conflicts SET resolved_at = $1, resolved_by = $2, chosen_value = $3
         WHERE id = $4",
    )
    .bind(now)
    .bind(by)
    .bind(chosen)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn open_clash_count(pool: &Pool) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "SELECT COUNT(*) FROM household_field_conflicts WHERE resolved_at IS NULL",
    )
    .fetch_one(pool)
    .await
}

/// Households assigned to each person before each Beijing day: (user, index of the first of
/// `ends` the assignment came before, or `ends.len()`, count). Summed up to index i, the
/// households a person had when `ends[i]` began. From the counts rolled up per day of
/// assignment (migration 0015): a few rows per person, however many households.
pub async fn assigned_before(
    pool: &Pool,
    ends: &[NaiveDate],
) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    if ends.is_empty() {
        return Ok(Vec::new());
    }
    // Cast: read as i64 on both backends.
    let mut case = String::from("CAST(CASE");
    for i in 0..ends.len() {
        case.push_str(&format!(" WHEN assigned_on < ${} THEN {i}", i + 1));
    }
    case.push_str(&format!(" ELSE {} END AS BIGINT)", ends.len()));
    let sql = format!(
        "SELECT user_id, w, CAST(SUM(households) AS BIGINT)
         FROM (SELECT user_id, {case} AS w, households FROM rollup_assignments) t
         GROUP BY user_id, w"
    );
    let mut q = crate::db::query_as(&sql);
    for e in ends {
        q = q.bind(e);
    }
    q.fetch_all(pool).await
}

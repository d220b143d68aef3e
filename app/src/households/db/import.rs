//! What an import needs of the registry: groups by name, the cadres it may assign, the ID
//! numbers and heads already stored (to match rows), and the insert of a checked household.
use crate::db::{Pool, Tx};
use crate::households::model::*;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// (village name, group name) → group id.
pub async fn group_ids(pool: &Pool) -> sqlx::Result<HashMap<(String, String), i64>> {
    let rows: Vec<(String, String, i64)> = crate::db::query_as(
        "SELECT v.name, g.name, g.id FROM village_groups g JOIN villages v ON v.id = g.village_id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(v, g, id)| ((v, g), id)).collect())
}

/// An active cadre account, for assigning on import by phone or by name.
#[derive(sqlx::FromRow)]
pub struct ActiveCadre {
    pub id: i64,
    pub phone: String,
    pub name: String,
}

/// Everyone who may be assigned households: active cadres and leaders (the plan has the
/// director and the leadership work households of their own).
pub async fn active_cadres(pool: &Pool) -> sqlx::Result<Vec<ActiveCadre>> {
    crate::db::query_as(
        "SELECT id, phone, name FROM users WHERE role IN ('leader', 'cadre') AND active = TRUE",
    )
    .fetch_all(pool)
    .await
}

/// Which of these blind indexes are already stored, and in which household. Asks in chunks,
/// so an import looks up only its own ID numbers however large the registry is.
pub async fn known_blind_indexes(
    pool: &Pool,
    blind: &[String],
) -> sqlx::Result<HashMap<String, i64>> {
    let mut known = HashMap::new();
    for chunk in blind.chunks(500) {
        let mut qb = crate::db::QueryBuilder::new(
            "SELECT id_blind, household_id FROM household_members WHERE id_blind IN ",
        );
        qb.push_list(chunk);
        let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
        known.extend(rows);
    }
    Ok(known)
}

/// A household's head as the register holds it, for matching an import.
#[derive(sqlx::FromRow)]
pub struct Head {
    pub household: i64,
    pub group_id: i64,
    pub head_name: String,
    /// Empty when none is recorded.
    pub phone: String,
    pub id_masked: Option<String>,
}

/// Every household's head: one row each (a few MB at a prefecture's 200,000).
pub async fn heads(pool: &Pool) -> sqlx::Result<Vec<Head>> {
    crate::db::query_as(
        "SELECT h.id AS household, h.group_id, h.head_name, h.phone, MIN(m.id_masked) AS id_masked
         FROM households h
         LEFT JOIN household_members m ON m.household_id = h.id AND m.relation = '户主'
         GROUP BY h.id, h.group_id, h.head_name, h.phone",
    )
    .fetch_all(pool)
    .await
}

/// Whether the account may be assigned households: an active cadre or leader.
pub async fn is_active_cadre(pool: &Pool, user: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND role IN ('leader', 'cadre')
         AND active = TRUE",
    )
    .bind(user)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// A member with its ID number already encrypted, blinded and masked.
pub struct StoredMember {
    pub name: String,
    pub relation: String,
    pub birth_year: Option<i32>,
    pub id_cipher: Option<String>,
    pub id_blind: Option<String>,
    pub id_masked: Option<String>,
}

pub struct StoredHousehold<'a> {
    pub group_id: i64,
    pub h: &'a NewHousehold,
    pub members: Vec<StoredMember>,
    pub cadre_ids: Vec<i64>,
}

pub async fn insert(tx: &mut Tx, s: &StoredHousehold<'_>, now: DateTime<Utc>) -> sqlx::Result<i64> {
    let h = s.h;
    let has = |t: Tag| h.tags.contains(&t);
    let difficulties: Vec<&str> = h.difficulties.iter().map(|d| d.code()).collect();
    let id: i64 = crate::db::query_scalar(
        "INSERT INTO households (group_id, head_name, phone, population, economy, income_sources,
             family_planning, social_relations, poor, difficulties, notable, key_petitioner,
             created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
         RETURNING id",
    )
    .bind(s.group_id)
    .bind(&h.head_name)
    .bind(h.phone.as_ref().map(|p| p.as_str()).unwrap_or(""))
    .bind(i64::from(h.population))
    .bind(&h.economy)
    .bind(&h.income_sources)
    .bind(&h.family_planning)
    .bind(&h.social_relations)
    .bind(has(Tag::Poor))
    .bind(difficulties.join(","))
    .bind(has(Tag::Notable))
    .bind(has(Tag::KeyPetitioner))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for m in &s.members {
        crate::db::query(
            "INSERT INTO household_members
                 (household_id, name, relation, birth_year, id_cipher, id_blind, id_masked)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(&m.name)
        .bind(&m.relation)
        .bind(m.birth_year)
        .bind(&m.id_cipher)
        .bind(&m.id_blind)
        .bind(&m.id_masked)
        .execute(&mut **tx)
        .await?;
    }
    for cadre in &s.cadre_ids {
        crate::db::query(
            "INSERT INTO household_cadres (household_id, user_id, assigned_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(cadre)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

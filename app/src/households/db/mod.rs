//! The registry's SQL: the list and a household's page, assignment, ID ciphertexts (here),
//! the import's reads and insert (`import`), the field facts and their clashes (`facts`).
mod facts;
mod import;

pub use facts::*;
pub use import::*;

use super::model::*;
use crate::db::{Pool, Tx};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    head_name: String,
    village: String,
    grp: String,
    population: i64,
    poor: bool,
    notable: bool,
    key_petitioner: bool,
}

fn tags_of(poor: bool, notable: bool, key_petitioner: bool) -> Vec<Tag> {
    [
        (poor, Tag::Poor),
        (notable, Tag::Notable),
        (key_petitioner, Tag::KeyPetitioner),
    ]
    .into_iter()
    .filter_map(|(on, t)| on.then_some(t))
    .collect()
}

fn like_pattern(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// What the list's search box asked for.
enum Search<'a> {
    All,
    /// A whole ID number, as its blind index: found through the index, never by a scan.
    Id(&'a str),
    /// Digits: part of a phone number.
    Phone(String),
    /// Words: part of the head's or a member's name. `grams`: the text's one character, or its
    /// pairs of characters (ASCII letters lower-cased), each looked up in the name pieces the
    /// database keeps (migration 0016); `confirm`: the `LIKE` pattern, for three characters
    /// or more (pairs found in a household need not stand together in one name).
    Name {
        grams: Vec<String>,
        confirm: Option<String>,
    },
}

impl Search<'_> {
    fn name(q: &str) -> Search<'static> {
        let chars: Vec<char> = q.to_ascii_lowercase().chars().collect();
        let mut grams: Vec<String> = if chars.len() == 1 {
            vec![chars[0].to_string()]
        } else {
            chars.windows(2).map(|w| w.iter().collect()).collect()
        };
        grams.sort_unstable();
        grams.dedup();
        Search::Name {
            grams,
            confirm: (chars.len() > 2).then(|| like_pattern(q)),
        }
    }
}

/// Which statement `list_filter` writes: the count, or a page.
#[derive(Clone, Copy, PartialEq)]
enum Rows {
    Count,
    /// The matching households found through the search's index, then sorted: when they are
    /// few (a whole name, a cadre's households).
    Sorted,
    /// The register read in its order (village, group, household: one index, migration
    /// 0017), each household tested, stopping after the page: when many match (one common
    /// character: 12,000 of 200,000), sorting them all cost more than the reading.
    InOrder,
}

/// Up to this many matches, a page sorts them ([`Rows::Sorted`]); past it, it reads the
/// register in order ([`Rows::InOrder`]).
const SORT_AT_MOST: i64 = 2_000;

/// The list's rows, with only the conditions in force written into the statement, so each
/// backend plans the query it is asked (one cadre's households from their assignments, a
/// whole ID number from its index) rather than a scan that tests every condition.
fn list_filter<'q>(
    qb: &mut crate::db::QueryBuilder<'q>,
    scope: Option<i64>,
    query: &HouseholdQuery,
    search: &'q Search<'q>,
    rows: Rows,
) {
    // A name searched over the whole register counts its piece's index entries alone.
    if let (
        Rows::Count,
        None,
        None,
        None,
        Search::Name {
            grams,
            confirm: None,
        },
    ) = (rows, query.village, scope, query.tag, search)
    {
        if let [gram] = grams.as_slice() {
            qb.push(" FROM search_name_grams s WHERE s.gram = ")
                .push_bind(gram.as_str());
            return;
        }
    }
    // The count reads households alone (the village is on the row); a page joins the names.
    qb.push(match rows {
        Rows::Count => " FROM households h",
        Rows::Sorted | Rows::InOrder => {
            " FROM households h JOIN village_groups g ON g.id = h.group_id
              JOIN villages v ON v.id = h.in_village_id"
        }
    });
    if let Some(user) = scope {
        qb.push(" JOIN household_cadres hc ON hc.household_id = h.id AND hc.user_id = ")
            .push_bind(user);
    }
    qb.push(" WHERE 1 = 1");
    if let Some(village) = query.village {
        qb.push(" AND h.in_village_id = ").push_bind(village);
    }
    // Each tag has a partial index in the register's order (migration 0017).
    qb.push(match query.tag {
        None => "",
        Some(Tag::Poor) => " AND h.poor",
        Some(Tag::Notable) => " AND h.notable",
        Some(Tag::KeyPetitioner) => " AND h.key_petitioner",
    });
    // `+h.id`: not an index's column, so the search is a test of each household read in
    // order, not the way in.
    let id = if rows == Rows::InOrder {
        "+h.id"
    } else {
        "h.id"
    };
    match search {
        Search::All => {}
        Search::Id(blind) => {
            qb.push(" AND h.id IN (SELECT m.household_id FROM household_members m")
                .push(" WHERE m.id_blind = ")
                .push_bind(*blind)
                .push(")");
        }
        Search::Phone(pattern) => {
            qb.push(" AND h.phone LIKE ")
                .push_bind(pattern.as_str())
                .push(" ESCAPE '\\'");
        }
        Search::Name { grams, confirm } => {
            for gram in grams {
                qb.push(format!(
                    " AND {id} IN (SELECT s.household_id FROM search_name_grams s"
                ))
                .push(" WHERE s.gram = ")
                .push_bind(gram.as_str())
                .push(")");
            }
            if let Some(pattern) = confirm {
                qb.push(" AND (LOWER(h.head_name) LIKE LOWER(")
                    .push_bind(pattern.as_str())
                    .push(") ESCAPE '\\' OR EXISTS (SELECT 1 FROM household_members m")
                    .push(" WHERE m.household_id = h.id AND LOWER(m.name) LIKE LOWER(")
                    .push_bind(pattern.as_str())
                    .push(") ESCAPE '\\'))");
            }
        }
    }
}

/// One page of households matching `query`; `scope` limits it to one cadre's households.
/// `id_blind`: the query is a whole ID number, and this its blind index: only the household
/// holding it matches (a name or phone cannot look like an ID number).
pub async fn list(
    pool: &Pool,
    scope: Option<i64>,
    query: &HouseholdQuery,
    id_blind: Option<String>,
) -> sqlx::Result<Page<HouseholdSummary>> {
    let search = match &id_blind {
        Some(blind) => Search::Id(blind),
        None if query.q.is_empty() => Search::All,
        None if query.q.chars().all(|c| c.is_ascii_digit()) => {
            Search::Phone(like_pattern(&query.q))
        }
        None => Search::name(&query.q),
    };
    let total = if scope.is_none() && query.tag.is_none() && matches!(search, Search::All) {
        registered(pool, query.village).await?
    } else {
        let mut count = crate::db::QueryBuilder::new("SELECT COUNT(*)");
        list_filter(&mut count, scope, query, &search, Rows::Count);
        count.build_query_scalar().fetch_one(pool).await?
    };
    // A page far past the end is just empty; the arithmetic must not overflow getting there.
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(PER_PAGE);
    if offset >= total {
        return Ok(Page {
            items: Vec::new(),
            total,
            page: query.page,
            per_page: PER_PAGE,
        });
    }
    let mut page = crate::db::QueryBuilder::new(
        "SELECT h.id, h.head_name, v.name AS village, g.name AS grp, h.population,
                h.poor, h.notable, h.key_petitioner",
    );
    let rows = if total > SORT_AT_MOST {
        Rows::InOrder
    } else {
        Rows::Sorted
    };
    list_filter(&mut page, scope, query, &search, rows);
    page.push(" ORDER BY h.in_village_id, h.group_id, h.id LIMIT ")
        .push_bind(i64::from(PER_PAGE))
        .push(" OFFSET ")
        .push_bind(offset);
    let rows: Vec<SummaryRow> = page.build_query_as().fetch_all(pool).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut cadres = cadre_names(pool, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| HouseholdSummary {
            id: r.id,
            tags: tags_of(r.poor, r.notable, r.key_petitioner),
            cadres: cadres.remove(&r.id).unwrap_or_default(),
            head_name: r.head_name,
            village: r.village,
            group: r.grp,
            population: r.population,
        })
        .collect();
    Ok(Page {
        items,
        total,
        page: query.page,
        per_page: PER_PAGE,
    })
}

async fn cadre_names(pool: &Pool, ids: &[i64]) -> sqlx::Result<HashMap<i64, Vec<String>>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut qb = crate::db::QueryBuilder::new(
        "SELECT hc.household_id, u.name FROM household_cadres hc
         JOIN users u ON u.id = hc.user_id WHERE hc.household_id IN ",
    );
    qb.push_list(ids.iter().copied()).push(" ORDER BY u.name");
    let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(pool).await?;
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (hh, name) in rows {
        map.entry(hh).or_default().push(name);
    }
    Ok(map)
}

/// Households in the register (in one village): the count the database keeps per village
/// (migration 0015), where counting the rows read all 200,000 at ×10 (11 ms on PostgreSQL).
async fn registered(pool: &Pool, village: Option<i64>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "SELECT CAST(COALESCE(SUM(households), 0) AS BIGINT) FROM rollup_village_households
         WHERE ($1 IS NULL OR village_id = $1)",
    )
    .bind(village)
    .fetch_one(pool)
    .await
}

/// Households in the register, or (`scope`) assigned to one person.
pub async fn count(pool: &Pool, scope: Option<i64>) -> sqlx::Result<i64> {
    let Some(user) = scope else {
        return registered(pool, None).await;
    };
    crate::db::query_scalar(
        "SELECT COUNT(*) FROM households h
         WHERE EXISTS (SELECT 1 FROM household_cadres hc
                       WHERE hc.household_id = h.id AND hc.user_id = $1)",
    )
    .bind(user)
    .fetch_one(pool)
    .await
}

/// A member's household and stored ID ciphertext (`None` when no ID number is on record).
pub async fn member_id_cipher(
    pool: &Pool,
    member: i64,
) -> sqlx::Result<Option<(i64, Option<String>)>> {
    crate::db::query_as("SELECT household_id, id_cipher FROM household_members WHERE id = $1")
        .bind(member)
        .fetch_optional(pool)
        .await
}

/// Every stored ID ciphertext, for re-encryption under a new key.
pub async fn member_id_ciphers(tx: &mut crate::db::Tx) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as("SELECT id, id_cipher FROM household_members WHERE id_cipher IS NOT NULL")
        .fetch_all(&mut **tx)
        .await
}

pub async fn set_member_id_cipher(
    tx: &mut crate::db::Tx,
    member: i64,
    cipher: &str,
    blind: &str,
) -> sqlx::Result<()> {
    crate::db::query("UPDATE household_members SET id_cipher = $1, id_blind = $2 WHERE id = $3")
        .bind(cipher)
        .bind(blind)
        .bind(member)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The village a household lives in (through its group), if the household exists.
pub async fn village_of(pool: &Pool, household: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar(
        "SELECT g.village_id FROM households h JOIN village_groups g ON g.id = h.group_id
         WHERE h.id = $1",
    )
    .bind(household)
    .fetch_optional(pool)
    .await
}

pub async fn is_assigned(pool: &Pool, household: i64, user: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT COUNT(*) FROM household_cadres WHERE household_id = $1 AND user_id = $2",
    )
    .bind(household)
    .bind(user)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: i64,
    head_name: String,
    village: String,
    grp: String,
    phone: String,
    population: i64,
    economy: String,
    income_sources: String,
    family_planning: String,
    social_relations: String,
    poor: bool,
    difficulties: String,
    notable: bool,
    key_petitioner: bool,
}

pub async fn get(pool: &Pool, id: i64) -> sqlx::Result<Option<HouseholdDetail>> {
    Ok(get_many(pool, &[id]).await?.pop())
}

/// The households `ids` in full (those that exist), in `ids`' order: three statements
/// however many (a cadre's offline pack of 1,007 households was 3,021 statements, 0.4 s on
/// PostgreSQL), in slices that keep the bound values under SQLite's limit.
pub async fn get_many(pool: &Pool, ids: &[i64]) -> sqlx::Result<Vec<HouseholdDetail>> {
    const SLICE: usize = 5_000;
    // household, id, name, relation, birth year, masked ID number
    type MemberRow = (i64, i64, String, String, Option<i64>, Option<String>);
    let mut rows: Vec<DetailRow> = Vec::new();
    let mut members: HashMap<i64, Vec<MemberView>> = HashMap::new();
    let mut cadres: HashMap<i64, Vec<CadreRef>> = HashMap::new();
    for slice in ids.chunks(SLICE) {
        let mut q = crate::db::QueryBuilder::new(
            "SELECT h.id, h.head_name, v.name AS village, g.name AS grp, h.phone, h.population,
                    h.economy, h.income_sources, h.family_planning, h.social_relations,
                    h.poor, h.difficulties, h.notable, h.key_petitioner
             FROM households h
             JOIN village_groups g ON g.id = h.group_id
             JOIN villages v ON v.id = g.village_id
             WHERE h.id IN ",
        );
        q.push_list(slice.iter().copied());
        rows.extend(q.build_query_as::<DetailRow>().fetch_all(pool).await?);
        let mut q = crate::db::QueryBuilder::new(
            "SELECT household_id, id, name, relation, birth_year, id_masked
             FROM household_members WHERE household_id IN ",
        );
        q.push_list(slice.iter().copied())
            .push(" ORDER BY household_id, id");
        for (household, id, name, relation, birth_year, id_masked) in
            q.build_query_as::<MemberRow>().fetch_all(pool).await?
        {
            members.entry(household).or_default().push(MemberView {
                id,
                name,
                relation,
                birth_year,
                id_masked,
            });
        }
        let mut q = crate::db::QueryBuilder::new(
            "SELECT hc.household_id, u.id, u.name, u.title FROM household_cadres hc
             JOIN users u ON u.id = hc.user_id WHERE hc.household_id IN ",
        );
        q.push_list(slice.iter().copied())
            .push(" ORDER BY hc.household_id, u.name");
        for (household, id, name, title) in q
            .build_query_as::<(i64, i64, String, String)>()
            .fetch_all(pool)
            .await?
        {
            cadres
                .entry(household)
                .or_default()
                .push(CadreRef { id, name, title });
        }
    }
    let mut by_id: HashMap<i64, DetailRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|r| HouseholdDetail {
            id: r.id,
            tags: tags_of(r.poor, r.notable, r.key_petitioner),
            difficulties: r
                .difficulties
                .split(',')
                .filter_map(Difficulty::parse)
                .collect(),
            members: members.remove(&r.id).unwrap_or_default(),
            cadres: cadres.remove(&r.id).unwrap_or_default(),
            head_name: r.head_name,
            village: r.village,
            group: r.grp,
            phone: r.phone,
            population: r.population,
            economy: r.economy,
            income_sources: r.income_sources,
            family_planning: r.family_planning,
            social_relations: r.social_relations,
        })
        .collect())
}

pub async fn exists(pool: &Pool, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT COUNT(*) FROM households WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// Assigns the household to the user (a repeat changes nothing), on a pool or in a
/// transaction.
pub async fn assign<'e>(
    db: impl crate::db::Executor<'e>,
    household: i64,
    user: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO household_cadres (household_id, user_id, assigned_at) VALUES ($1, $2, $3)
         ON CONFLICT (household_id, user_id) DO NOTHING",
    )
    .bind(household)
    .bind(user)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn unassign(pool: &Pool, household: i64, user: i64) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM household_cadres WHERE household_id = $1 AND user_id = $2")
        .bind(household)
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// Gives all of `from`'s households to `to` (keeping `to`'s own); how many moved.
pub async fn hand_over(tx: &mut Tx, from: i64, to: i64, now: DateTime<Utc>) -> sqlx::Result<u64> {
    crate::db::query(
        "INSERT INTO household_cadres (household_id, user_id, assigned_at)
         SELECT household_id, $2, $3 FROM household_cadres WHERE user_id = $1
         ON CONFLICT (household_id, user_id) DO NOTHING",
    )
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let r = crate::db::query("DELETE FROM household_cadres WHERE user_id = $1")
        .bind(from)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected())
}

pub async fn member_count(pool: &Pool, household: i64) -> sqlx::Result<i64> {
    crate::db::query_scalar("SELECT COUNT(*) FROM household_members WHERE household_id = $1")
        .bind(household)
        .fetch_one(pool)
        .await
}

/// Corrects the facts; the head's member row keeps the same name.
pub async fn update_facts(
    pool: &Pool,
    id: i64,
    f: &HouseholdFacts,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let has = |t: Tag| f.tags.contains(&t);
    let difficulties: Vec<&str> = f.difficulties.iter().map(|d| d.code()).collect();
    let mut tx = pool.begin().await?;
    let old: Option<String> =
        crate::db::query_scalar("SELECT head_name FROM households WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(old) = old else {
        return Ok(false);
    };
    crate::db::query(
        "UPDATE households SET head_name = $1, phone = $2, population = $3, economy = $4,
             income_sources = $5, family_planning = $6, social_relations = $7, poor = $8,
             difficulties = $9, notable = $10, key_petitioner = $11, updated_at = $12
         WHERE id = $13",
    )
    .bind(&f.head_name)
    .bind(f.phone.as_ref().map(|p| p.as_str()).unwrap_or(""))
    .bind(i64::from(f.population))
    .bind(&f.economy)
    .bind(&f.income_sources)
    .bind(&f.family_planning)
    .bind(&f.social_relations)
    .bind(has(Tag::Poor))
    .bind(difficulties.join(","))
    .bind(has(Tag::Notable))
    .bind(has(Tag::KeyPetitioner))
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    crate::db::query(
        "UPDATE household_members SET name = $1
         WHERE household_id = $2 AND relation = '户主' AND name = $3",
    )
    .bind(&f.head_name)
    .bind(id)
    .bind(&old)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// For `shugen generate`: every assignment made after `at` dated `at` instead (a county's
/// households are assigned when the programme starts, before the year of visits it makes).
/// The rollups follow through 0015's update trigger. Returns the assignments moved.
pub async fn backdate_assignments(pool: &Pool, at: DateTime<Utc>) -> sqlx::Result<u64> {
    let done =
        crate::db::query("UPDATE household_cadres SET assigned_at = $1 WHERE assigned_at > $1")
            .bind(at)
            .execute(pool)
            .await?;
    Ok(done.rows_affected())
}

pub async fn assigned_households(
    pool: &Pool,
    user: i64,
) -> sqlx::Result<std::collections::HashSet<i64>> {
    let ids: Vec<i64> =
        crate::db::query_scalar("SELECT household_id FROM household_cadres WHERE user_id = $1")
            .bind(user)
            .fetch_all(pool)
            .await?;
    Ok(ids.into_iter().collect())
}

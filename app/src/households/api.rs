//! Household server functions. Cadres see their assigned households only; leaders and the
//! office see all; only the office changes assignments or imports.
use super::import::ImportReport;
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::{MultipartData, MultipartFormData};

#[server(prefix = "/api", endpoint = "households/list")]
pub async fn list_households(
    q: String,
    village: String,
    tag: String,
    page: String,
) -> Result<Page<HouseholdSummary>, AppError> {
    crate::error::respond(ssr::list(HouseholdQuery::parse(&q, &village, &tag, &page))).await
}

#[server(prefix = "/api", endpoint = "households/get")]
pub async fn get_household(id: i64) -> Result<HouseholdDetail, AppError> {
    crate::error::respond(ssr::get(id)).await
}

/// A member's full ID number, for the office or the household's own cadre, after they type
/// their password again. Every attempt is audited.
#[server(prefix = "/api", endpoint = "households/reveal_id")]
pub async fn reveal_id(member: i64, password: String) -> Result<String, AppError> {
    crate::error::respond(ssr::reveal_id(member, password)).await
}

#[server(prefix = "/api", endpoint = "households/count")]
pub async fn count_households() -> Result<i64, AppError> {
    crate::error::respond(ssr::count()).await
}

#[server(prefix = "/api", endpoint = "households/assign")]
pub async fn assign_cadre(household: i64, cadre: String) -> Result<(), AppError> {
    crate::error::respond(ssr::assign(household, cadre, true)).await
}

#[server(prefix = "/api", endpoint = "households/unassign")]
pub async fn unassign_cadre(household: i64, cadre: String) -> Result<(), AppError> {
    crate::error::respond(ssr::assign(household, cadre, false)).await
}

/// The office corrects a household's facts.
#[server(prefix = "/api", endpoint = "households/update")]
pub async fn update_household(id: i64, form: FactsForm) -> Result<(), AppError> {
    crate::error::respond(ssr::update(id, form)).await
}

/// Preview (`commit` empty) or import a sheet. The file travels as multipart form data
/// with the fields `file` and `commit`.
#[server(prefix = "/api", endpoint = "households/import", input = MultipartFormData)]
pub async fn import_households(data: MultipartData) -> Result<ImportReport, AppError> {
    crate::error::respond(ssr::import(data)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{
    assign_in, assigned_before, assigned_to, hand_over, may_see, offline_households,
    store_households, village_of,
};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::crypto::DataKey;
    use super::super::db;
    use super::super::import::{
        group, parse_book, read_book, Col, ImportReport, ImportRow, Parsed, RowError,
    };
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::error::AppError;
    use crate::i18n::Msg;
    use crate::model::{IdNumber, Role};
    use crate::state::app_state;
    use server_fn::codec::MultipartData;

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    pub async fn list(query: HouseholdQuery) -> Result<Page<HouseholdSummary>, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let scope = (!user.role.sees_all_households()).then_some(user.id);
        let blind = IdNumber::parse(&query.q)
            .ok()
            .map(|id| state.data_key.blind_index(id.as_str()));
        Ok(db::list(state.db.read(), scope, &query, blind).await?)
    }

    /// Whether `user` may see household `id`: leaders and the office see all, a cadre
    /// only the households assigned to them.
    pub async fn may_see(
        state: &crate::state::AppState,
        user: &crate::auth::model::CurrentUser,
        id: i64,
    ) -> Result<bool, AppError> {
        Ok(
            user.role.sees_all_households()
                || db::is_assigned(state.db.read(), id, user.id).await?,
        )
    }

    /// The village household `id` lives in; None when there is no such household.
    pub async fn village_of(
        state: &crate::state::AppState,
        id: i64,
    ) -> Result<Option<i64>, AppError> {
        Ok(db::village_of(state.db.read(), id).await?)
    }

    /// The households assigned to a user: the scope of what they may record.
    pub async fn assigned_to(
        state: &crate::state::AppState,
        user: i64,
    ) -> Result<std::collections::HashSet<i64>, AppError> {
        Ok(db::assigned_households(state.db.read(), user).await?)
    }

    /// Households each person had been assigned before each of `ends` (Beijing days):
    /// (person, index of the first end the assignment preceded, count); sum up to i for the
    /// count when `ends[i]` began.
    pub async fn assigned_before(
        state: &crate::state::AppState,
        ends: &[chrono::NaiveDate],
    ) -> Result<Vec<(i64, i64, i64)>, AppError> {
        Ok(db::assigned_before(state.db.read(), ends).await?)
    }

    /// Assigns a household to a person inside the caller's transaction (pairing's "assign in
    /// the same step"); the caller has checked both exist.
    pub async fn assign_in(
        tx: &mut crate::db::Tx,
        household: i64,
        user: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), AppError> {
        Ok(db::assign(&mut **tx, household, user, now).await?)
    }

    /// Moves a departing cadre's households to a successor inside the caller's transaction.
    pub async fn hand_over(
        tx: &mut crate::db::Tx,
        from: i64,
        to: i64,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u64, AppError> {
        Ok(db::hand_over(tx, from, to, now).await?)
    }

    /// A user's own households in the form a phone may keep.
    pub async fn offline_households(
        state: &crate::state::AppState,
        user: i64,
    ) -> Result<Vec<OfflineHousehold>, AppError> {
        let mut ids: Vec<i64> = db::assigned_households(state.db.read(), user)
            .await?
            .into_iter()
            .collect();
        ids.sort_unstable();
        Ok(db::get_many(state.db.read(), &ids)
            .await?
            .into_iter()
            .map(OfflineHousehold::from)
            .collect())
    }

    pub async fn reveal_id(member: i64, password: String) -> Result<String, AppError> {
        let state = app_state()?;
        // Leaders read everything masked; only those who act for the household unmask.
        let user = require(&[Role::Admin, Role::Cadre]).await?;
        let object = format!("member:{member}");
        let audit = |result: &'static str| {
            let (state, user, object) = (&state, &user, &object);
            async move { crate::audit::record(&state.db, Some(user), "reveal_id", object, result).await }
        };
        let (household, cipher) = db::member_id_cipher(state.db.read(), member)
            .await?
            .ok_or(AppError::NotFound)?;
        if !may_see(&state, &user, household).await? {
            audit("forbidden").await;
            return Err(AppError::Forbidden);
        }
        if let Err(e) = crate::auth::session::confirm_password(&user, password).await {
            audit(match e {
                AppError::Throttled { .. } => "throttled",
                _ => "wrong password",
            })
            .await;
            return Err(e);
        }
        let cipher = cipher.ok_or(AppError::NotFound)?;
        let plain = state
            .data_key
            .decrypt(&cipher)
            .map_err(crate::error::internal("decrypting an ID number"))?;
        audit("ok").await;
        Ok(plain)
    }

    pub async fn count() -> Result<i64, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let scope = (!user.role.sees_all_households()).then_some(user.id);
        Ok(db::count(state.db.read(), scope).await?)
    }

    pub async fn get(id: i64) -> Result<HouseholdDetail, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        if !may_see(&state, &user, id).await? {
            // Another cadre's household and a missing one look the same from outside… but
            // the status says "forbidden" so a cadre knows to ask the office.
            return Err(AppError::Forbidden);
        }
        db::get(state.db.read(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    pub async fn assign(household: i64, cadre: String, on: bool) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let cadre_id: i64 = cadre
            .parse()
            .map_err(|_| AppError::invalid("cadre", Msg::ValChoice))?;
        if !db::exists(state.db.read(), household).await? {
            return Err(AppError::NotFound);
        }
        if on && !db::is_active_cadre(state.db.read(), cadre_id).await? {
            return Err(AppError::invalid("cadre", Msg::ValChoice));
        }
        if on {
            db::assign(state.db.write(), household, cadre_id, crate::db::now()).await?;
        } else {
            db::unassign(state.db.write(), household, cadre_id).await?;
        }
        let action = if on {
            "household.assign"
        } else {
            "household.unassign"
        };
        crate::audit::record(
            &state.db,
            Some(&user),
            action,
            &format!("household:{household} cadre:{cadre_id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    pub async fn update(id: i64, form: FactsForm) -> Result<(), AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        if !db::exists(state.db.read(), id).await? {
            return Err(AppError::NotFound);
        }
        let members = db::member_count(state.db.read(), id).await?;
        let facts = form.parse(members as usize)?;
        db::update_facts(state.db.write(), id, &facts, crate::db::now()).await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "household.update",
            &format!("household:{id}"),
            "ok",
        )
        .await;
        Ok(())
    }

    const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

    async fn read_form(data: MultipartData) -> Result<(String, Vec<u8>, bool), AppError> {
        let mut form = data.into_inner().ok_or(AppError::Internal)?;
        let (mut name, mut bytes, mut commit) = (String::new(), Vec::new(), false);
        let bad = || AppError::invalid("file", Msg::ImportUnreadable);
        while let Some(mut field) = form.next_field().await.map_err(|_| bad())? {
            match field.name() {
                Some("file") => {
                    name = field.file_name().unwrap_or_default().to_string();
                    while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                        if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
                            return Err(AppError::invalid("file", Msg::ImportTooLarge));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Some("commit") => {
                    commit = field.text().await.map_err(|_| bad())? == "1";
                }
                _ => {}
            }
        }
        if name.is_empty() || bytes.is_empty() {
            return Err(AppError::invalid("file", Msg::ValRequired));
        }
        Ok((name, bytes, commit))
    }

    pub async fn import(data: MultipartData) -> Result<ImportReport, AppError> {
        let state = app_state()?;
        let user = require(&[Role::Admin]).await?;
        let (name, bytes, commit) = read_form(data).await?;
        let sheets = read_book(&name, &bytes).map_err(|m| AppError::invalid("file", m))?;
        let Parsed {
            good,
            mut errors,
            rows,
            blank,
            ignored,
            masked,
            skipped_sheets,
        } = parse_book(&sheets);
        let Matched { new, registered } = resolve(&state, good, &mut errors).await?;
        let mut report = ImportReport {
            rows,
            new: new.len(),
            registered: group(registered),
            blank,
            ignored,
            masked,
            skipped_sheets,
            error_count: errors.len(),
            errors: group(errors),
            imported: false,
        };
        if commit && report.error_count == 0 {
            store(&state, &new).await?;
            report.imported = true;
        }
        let result = if report.imported {
            format!("imported {}", report.new)
        } else {
            format!(
                "preview {} rows, {} errors",
                report.rows, report.error_count
            )
        };
        crate::audit::record(&state.db, Some(&user), "household.import", &name, &result).await;
        Ok(report)
    }

    /// A row the database accepts: its group, and its cadres as accounts.
    struct Resolved {
        row: ImportRow,
        group_id: i64,
        cadre_ids: Vec<i64>,
    }

    /// The rows to write, and those the register already holds (as places, to show).
    struct Matched {
        new: Vec<Resolved>,
        registered: Vec<RowError>,
    }

    /// What the database decides about each row: its village and group exist, its cadres are
    /// active cadres (by phone, or by a name only one of them has), and whether the register
    /// already holds it: by the head's ID number, or, without one (an export masks them), by
    /// village group and head's name, the masked number telling namesakes apart.
    async fn resolve(
        state: &crate::state::AppState,
        rows: Vec<ImportRow>,
        errors: &mut Vec<RowError>,
    ) -> Result<Matched, AppError> {
        use crate::normalize::name_key;
        use std::collections::HashMap;
        let groups = db::group_ids(state.db.read()).await?;
        let cadres = db::active_cadres(state.db.read()).await?;
        let cadre_by_phone: HashMap<&str, i64> =
            cadres.iter().map(|c| (c.phone.as_str(), c.id)).collect();
        let mut cadres_by_name: HashMap<String, Vec<i64>> = HashMap::new();
        for c in &cadres {
            cadres_by_name
                .entry(name_key(&c.name))
                .or_default()
                .push(c.id);
        }
        let blind_of = |h: &NewHousehold| -> Vec<String> {
            h.head_id
                .iter()
                .chain(h.members.iter().filter_map(|m| m.id_number.as_ref()))
                .map(|id| state.data_key.blind_index(id.as_str()))
                .collect()
        };
        let sheet: Vec<String> = rows.iter().flat_map(|r| blind_of(&r.household)).collect();
        let known = db::known_blind_indexes(state.db.read(), &sheet).await?;
        // The register's heads, looked up by household and by (group, name): one pass each,
        // so a 20,000-row sheet against 200,000 households stays linear.
        let heads = db::heads(state.db.read()).await?;
        let head_of: HashMap<i64, &db::Head> = heads.iter().map(|h| (h.household, h)).collect();
        let mut namesakes: HashMap<(i64, String), Vec<&db::Head>> = HashMap::new();
        for h in &heads {
            namesakes
                .entry((h.group_id, name_key(&h.head_name)))
                .or_default()
                .push(h);
        }
        let mut out = Matched {
            new: Vec::new(),
            registered: Vec::new(),
        };
        for row in rows {
            let h = &row.household;
            let place = |col: Option<Col>, msg| RowError {
                sheet: row.sheet.clone(),
                row: row.row,
                col,
                cell: String::new(),
                msg,
            };
            let mut problems: Vec<(Col, Msg)> = Vec::new();
            let Some(group_id) = groups.get(&(h.village.clone(), h.group.clone())).copied() else {
                errors.push(if groups.keys().any(|(v, _)| *v == h.village) {
                    place(Some(Col::Group), Msg::ImportUnknownGroup)
                } else {
                    place(Some(Col::Village), Msg::ImportUnknownVillage)
                });
                continue;
            };
            let head_key = row.head_key();
            let found = blind_of(h).iter().find_map(|b| known.get(b)).copied();
            let registered =
                match found {
                    // A known ID number: the same household, or someone else's number.
                    Some(id) => {
                        let same = head_of.get(&id).is_some_and(|hh| {
                            hh.group_id == group_id && name_key(&hh.head_name) == head_key
                        });
                        if !same {
                            problems.push((Col::HeadId, Msg::ImportIdExists));
                        }
                        same
                    }
                    // No full number (an export masks them): the same head in the same group,
                    // unless a masked number or a phone on both sides tells namesakes apart.
                    None if h.head_id.is_none() => namesakes
                        .get(&(group_id, head_key))
                        .is_some_and(|candidates| {
                            candidates.iter().any(|hh| {
                                !differ(row.head_masked_id.as_deref(), hh.id_masked.as_deref())
                                    && !differ(
                                        h.phone.as_ref().map(|p| p.as_str()),
                                        Some(&hh.phone),
                                    )
                            })
                        }),
                    None => false,
                };
            // Already there: skipped whole, so nothing about it (a cadre since gone) can
            // hold up the rest.
            if registered && problems.is_empty() {
                out.registered.push(place(None, Msg::ImportRegistered));
                continue;
            }
            let mut cadre_ids = Vec::new();
            for p in &h.cadre_phones {
                match cadre_by_phone.get(p.as_str()) {
                    Some(id) => cadre_ids.push(*id),
                    None => problems.push((Col::Cadres, Msg::ImportUnknownCadre)),
                }
            }
            for n in &row.cadre_names {
                match cadres_by_name.get(&name_key(n)).map(Vec::as_slice) {
                    Some([id]) => cadre_ids.push(*id),
                    Some([_, _, ..]) => problems.push((Col::Cadres, Msg::ImportAmbiguousCadre)),
                    _ => problems.push((Col::Cadres, Msg::ImportUnknownCadre)),
                }
            }
            if problems.is_empty() {
                out.new.push(Resolved {
                    row,
                    group_id,
                    cadre_ids,
                });
            } else {
                errors.extend(problems.into_iter().map(|(c, m)| place(Some(c), m)));
            }
        }
        Ok(out)
    }

    /// Two values that are both known and not the same.
    fn differ(a: Option<&str>, b: Option<&str>) -> bool {
        matches!((a, b), (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() && a != b)
    }

    fn stored_members(key: &DataKey, h: &NewHousehold) -> anyhow::Result<Vec<db::StoredMember>> {
        let head = NewMember {
            name: h.head_name.clone(),
            relation: "户主".into(),
            birth_year: h
                .head_id
                .as_ref()
                .map(IdNumber::birth_year)
                .or(h.head_birth_year),
            id_number: h.head_id.clone(),
        };
        std::iter::once(&head)
            .chain(h.members.iter())
            .map(|m| {
                let id = m.id_number.as_ref();
                Ok(db::StoredMember {
                    name: m.name.clone(),
                    relation: m.relation.clone(),
                    birth_year: m.birth_year,
                    id_cipher: id.map(|i| key.encrypt(i.as_str())).transpose()?,
                    id_blind: id.map(|i| key.blind_index(i.as_str())),
                    id_masked: id.map(IdNumber::masked),
                })
            })
            .collect()
    }

    /// All rows in one transaction: the import is all or nothing.
    async fn store(state: &crate::state::AppState, rows: &[Resolved]) -> Result<(), AppError> {
        let now = crate::db::now();
        let mut tx = state.db.begin().await?;
        for r in rows {
            let h = &r.row.household;
            let members = stored_members(&state.data_key, h)
                .map_err(crate::error::internal("encrypting ID numbers"))?;
            let s = db::StoredHousehold {
                group_id: r.group_id,
                h,
                members,
                cadre_ids: r.cadre_ids.clone(),
            };
            db::insert(&mut tx, &s, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// For the demo seeder: stores already-valid households, resolving names like an import.
    pub async fn store_households(
        state: &crate::state::AppState,
        households: Vec<NewHousehold>,
    ) -> Result<(), AppError> {
        let rows = households
            .into_iter()
            .enumerate()
            .map(|(i, household)| ImportRow {
                sheet: String::new(),
                row: i + 1,
                household,
                cadre_names: Vec::new(),
                head_masked_id: None,
            })
            .collect();
        let mut errors = Vec::new();
        let matched = resolve(state, rows, &mut errors).await?;
        if let Some(e) = errors.first().or(matched.registered.first()) {
            tracing::error!(?e, "demo household rejected");
            return Err(AppError::Internal);
        }
        store(state, &matched.new).await
    }
}

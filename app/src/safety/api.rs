//! Screening and publicity server functions: the phones push rounds and sessions; the
//! village page reads them and takes a finding into the 台账 when the phone did not. The
//! office and leaders work every village; a cadre the villages whose team they are on.
use super::model::*;
use crate::error::AppError;
use crate::records::model::WorkBatch;
use crate::visits::model::RecordResult;
use leptos::prelude::*;
use server_fn::codec::Json;

/// Pushes screening rounds (矛盾纠纷、安全隐患排查) from the phone's outbox; answers per record.
/// A round's ticked findings become 台账 items when it is first stored, once.
#[server(prefix = "/api", endpoint = "sync/screenings", input = Json)]
pub async fn push_screenings(
    batch: WorkBatch<ScreeningDraft>,
) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// Pushes publicity sessions (安全生产、水路交通、护林防火 …) from the phone's outbox.
#[server(prefix = "/api", endpoint = "sync/publicity", input = Json)]
pub async fn push_publicity(
    batch: WorkBatch<PublicityDraft>,
) -> Result<Vec<RecordResult>, AppError> {
    crate::error::respond(crate::records::api::push(batch)).await
}

/// A village's screening rounds (with findings) and publicity sessions, newest first.
#[server(prefix = "/api", endpoint = "safety/village")]
pub async fn get_safety(village: i64) -> Result<VillageSafety, AppError> {
    crate::error::respond(ssr::village(village)).await
}

/// Takes finding `n` of round `round` into the 台账 (one tap; a second tap changes nothing).
/// Answers the item's id.
#[server(prefix = "/api", endpoint = "safety/finding_ledger")]
pub async fn finding_to_ledger(round: String, n: i64) -> Result<String, AppError> {
    crate::error::respond(ssr::to_ledger(round, n)).await
}

#[cfg(feature = "ssr")]
pub use ssr::{ledger_lines, store_screening};

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::db;
    use super::super::model::*;
    use crate::auth::session::require;
    use crate::db::Tx;
    use crate::error::AppError;
    use crate::ledger::api::{create_in, new_id, ItemSource};
    use crate::ledger::model::{title_of, NewItem, Source};
    use crate::model::Role;
    use crate::records::api::{may_see, missing};
    use crate::records::model::{LedgerLine, Stored, WorkKind};
    use crate::state::{app_state, AppState};

    const ALL: &[Role] = &[Role::Admin, Role::Leader, Role::Cadre];

    crate::work_record!(ScreeningDraft => Screening, WorkKind::Screening,
        store: store_screening);
    crate::work_record!(PublicityDraft => Publicity, WorkKind::Publicity, db::insert_publicity);

    /// The 台账 item of finding `n` of round `round`: the village's, unowned until the 调度会
    /// assigns it; its source names the finding, so it is made once whatever retries.
    async fn ledger_item(
        tx: &mut Tx,
        by: i64,
        round: &str,
        n: i64,
        village: i64,
        f: &Finding,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Option<String>, AppError> {
        let detail = if f.place.is_empty() {
            f.detail.clone()
        } else {
            format!("{}：{}", f.place, f.detail)
        };
        let item = NewItem {
            kind: f.kind.ledger_kind(),
            title: title_of(&detail),
            detail,
            household_id: None,
            village_id: Some(village),
            difficulty: None,
            assign: None,
        };
        let source_id = format!("{round}/{n}");
        let from = ItemSource {
            source: Source::Screening,
            source_id: Some(&source_id),
        };
        create_in(tx, by, &new_id(), &item, from, at).await
    }

    /// Stores a round and its findings; the ticked ones become 台账 items in the same
    /// transaction.
    pub async fn store_screening(
        tx: &mut Tx,
        s: &Stored<'_>,
        c: &Screening,
    ) -> Result<(), AppError> {
        db::insert_screening(tx, s.id, c).await?;
        for (i, f) in c.findings.iter().enumerate() {
            let n = i as i64 + 1;
            let item = if f.to_ledger {
                ledger_item(tx, s.by, s.id, n, s.village, f, s.at).await?
            } else {
                None
            };
            db::insert_finding(tx, s.id, n, f, item.as_deref()).await?;
        }
        Ok(())
    }

    pub async fn village(village: i64) -> Result<VillageSafety, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        may_see(&state, &user, village).await?;
        let pool = state.db.read();
        Ok(VillageSafety {
            screenings: db::screenings(pool, village).await?,
            publicity: db::publicity(pool, village).await?,
        })
    }

    pub async fn to_ledger(round: String, n: i64) -> Result<String, AppError> {
        let state = app_state()?;
        let user = require(ALL).await?;
        let round = round.trim().to_string();
        let village = db::round_village(state.db.read(), &round)
            .await?
            .ok_or_else(|| missing(&user))?;
        may_see(&state, &user, village).await?;
        let mut tx = state.db.begin().await?;
        let Some((kind, place, detail, village)) = db::unlinked_finding(&mut tx, &round, n).await?
        else {
            // Already in the 台账 (a second tap), or no such finding.
            return Err(AppError::invalid(
                "finding",
                crate::i18n::Msg::ValFindingLinked,
            ));
        };
        let f = Finding {
            kind: FindingKind::parse(&kind).ok_or(AppError::Internal)?,
            place,
            detail,
            to_ledger: true,
        };
        let at = crate::db::now();
        let item = ledger_item(&mut tx, user.id, &round, n, village, &f, at)
            .await?
            .ok_or_else(|| AppError::invalid("finding", crate::i18n::Msg::ValFindingLinked))?;
        db::link_finding(&mut tx, &round, n, &item).await?;
        tx.commit().await?;
        crate::audit::record(
            &state.db,
            Some(&user),
            "screening.to_ledger",
            &format!("round:{round} finding:{n} item:{item}"),
            "ok",
        )
        .await;
        Ok(item)
    }

    /// The 排查 and 宣传 sheets of the four helps' 台账 export.
    pub async fn ledger_lines(
        state: &AppState,
        villages: &[(i64, String)],
    ) -> Result<Vec<LedgerLine>, AppError> {
        let zh = |m: crate::i18n::Msg| m.text(crate::i18n::Locale::Zh).to_string();
        let pool = state.db.read();
        let mut out = Vec::new();
        for (id, name) in villages {
            for r in db::screenings(pool, *id).await? {
                let found: Vec<String> = r
                    .findings
                    .iter()
                    .map(|f| {
                        let place = if f.place.is_empty() {
                            String::new()
                        } else {
                            format!("{} ", f.place)
                        };
                        format!("{}：{place}{}", zh(f.kind.label()), f.detail)
                    })
                    .collect();
                out.push(LedgerLine {
                    kind: zh(r.kind.label()),
                    on: Some(r.held_on),
                    subject: r.places.clone(),
                    detail: if found.is_empty() {
                        zh(crate::i18n::Msg::SfNothingFound)
                    } else {
                        found.join("；")
                    },
                    by: r.recorded_by.clone(),
                    record: r.id.clone(),
                    ..LedgerLine::new("矛盾隐患排查", name)
                });
            }
            for p in db::publicity(pool, *id).await? {
                out.push(LedgerLine {
                    kind: zh(p.topic.label()),
                    on: Some(p.held_on),
                    subject: p.place.clone(),
                    detail: format!("{}人；{}", p.audience, p.material),
                    by: p.recorded_by.clone(),
                    record: p.id.clone(),
                    ..LedgerLine::new("安全宣传", name)
                });
            }
        }
        Ok(out)
    }
}

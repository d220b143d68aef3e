//! `shugen generate --households N --visits M`: a bureau at scale for the benchmarks (DESIGN.md
//! §7 sizes the summary at 20,000 households and 100,000 visits). Run on a demo database: the
//! households go round its villages and cadres, the visits spread evenly over the last twelve
//! months. Deterministic but for the visits' ids.
use crate::config::Config;
use crate::demo::{offline_state, Rng, ECONOMY, GIVEN, INCOME, SURNAMES, VILLAGES};
use anyhow::{anyhow, Context};
use app::households::model::NewHousehold;
use app::model::{Phone, Role};
use app::visits::model::VisitDraft;

const CHUNK: usize = 5_000;

pub async fn run(config: &Config, households: usize, visits: usize) -> anyhow::Result<()> {
    let state = offline_state(config).await?;
    let cadres: Vec<(i64, Phone)> = app::users::db::list(state.db.read())
        .await?
        .into_iter()
        .filter(|u| u.role == Role::Cadre && u.active)
        .filter_map(|u| Some((u.id, Phone::parse(&u.phone).ok()?)))
        .collect();
    if cadres.is_empty() {
        anyhow::bail!("no cadres: run `shugen demo` first");
    }
    let mut rng = Rng(0x6e6e_2026_0001);
    let groups: Vec<(&str, &str)> = VILLAGES
        .iter()
        .flat_map(|(v, gs)| gs.iter().map(move |g| (*v, *g)))
        .collect();
    let started = std::time::Instant::now();
    let mut made = 0;
    while made < households {
        let n = CHUNK.min(households - made);
        let batch: Vec<NewHousehold> = (made..made + n)
            .map(|i| {
                let (village, group) = groups[i % groups.len()];
                NewHousehold {
                    village: village.into(),
                    group: group.into(),
                    head_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
                    head_id: None,
                    head_birth_year: None,
                    phone: Phone::parse(&format!("137{:08}", i)).ok(),
                    population: 1 + rng.below(6) as u32,
                    economy: rng.pick(ECONOMY).to_string(),
                    income_sources: rng.pick(INCOME).to_string(),
                    family_planning: String::new(),
                    social_relations: String::new(),
                    tags: Vec::new(),
                    difficulties: Vec::new(),
                    members: Vec::new(),
                    cadre_phones: vec![cadres[i % cadres.len()].1.clone()],
                }
            })
            .collect();
        app::households::api::store_households(&state, batch)
            .await
            .map_err(|e| anyhow!("{e:?}"))
            .context("storing generated households")?;
        made += n;
    }
    println!(
        "generate: {households} households in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut mine: Vec<(i64, Vec<i64>)> = Vec::new();
    for (id, _) in &cadres {
        let mut hs: Vec<i64> = app::households::db::assigned_households(state.db.read(), *id)
            .await?
            .into_iter()
            .collect();
        hs.sort_unstable();
        if !hs.is_empty() {
            mine.push((*id, hs));
        }
    }
    let now = app::db::now();
    let year = chrono::Duration::days(365).num_seconds();
    let started = std::time::Instant::now();
    let mut tx = state.db.begin().await?;
    for i in 0..visits {
        let (cadre, hs) = &mine[i % mine.len()];
        let household = hs[(i / mine.len()) % hs.len()];
        // Oldest first, a year back to a minute ago.
        let ago = year - (year * i as i64) / visits.max(1) as i64 + 60;
        let draft = VisitDraft {
            id: app::ledger::api::new_id(),
            household_id: household,
            visited_at: (now - chrono::Duration::seconds(ago)).to_rfc3339(),
            method: "home".into(),
            content: "了解家庭生产生活情况，宣传惠农政策。".into(),
            process: "入户座谈".into(),
            outcome: "群众无新诉求".into(),
            problems: String::new(),
            follow_up: false,
            gps: None,
            changes: Vec::new(),
            ledger: None,
            feedback_form: "yes".into(),
            ..Default::default()
        };
        let visit = draft
            .parse()
            .map_err(|m| anyhow!("generated visit rejected: {m:?}"))?;
        let receipt = format!("G{i:010}");
        let new = app::visits::db::NewVisit {
            visit: &visit,
            cadre_id: *cadre,
            content_hash: "generated",
            receipt: &receipt,
            received_at: now,
            schema: app::visits::model::SYNC_SCHEMA,
            device: "generate",
        };
        app::visits::db::insert(&mut tx, &new).await?;
        if (i + 1) % CHUNK == 0 {
            tx.commit().await?;
            tx = state.db.begin().await?;
        }
    }
    tx.commit().await?;
    println!(
        "generate: {visits} visits over twelve months in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

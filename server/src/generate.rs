//! `shugen generate`: a bureau at scale for the benchmarks, on a demo database. `--scale K`
//! is K counties' worth of a year (DESIGN.md §7 sizes the summary at ×1: 20,000 households,
//! 100,000 visits; issue 23 measures ×10): see [`Sizes::scaled`]. `--households N`,
//! `--visits M`, `--cadres C`, `--items I` and `--feedback F` set one count each (alone, the
//! others are zero). The households go round the villages and cadres, the visits, ledger items
//! and feedback spread evenly over the last twelve months. Deterministic but for the records'
//! ids.
use crate::config::Config;
use crate::demo::{offline_state, Rng, DEMO_PASSWORD, ECONOMY, GIVEN, INCOME, SURNAMES, VILLAGES};
use anyhow::{anyhow, Context};
use app::households::model::NewHousehold;
use app::model::{IdNumber, NewPassword, Phone, Role};
use app::state::AppState;
use app::visits::model::VisitDraft;
use chrono::{DateTime, Duration, Utc};

/// Rows per transaction.
const CHUNK: usize = 5_000;
/// Households per import batch: each batch reads every stored head once to match against.
const HOUSEHOLD_CHUNK: usize = 20_000;

/// How much `generate` makes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Sizes {
    pub households: usize,
    pub visits: usize,
    /// Active cadres in all (the demo's included): more are made to reach it.
    pub cadres: usize,
    /// Ledger items: a third still open, the rest closed ten days after they came in.
    pub items: usize,
    /// Villagers' feedback to the cadres' cards, all of it still new (for the office to
    /// triage).
    pub feedback: usize,
}

impl Sizes {
    /// `k` counties: 20,000·k households, 100,000·k visits, 20·k cadres, 2,000·k ledger
    /// items and 2,000·k feedback forms over a year.
    pub fn scaled(k: usize) -> Sizes {
        Sizes {
            households: 20_000 * k,
            visits: 100_000 * k,
            cadres: 20 * k,
            items: 2_000 * k,
            feedback: 2_000 * k,
        }
    }
}

pub async fn run(config: &Config, sizes: Sizes) -> anyhow::Result<()> {
    let state = offline_state(config).await?;
    let Sizes {
        households, visits, ..
    } = sizes;
    let cadres = cadres(&state, sizes.cadres).await?;
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
        let n = HOUSEHOLD_CHUNK.min(households - made);
        let batch: Vec<NewHousehold> = (made..made + n)
            .map(|i| {
                let (village, group) = groups[i % groups.len()];
                NewHousehold {
                    village: village.into(),
                    group: group.into(),
                    head_name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
                    head_id: Some(head_id(i)),
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
    if households > 0 {
        // For the exact ID search's benchmark: one in the middle of the registry.
        println!(
            "generate: sample ID number {}",
            head_id(households / 2).as_str()
        );
    }
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
    let started = std::time::Instant::now();
    let mut tx = state.db.begin().await?;
    for i in 0..visits {
        let (cadre, hs) = &mine[i % mine.len()];
        let household = hs[(i / mine.len()) % hs.len()];
        let draft = VisitDraft {
            id: app::ledger::api::new_id(),
            household_id: household,
            visited_at: over_the_year(now, i, visits).to_rfc3339(),
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
    items(&state, &mine, sizes.items, now).await?;
    feedback(&state, &mine, sizes.feedback, now).await?;
    Ok(())
}

/// The active cadres, `(id, phone)`, after making accounts up to `want` of them.
async fn cadres(state: &AppState, want: usize) -> anyhow::Result<Vec<(i64, Phone)>> {
    let list = || async {
        anyhow::Ok(
            app::users::db::list(state.db.read())
                .await?
                .into_iter()
                .filter(|u| u.role == Role::Cadre && u.active)
                .filter_map(|u| Some((u.id, Phone::parse(&u.phone).ok()?)))
                .collect::<Vec<_>>(),
        )
    };
    let have = list().await?;
    let mut rng = Rng(0x6e6e_2026_0002);
    for i in have.len()..want {
        let form = app::users::model::ProfileForm {
            phone: format!("1390{i:07}"),
            name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
            title: "联村工作队员".into(),
            unit: "县农业农村局".into(),
            role: Role::Cadre.code().into(),
            ..Default::default()
        };
        let profile = app::users::model::Profile::parse(&form)
            .map_err(|e| anyhow!("generated profile: {e:?}"))?;
        let pw = NewPassword::parse(DEMO_PASSWORD).map_err(|m| anyhow!("{m:?}"))?;
        app::users::api::create_account(state, &profile, pw)
            .await
            .map_err(|e| anyhow!("creating cadre {}: {e:?}", form.phone))?;
    }
    if want > have.len() {
        println!("generate: {} cadres made", want - have.len());
    }
    list().await
}

/// The `i`th generated head's ID number, unique per `i` (a birth date from 1950 on and a
/// sequence number), with a valid check character.
fn head_id(i: usize) -> IdNumber {
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default()
        + Duration::days((i / 1000) as i64);
    let first17 = format!("433127{}{:03}", born.format("%Y%m%d"), i % 1000);
    let check = IdNumber::check_char(first17.as_bytes()) as char;
    IdNumber::parse(&format!("{first17}{check}")).expect("generated ID numbers are valid")
}

/// The moment `i` of `n` things spread over the last year, oldest first.
fn over_the_year(now: DateTime<Utc>, i: usize, n: usize) -> DateTime<Utc> {
    let year = Duration::days(365).num_seconds();
    now - Duration::seconds(year - (year * i as i64) / n.max(1) as i64 + 60)
}

/// Ledger items of every kind on the cadres' households, each assigned to the household's
/// cadre with a fortnight's deadline; two in three closed ten days after they came in.
async fn items(
    state: &AppState,
    mine: &[(i64, Vec<i64>)],
    n: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use app::ledger::db::{NewEvent, NewRow};
    use app::ledger::model::{Kind, NewItem, Source, Status};
    let started = std::time::Instant::now();
    let mut tx = state.db.begin().await?;
    for i in 0..n {
        let (cadre, hs) = &mine[i % mine.len()];
        let household = hs[(i / mine.len()) % hs.len()];
        let at = over_the_year(now, i, n);
        let kind = Kind::ALL[i % Kind::ALL.len()];
        let deadline = (at + Duration::days(14)).date_naive();
        let item = NewItem {
            kind,
            title: "群众反映生产道路需要修缮".into(),
            detail: "入户走访时提出，已登记。".into(),
            household_id: Some(household),
            village_id: None,
            difficulty: None,
            assign: Some((*cadre, deadline)),
        };
        let closed = i % 3 != 0 && at + Duration::days(10) < now;
        let id = app::ledger::api::new_id();
        app::ledger::db::insert(
            &mut tx,
            &NewRow {
                id: &id,
                item: &item,
                source: Source::Direct,
                source_id: None,
                status: Status::Assigned,
                created_by: *cadre,
                at,
            },
        )
        .await?;
        let step = |step: &'static str, status: Status, at: DateTime<Utc>| NewEvent {
            item: &id,
            at,
            actor: *cadre,
            step,
            status,
            owner: Some(*cadre),
            deadline: Some(deadline),
            note: "",
            confirmation: None,
        };
        app::ledger::db::event(&mut tx, &step("assign", Status::Assigned, at)).await?;
        if closed {
            let done = at + Duration::days(10);
            app::ledger::db::event(&mut tx, &step("close", Status::Closed, done)).await?;
            app::ledger::db::set_state(
                &mut tx,
                &id,
                Status::Closed,
                Some(*cadre),
                Some(deadline),
                done,
            )
            .await?;
        }
        if (i + 1) % CHUNK == 0 {
            tx.commit().await?;
            tx = state.db.begin().await?;
        }
    }
    tx.commit().await?;
    if n > 0 {
        println!(
            "generate: {n} ledger items over twelve months in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Villagers' feedback to their cadres' cards, of every category, still new.
async fn feedback(
    state: &AppState,
    mine: &[(i64, Vec<i64>)],
    n: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use app::feedback::db::NewFeedback;
    use app::feedback::model::{Category, Channel, FeedbackBody, ReceiptCode};
    let started = std::time::Instant::now();
    let mut tx = state.db.begin().await?;
    for i in 0..n {
        let (cadre, hs) = &mine[i % mine.len()];
        let household = hs[(i / mine.len()) % hs.len()];
        let at = over_the_year(now, i, n);
        let body = FeedbackBody {
            category: Category::ALL[i % Category::ALL.len()],
            content: "村里的路灯坏了好几盏，晚上出行不方便，希望尽快修好。".into(),
            name: None,
            phone: None,
        };
        let id = app::ledger::api::new_id();
        app::feedback::db::insert(
            &mut tx,
            &NewFeedback {
                id: &id,
                receipt: &ReceiptCode::generate(),
                body: &body,
                channel: Channel::ALL[0],
                card_id: None,
                cadre_id: Some(*cadre),
                household_id: Some(household),
                content_hash: "generated",
                submitted_at: at,
                received_at: at,
            },
        )
        .await?;
        if (i + 1) % CHUNK == 0 {
            tx.commit().await?;
            tx = state.db.begin().await?;
        }
    }
    tx.commit().await?;
    if n > 0 {
        println!(
            "generate: {n} feedback forms over twelve months in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

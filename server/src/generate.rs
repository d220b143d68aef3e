//! `shugen generate`: a bureau at scale for the benchmarks, on a demo database. `--scale K`
//! is K counties' worth of a year (DESIGN.md §7 sizes the summary at ×1: 20,000 households,
//! 100,000 visits; issue 23 measures ×10): see [`Sizes::scaled`]. `--households N`,
//! `--visits M`, `--cadres C`, `--items I` and `--feedback F` set one count each (alone, the
//! others are zero). The households go round the villages and cadres (assigned a year back,
//! when the programme started; the calendar's rules in force from then), the visits, ledger
//! items and feedback spread evenly over the last twelve months; with ledger items come the
//! four helps' records of every village's year, a photo each. Deterministic but for the
//! records' ids.
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
    /// Villagers' feedback: a fifth from cards, two in three answered and resolved.
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
    let now = app::db::now();
    // The programme started a year before now: the assignments are dated then, so the
    // coverage figures of the year's months count them (assigned today, no past month would).
    let programme_start = now - Duration::days(366);
    let started = std::time::Instant::now();
    let moved = app::households::db::backdate_assignments(state.db.write(), programme_start)
        .await
        .context("dating the assignments")?;
    println!(
        "generate: {moved} assignments dated a year back in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The calendar's rules in force since then too: the migration starts the feedback-form
    // rule (入户走访带回意见反馈表) on the day it runs, so the month's figures would read a
    // first, partial window (its visits one by one) that a year-old programme never has.
    let rules = app::obligations::db::start_first_versions_by(
        state.db.write(),
        app::ui::time::date_of(programme_start),
    )
    .await
    .context("dating the calendar's rules")?;
    println!("generate: {rules} calendar rules in force from a year back");
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
    let office = app::users::db::list(state.db.read())
        .await?
        .into_iter()
        .find(|u| u.role == Role::Admin && u.active)
        .map(|u| u.id)
        .ok_or_else(|| anyhow!("no office account: run `shugen demo` first"))?;
    feedback(&state, &mine, office, sizes.feedback, now).await?;
    if sizes.items > 0 {
        four_helps(&state, &mine, now).await?;
    }
    // PostgreSQL plans by its statistics: gathered now, as after any bulk load (autovacuum
    // would, minutes later), so the benchmarks read with the plans a running bureau gets.
    // SQLite keeps none (its plans are fixed by the indexes and the statements). The rolled-up
    // counts are compacted first: a year written in 5,000-row transactions leaves each count
    // row thousands of dead versions that no pruning could remove while its transaction ran
    // (161 MB for 2,680 rows of `rollup_visits` at ×10), where a bureau's small transactions
    // and autovacuum keep them a few pages.
    if state.db.postgres().is_some() {
        let rollups: Vec<String> = app::db::query_scalar(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'rollup\\_%'
             AND relnamespace = 'public'::regnamespace",
        )
        .fetch_all(state.db.write())
        .await?;
        // On the read pool: VACUUM runs outside a transaction, and the write pool holds each
        // statement in one (for its lock).
        for table in rollups {
            app::db::query(&format!("VACUUM FULL {table}"))
                .execute(state.db.read())
                .await?;
        }
        app::db::query("ANALYZE").execute(state.db.write()).await?;
    }
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

/// Villagers' feedback of every category: one in five sent from a card's QR (no household),
/// the rest written down by the household's cadre. Two in three are accepted by the office
/// the next day and resolved a week after they came in (when that is past); the rest are new.
async fn feedback(
    state: &AppState,
    mine: &[(i64, Vec<i64>)],
    office: i64,
    n: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use app::feedback::db::NewFeedback;
    use app::feedback::model::{Category, Channel, FeedbackBody, ReceiptCode, Status};
    let started = std::time::Instant::now();
    let mut tx = state.db.begin().await?;
    for i in 0..n {
        let (cadre, hs) = &mine[i % mine.len()];
        let card = i % 5 == 4;
        let household = (!card).then(|| hs[(i / mine.len()) % hs.len()]);
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
                channel: if card { Channel::Card } else { Channel::Cadre },
                card_id: None,
                cadre_id: Some(*cadre),
                household_id: household,
                content_hash: "generated",
                submitted_at: at,
                received_at: at,
            },
        )
        .await?;
        for (status, after, words) in [
            (Status::Accepted, 1, "已收到，转相关股室办理。"),
            (Status::Resolved, 7, "已修好，感谢反映。"),
        ] {
            let when = at + Duration::days(after);
            if i % 3 != 0 && when < now {
                app::feedback::db::reply_in(&mut tx, &id, office, status, words, true, when)
                    .await?;
            }
        }
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

/// The four helps' village records of the last twelve months: in every village, a branch
/// meeting (三会一课) on the 10th and a training on the 20th of each month, recorded by one of
/// the cadres, each with a photo (one small JPEG), the meeting's chosen for the monthly
/// report. A few hundred rows at any scale: the villages set how many, not the households.
async fn four_helps(
    state: &AppState,
    mine: &[(i64, Vec<i64>)],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use app::organisation::model::{Meeting, MeetingKind, Training};
    use app::records::{db::NewRecord, model::WorkKind};
    use sha2::{Digest, Sha256};
    let started = std::time::Instant::now();
    let jpeg = app::photos::image::sample(1600, 900);
    let decoded =
        app::photos::image::decode(&jpeg).ok_or_else(|| anyhow!("the sample photo decodes"))?;
    let sha256: String = Sha256::digest(&jpeg)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let villages = app::villages::db::list(state.db.read()).await?;
    let today = (now + Duration::hours(8)).date_naive();
    let mut tx = state.db.begin().await?;
    let mut made = 0;
    for (v, village) in villages.iter().enumerate() {
        let by = mine[v % mine.len()].0;
        for back in 0..12 {
            let month = today - chrono::Months::new(back);
            for (day, kind) in [(10, WorkKind::BranchMeeting), (20, WorkKind::Training)] {
                let Some(on) = chrono::NaiveDate::from_ymd_opt(
                    chrono::Datelike::year(&month),
                    chrono::Datelike::month(&month),
                    day,
                )
                .filter(|d| *d <= today) else {
                    continue;
                };
                let at = on.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc();
                let id = app::ledger::api::new_id();
                app::records::db::insert(
                    &mut tx,
                    &NewRecord {
                        id: &id,
                        kind,
                        village: village.id,
                        on,
                        by,
                        device: "generate",
                        content_hash: "generated",
                        received_at: at,
                    },
                )
                .await?;
                if kind == WorkKind::BranchMeeting {
                    let meeting = Meeting {
                        kind: MeetingKind::Congress,
                        place: "村部会议室".into(),
                        topic: "学习惠农政策，研究村级集体经济发展".into(),
                        present: 28,
                        absent: 2,
                        team_present: vec![by],
                        leader_attended: back % 3 == 0,
                        by_team: true,
                        comment: String::new(),
                    };
                    app::organisation::db::insert_meeting(&mut tx, &id, &meeting).await?;
                } else {
                    let training = Training {
                        topic: "柑橘栽培技术培训".into(),
                        attendees: "种植户".into(),
                        headcount: 40,
                    };
                    app::organisation::db::insert_training(&mut tx, &id, &training).await?;
                }
                let photo = app::ledger::api::new_id();
                app::photos::db::start(&mut tx, &photo, by, jpeg.len() as i64, &sha256, at).await?;
                app::photos::db::complete(
                    &mut tx,
                    &app::photos::db::Whole {
                        id: &photo,
                        mime: decoded.mime,
                        width: i64::from(decoded.width),
                        height: i64::from(decoded.height),
                        bytes: &jpeg,
                        thumb: &decoded.thumb,
                        at,
                    },
                )
                .await?;
                app::photos::db::link(
                    &mut tx,
                    &app::photos::db::Link {
                        id: &photo,
                        record_kind: kind.code(),
                        record_id: &id,
                        village: Some(village.id),
                        household: None,
                        position: 0,
                        caption: "现场照片",
                        taken_at: Some(at.naive_utc()),
                    },
                )
                .await?;
                if kind == WorkKind::BranchMeeting {
                    app::photos::db::choose(&mut tx, &photo, true).await?;
                }
                made += 1;
            }
        }
    }
    tx.commit().await?;
    println!(
        "generate: {made} four helps' records with a photo each in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

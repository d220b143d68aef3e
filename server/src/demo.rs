//! `shugen demo`: a realistic bureau to try the app with. Deterministic, so screenshots and
//! tests see the same data every time. Demo logins share one password, printed here only.
use crate::config::Config;
use anyhow::{anyhow, Context};
use app::db::Db;
use app::households::model::{Difficulty, NewHousehold, NewMember, Tag};
use app::model::{IdNumber, NewPassword, Phone, Role};
use app::state::{AppState, Settings};
use app::users::model::{Profile, ProfileForm};

pub const DEMO_PASSWORD: &str = "shugen-demo";
const TOWN: &str = "石门镇";

/// State for commands that touch the database without serving.
pub async fn offline_state(config: &Config) -> anyhow::Result<AppState> {
    let db = Db::connect(&config.database_url).await?;
    let key = config.load_data_key()?;
    let settings = Settings {
        public_origin: config.public_origin.clone(),
        feedback_limit: config.feedback_limit,
        client_ip_header: config.client_ip_header.clone(),
        secure_cookies: false,
    };
    Ok(AppState::new(
        db,
        settings,
        key,
        crate::startup::leptos_options(config)?,
    ))
}

/// (phone, name, title, unit, role)
const PEOPLE: &[(&str, &str, &str, &str, Role)] = &[
    ("13800000001", "周建国", "办公室主任", "办公室", Role::Admin),
    ("13800000002", "刘晓燕", "办公室干事", "办公室", Role::Admin),
    ("13800000010", "唐志远", "局长", "局领导", Role::Leader),
    ("13800000011", "彭立新", "副局长", "局领导", Role::Leader),
    ("13800000012", "曾红梅", "纪检组长", "局领导", Role::Leader),
    (
        "13800000101",
        "李明",
        "联村工作队队长",
        "规划股",
        Role::Cadre,
    ),
    ("13800000102", "王芳", "联村工作队员", "财务股", Role::Cadre),
    ("13800000103", "张伟", "股室负责人", "项目股", Role::Cadre),
    ("13800000104", "陈静", "联村工作队员", "人事股", Role::Cadre),
    ("13800000105", "杨洋", "联村工作队员", "法规股", Role::Cadre),
    ("13800000106", "黄磊", "股室负责人", "信访股", Role::Cadre),
    ("13800000107", "吴倩", "联村工作队员", "办公室", Role::Cadre),
    ("13800000108", "谭军", "联村工作队员", "安全股", Role::Cadre),
];

pub(crate) const VILLAGES: &[(&str, &[&str])] = &[
    ("民智村", &["一组", "二组", "三组", "四组"]),
    ("廖家村", &["一组", "二组", "三组"]),
    ("桐子坳村", &["一组", "二组", "三组"]),
];

/// A small deterministic generator: the demo must look the same on every machine.
pub(crate) struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub(crate) const SURNAMES: &[&str] = &[
    "廖", "李", "王", "张", "刘", "陈", "杨", "黄", "周", "吴", "谭", "彭", "唐", "邓", "曾", "罗",
];
pub(crate) const GIVEN: &[&str] = &[
    "德明", "秋菊", "长生", "桂花", "国平", "春兰", "建华", "玉梅", "志强", "冬生", "金凤", "永福",
    "文斌", "小红", "运来", "满堂", "素珍", "海军", "丽娟", "光明",
];
pub(crate) const ECONOMY: &[&str] = &["一般", "较好", "较困难", "困难", "良好"];
pub(crate) const INCOME: &[&str] = &[
    "务农、外出务工",
    "种植柑橘",
    "养殖生猪",
    "个体经营（小卖部）",
    "低保、养老金",
    "务农、零工",
    "茶叶种植",
];
const PLANNING: &[&str] = &["已落实", "独生子女户", "二孩家庭", "计生特扶户"];
const RELATIONS: &[&str] = &[
    "儿子在长沙务工",
    "女儿在县城工作",
    "亲属在广东务工",
    "与邻里关系和睦",
    "儿子在部队服役",
    "",
];

fn id_number(rng: &mut Rng, year: i32) -> IdNumber {
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let seq = 100 + rng.below(899);
    let first17 = format!("431122{year:04}{month:02}{day:02}{seq:03}");
    let check = IdNumber::check_char(first17.as_bytes()) as char;
    IdNumber::parse(&format!("{first17}{check}")).expect("generated ID numbers are valid")
}

fn households(cadre_phones: &[Phone]) -> Vec<NewHousehold> {
    let mut rng = Rng(0x5eed_2026_1127);
    let mut out = Vec::new();
    let mut n = 0usize;
    for (village, groups) in VILLAGES {
        for group in *groups {
            for _ in 0..6 {
                n += 1;
                let surname = *rng.pick(SURNAMES);
                let head_year = 1950 + rng.below(35) as i32;
                let head_name = format!("{surname}{}", rng.pick(GIVEN));
                let mut members = vec![NewMember {
                    name: format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
                    relation: "配偶".into(),
                    birth_year: Some(head_year + 2),
                    id_number: Some(id_number(&mut rng, head_year + 2)),
                }];
                for _ in 0..rng.below(3) {
                    let year = head_year + 22 + rng.below(8) as i32;
                    members.push(NewMember {
                        name: format!("{surname}{}", rng.pick(GIVEN)),
                        relation: "子女".into(),
                        birth_year: Some(year),
                        id_number: Some(id_number(&mut rng, year)),
                    });
                }
                let poor = n.is_multiple_of(6);
                let mut tags = Vec::new();
                let mut difficulties = Vec::new();
                if poor {
                    tags.push(Tag::Poor);
                    difficulties.push(*rng.pick(&Difficulty::ALL));
                    if n.is_multiple_of(12) {
                        difficulties.push(Difficulty::Medical);
                        difficulties.dedup();
                    }
                }
                if n.is_multiple_of(17) {
                    tags.push(Tag::Notable);
                }
                if n.is_multiple_of(19) {
                    tags.push(Tag::KeyPetitioner);
                }
                // Each village has its team: cadres take households round the villages.
                let mut cadres = vec![cadre_phones[n % cadre_phones.len()].clone()];
                if poor {
                    cadres.push(cadre_phones[(n + 3) % cadre_phones.len()].clone());
                }
                out.push(NewHousehold {
                    village: village.to_string(),
                    group: group.to_string(),
                    head_name,
                    head_id: Some(id_number(&mut rng, head_year)),
                    head_birth_year: None,
                    phone: Phone::parse(&format!("139{:08}", 7310000 + n * 37)).ok(),
                    population: members.len() as u32 + 1,
                    economy: if poor {
                        "困难".into()
                    } else {
                        rng.pick(ECONOMY).to_string()
                    },
                    income_sources: rng.pick(INCOME).to_string(),
                    family_planning: rng.pick(PLANNING).to_string(),
                    social_relations: rng.pick(RELATIONS).to_string(),
                    tags,
                    difficulties,
                    members,
                    cadre_phones: cadres,
                });
            }
        }
    }
    out
}

/// Seeds the demo bureau into an empty database; `households: false` leaves the register
/// (and the ledger and pairings that need it) empty.
pub async fn seed(config: &Config, if_empty: bool, households: bool) -> anyhow::Result<()> {
    config.ensure_demo_key()?;
    let state = offline_state(config).await?;
    let users = app::users::db::count(state.db.read()).await?;
    if users > 0 {
        if if_empty {
            println!("demo: the database already has accounts; nothing seeded");
            return Ok(());
        }
        anyhow::bail!(
            "the database already has accounts: demo data goes into an empty database only"
        );
    }
    let now = app::db::now();
    for (n, (village, groups)) in VILLAGES.iter().enumerate() {
        let id = match app::villages::db::insert_village(state.db.write(), village, TOWN, now).await
        {
            Ok(id) => id,
            // Two `demo --if-empty` at once (servers started together): the first village's
            // name is the claim; whoever loses it leaves the seeding to the other.
            Err(e) if n == 0 && if_empty && app::db::is_unique_violation(&e) => {
                println!("demo: another process is seeding this database; nothing seeded");
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        for g in *groups {
            app::villages::db::insert_group(state.db.write(), id, g, now).await?;
        }
    }
    for (phone, name, title, unit, role) in PEOPLE {
        let profile = Profile::parse(&ProfileForm {
            phone: phone.to_string(),
            name: name.to_string(),
            title: title.to_string(),
            unit: unit.to_string(),
            role: role.code().to_string(),
            post: String::new(),
            duties: duties_of(name).to_string(),
        })
        .map_err(|e| anyhow!("demo profile: {e:?}"))?;
        let pw = NewPassword::parse(DEMO_PASSWORD).map_err(|m| anyhow!("{m:?}"))?;
        app::users::api::create_account(&state, &profile, pw)
            .await
            .map_err(|e| anyhow!("creating demo account {phone}: {e:?}"))?;
    }
    let cadre_phones: Vec<Phone> = PEOPLE
        .iter()
        .filter(|p| p.4 == Role::Cadre)
        .filter_map(|p| Phone::parse(p.0).ok())
        .collect();
    let hs = if households {
        self::households(&cadre_phones)
    } else {
        Vec::new()
    };
    let count = hs.len();
    app::households::api::store_households(&state, hs)
        .await
        .map_err(|e| anyhow!("{e:?}"))
        .context("storing demo households")?;
    let cards = seed_cards(&state).await?;
    seed_structure(&state).await?;
    let (pairs, items) = if households {
        seed_ledger(&state).await?
    } else {
        (0, 0)
    };
    println!(
        "demo: seeded {} villages, {count} households, {} accounts, {cards} liaison cards, \
         {pairs} pairings, {items} ledger items",
        VILLAGES.len(),
        PEOPLE.len()
    );
    println!("demo logins (password for all: {DEMO_PASSWORD}):");
    for (phone, name, title, _, role) in PEOPLE {
        println!("  {phone}  {name}  {title}  ({})", role.code());
    }
    Ok(())
}

/// 岗位职责 as the demo's leaders and team leaders would print them on the card.
fn duties_of(name: &str) -> &'static str {
    match name {
        "唐志远" => "主持全面工作，联系民智村，结对帮扶困难户",
        "彭立新" => "分管“树根”工作法日常工作，兼领导小组办公室主任",
        "曾红梅" => "负责作风督查和纪律监督，受理对干部作风的意见",
        "李明" => "民智村工作队队长、第一书记，负责民情收集和信访接待",
        _ => "",
    }
}

/// The leading group, the three villages' liaison teams, the town's leadership and last
/// month's service days in 廖家村 (both held, nobody came on the second).
async fn seed_structure(state: &AppState) -> anyhow::Result<()> {
    use app::teams::model::{NewSeat, Part, Seat, TownLeader};
    use chrono::Datelike;
    let now = app::db::now();
    let since = chrono::NaiveDate::from_ymd_opt(2016, 3, 1).context("a date")?;
    let accounts = app::users::api::all(state)
        .await
        .map_err(|e| anyhow!("{e:?}"))?;
    let id_of = |name: &str| {
        let found = accounts.iter().find(|u| u.name == name).map(|u| u.id);
        let name = name.to_string();
        async move { found.with_context(|| format!("demo account {name}")) }
    };
    let mut tx = state.db.begin().await?;
    let seats = [
        ("唐志远", Seat::Head, "全面负责"),
        ("曾红梅", Seat::DeputyHead, "督查落实"),
        ("彭立新", Seat::DeputyHead, "分管日常工作"),
        ("彭立新", Seat::OfficeHead, "主持领导小组办公室"),
        ("张伟", Seat::Member, "项目股"),
        ("黄磊", Seat::Member, "信访股"),
        ("刘晓燕", Seat::Daily, "台账汇总、调度会准备"),
    ];
    for (name, seat, duties) in seats {
        let s = NewSeat {
            user: id_of(name).await?,
            seat,
            duties: duties.into(),
            started_on: since,
        };
        app::teams::db::seat(&mut tx, &s, now).await?;
    }
    let villages: Vec<(i64, String, bool)> = app::teams::db::villages(state.db.read()).await?;
    /// (name, part, 第一书记)
    type Member<'a> = (&'a str, Part, bool);
    let teams: [(&str, &[Member]); 3] = [
        (
            "民智村",
            &[("李明", Part::Captain, true), ("陈静", Part::Member, false)],
        ),
        (
            "廖家村",
            &[
                ("张伟", Part::Captain, false),
                ("王芳", Part::Member, false),
            ],
        ),
        (
            "桐子坳村",
            &[
                ("黄磊", Part::Captain, false),
                ("杨洋", Part::Member, false),
                ("吴倩", Part::Member, false),
            ],
        ),
    ];
    for (village, members) in teams {
        let Some((vid, _, _)) = villages.iter().find(|v| v.1 == village) else {
            continue;
        };
        for (name, part, fs) in members {
            let user = id_of(name).await?;
            app::teams::db::insert_place(&mut tx, *vid, user, *part, *fs, since, now).await?;
        }
    }
    tx.commit().await?;
    for (name, post, phone, duties) in [
        ("何建华", "党委书记", "13800000201", "主持镇党委全面工作"),
        (
            "罗志强",
            "镇长",
            "13800000202",
            "主持镇政府全面工作，分管民生事务",
        ),
        (
            "苏敏",
            "驻村联系领导",
            "13800000203",
            "联系民智村，协调化解矛盾纠纷",
        ),
    ] {
        let t = TownLeader {
            id: 0,
            town: TOWN.into(),
            name: name.into(),
            post: post.into(),
            phone: phone.into(),
            duties: duties.into(),
        };
        app::teams::db::insert_town_leader(state.db.write(), &t, now).await?;
    }
    // Last month's service days in 廖家村: the calendar shows a month done.
    let today = app::ui::time::today();
    let last_month = today
        .with_day(1)
        .and_then(|d| d.pred_opt())
        .context("a date")?;
    if let Some((vid, _, _)) = villages.iter().find(|v| v.1 == "廖家村") {
        let by = id_of("张伟").await?;
        for day in [6, 7] {
            let d = app::receptions::model::NewServiceDay {
                village_id: *vid,
                held_on: last_month.with_day(day).context("a date")?,
                place: "廖家村活动场所".into(),
                staff: "张伟、王芳".into(),
                note: String::new(),
            };
            app::receptions::db::insert_service_day(state.db.write(), &d, by, now).await?;
        }
    }
    Ok(())
}

/// The bureau's contact lines and a card for every demo cadre.
async fn seed_cards(state: &AppState) -> anyhow::Result<usize> {
    let contacts = app::cards::model::Contacts {
        bureau: "县自然资源局".into(),
        office_phone: "0731-8522 6001".into(),
        leader_name: "唐志远 局长".into(),
        leader_phone: "13800000010".into(),
        town: TOWN.into(),
        town_phone: "0731-8533 1002".into(),
        promise: "有求必应，件件有回音；复杂事项在每月调度会研究，办理结果及时回复。".into(),
        reply_days: app::cards::model::DEFAULT_REPLY_DAYS.to_string(),
        leadership: Vec::new(),
    };
    app::cards::db::set_contacts(state.db.write(), &contacts, app::db::now()).await?;
    let users = app::users::db::list(state.db.read()).await?;
    let mut n = 0;
    for (i, u) in users.iter().filter(|u| u.role == Role::Cadre).enumerate() {
        let (village, _) = VILLAGES[i % VILLAGES.len()];
        let duties = format!("联系{village}：政策宣传、民情收集、矛盾调解、民事代办");
        app::cards::api::issue(state, u.id, &duties, &contacts.promise)
            .await
            .map_err(|e| anyhow!("issuing a demo card: {e:?}"))?;
        n += 1;
    }
    Ok(n)
}

/// Pairings (one liaison cadre left short of the quota, as happens) and a ledger with work
/// in each state: assigned, overdue, due soon, a help plan, a visit's problem to assign.
async fn seed_ledger(state: &AppState) -> anyhow::Result<(usize, usize)> {
    use app::ledger::api::{create_in, new_id, ItemSource};
    use app::ledger::model::{Kind, NewItem, Source};
    let users = app::users::db::list(state.db.read()).await?;
    let id_of = |name: &str| {
        users
            .iter()
            .find(|u| u.name == name)
            .map(|u| u.id)
            .ok_or_else(|| anyhow!("demo user {name} missing"))
    };
    let poor = app::pairing::db::poor(state.db.read()).await?;
    let now = app::db::now();
    let today = app::ui::time::today();
    let days = |n: i64| today + chrono::Duration::days(n);
    let mut tx = state.db.begin().await?;
    // (who, index into the poor households)
    let pairs = [
        ("唐志远", 0),
        ("唐志远", 1),
        ("彭立新", 2),
        ("曾红梅", 3),
        ("李明", 4),
        ("王芳", 5),
        ("张伟", 6),
        ("陈静", 7),
        ("杨洋", 8),
        ("黄磊", 9),
        ("吴倩", 4),
    ];
    let mut paired = 0;
    for (who, i) in pairs {
        if let Some(h) = poor.get(i) {
            app::pairing::db::pair(&mut tx, id_of(who)?, h.0, now).await?;
            paired += 1;
        }
    }
    let village = app::villages::db::list(state.db.read())
        .await?
        .first()
        .map(|v| v.id);
    let household = |i: usize| poor.get(i).map(|h| h.0);
    let help_difficulty = poor
        .first()
        .and_then(|h| h.3.split(',').find_map(Difficulty::parse));
    // (kind, title, household, village, difficulty, owner, deadline in days, source)
    type Seed<'a> = (
        Kind,
        &'a str,
        Option<i64>,
        Option<i64>,
        Option<Difficulty>,
        Option<&'a str>,
        i64,
        Source,
    );
    let items: [Seed; 6] = [
        (
            Kind::Commitment,
            "修复三组至四组通组公路塌方路段",
            None,
            village,
            None,
            Some("李明"),
            20,
            Source::Direct,
        ),
        (
            Kind::Dispute,
            "两户宅基地边界纠纷调解",
            household(5),
            None,
            None,
            Some("王芳"),
            -3,
            Source::Direct,
        ),
        (
            Kind::Hazard,
            "二组山塘坝体渗水，汛前整治",
            None,
            village,
            None,
            Some("谭军"),
            2,
            Source::Direct,
        ),
        (
            Kind::ProxyService,
            "代办城乡居民医保异地报销",
            household(7),
            None,
            None,
            Some("陈静"),
            10,
            Source::Direct,
        ),
        (
            Kind::HelpPlan,
            "落实大病救助，协调县医院复诊",
            household(0),
            None,
            help_difficulty,
            Some("唐志远"),
            60,
            Source::Direct,
        ),
        (
            Kind::Petition,
            "反映低保评定不公开，要求复核",
            household(9),
            None,
            None,
            None,
            0,
            Source::Visit,
        ),
    ];
    let mut made = 0;
    for (kind, title, household_id, village_id, difficulty, owner, due, source) in items {
        let assign = match owner {
            Some(o) => Some((id_of(o)?, days(due))),
            None => None,
        };
        let item = NewItem {
            kind,
            title: title.into(),
            detail: String::new(),
            household_id,
            village_id,
            difficulty,
            assign,
        };
        let id = new_id();
        let from = ItemSource {
            source,
            // A visit's problem keeps the visit's id; the demo has no visit, so its own.
            source_id: (source == Source::Visit).then_some(id.as_str()),
        };
        let actor = id_of(owner.unwrap_or("黄磊"))?;
        create_in(&mut tx, actor, &id, &item, from, now)
            .await
            .map_err(|e| anyhow!("demo ledger item: {e:?}"))?;
        made += 1;
    }
    tx.commit().await?;
    Ok((paired, made))
}

//! Every server function, who may call it, and one well-formed call: the surface that the
//! role matrix and the fuzz test walk.
//!
//! `allowed` is what the code enforces today (the `require(&[Role::…])` at the top of each
//! body, plus any object-level check the sample arguments have to pass), not what the design
//! says. `Who::Cadre` is 李明 (13800000101): every sample that names a household, item or
//! record a cadre may only touch when it is theirs names one of 李明's. A `Who` missing from
//! `allowed` is answered 401 (anonymous) or 403 (signed in); the one exception is noted on
//! its entry.

/// Who calls. `Office` is `Role::Admin` (领导小组办公室, 13800000001), `Leader` 唐志远
/// (13800000010), `Cadre` 李明 (13800000101); `Anonymous` has no session cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Cadre,
    Leader,
    Office,
}

pub enum Body {
    /// form-url-encoded pairs; values may contain placeholders like "{household}"
    Form(&'static [(&'static str, &'static str)]),
    /// a JSON document (text), placeholders allowed
    Json(&'static str),
    /// multipart upload (households/import): the test builds it
    Multipart,
}

pub struct Endpoint {
    pub path: &'static str,      // e.g. "households/get" (no /api/ prefix)
    pub allowed: &'static [Who], // roles that pass the role check
    pub body: Body,              // a well-formed call that an allowed role can make
}

use Who::{Anonymous, Cadre, Leader, Office};

/// No check at all: signed out is fine.
const ANYONE: &[Who] = &[Anonymous, Cadre, Leader, Office];
/// `require(&[Admin, Leader, Cadre])` (the app's `EVERYONE`).
const SIGNED_IN: &[Who] = &[Cadre, Leader, Office];
/// `require(&[Admin])` (the app's `OFFICE`).
const OFFICE: &[Who] = &[Office];
/// `require(&[Admin, Leader])` (the app's `LEADERSHIP`; meetings' `RUNS`, summary's `READERS`).
const LEADERSHIP: &[Who] = &[Leader, Office];
/// The leading group's decisions (补助和奖励).
const LEADER: &[Who] = &[Leader];
/// `require(&[Admin, Cadre])`: households/reveal_id only.
const OFFICE_AND_CADRE: &[Who] = &[Cadre, Office];

/// Every server function, sorted by path.
///
/// # Fixed ids
///
/// `shugen demo` seeds an empty SQLite file in a fixed order with a fixed random seed, and
/// every table below has an `INTEGER PRIMARY KEY` that starts at 1, so these ids are the same
/// on every run (checked against a seeded database):
/// - users 1–13 in the order of `PEOPLE` in server/src/demo.rs: 1 周建国 (office,
///   13800000001), 3 唐志远 (leader, 13800000010), 6 李明 (13800000101), 7 王芳
///   (13800000102), 8 张伟 (13800000103), 9 陈静, 10 杨洋, 11 黄磊, 12 吴倩, 13 谭军;
/// - villages 1 民智村 (groups 一组–四组), 2 廖家村, 3 桐子坳村;
/// - households 1–60 in generation order; household n is assigned to cadre n mod 8 of the
///   eight cadres (李明 first), so 李明 has 8, 16, 24, 32, 40, 48, 56; every sixth household
///   (6, 12, …, 60) is poor; household 8's members are 27–30 (27 its head); household 50
///   (罗运来, 2 members) belongs to 张伟;
/// - cards 1–8 issued in users/list order (cadres by name): 1 吴倩, 2 张伟, 3 李明, 4 杨洋,
///   5 王芳, 6 谭军, 7 陈静, 8 黄磊;
/// - pairings 1–11 in the order of `seed_ledger`'s list: 5 is 李明's, 6 王芳's, 9 杨洋's
///   (household 12), 11 吴倩's (household 60); 谭军 (13) has none.
///
/// The samples leave 13800000001/010/101/102 alone: account changes go to 张伟 (8), card
/// changes to 杨洋, 陈静 and 黄磊, handovers from 吴倩 to 谭军, and no card of 李明 is
/// revoked.
///
/// # Placeholders
///
/// Ids made at runtime (UUIDs from `new_id()`, rows the demo does not seed) are placeholders:
/// `{item}`, `{feedback}`, `{feedback_new}`, `{meeting}`, `{reception}` and `{clash}`.
/// `matrix.rs` (`fill`) puts well-typed stand-ins in their place: every function checks the
/// role before it looks anything up, so a refused caller never reaches the lookup, and an
/// admitted one may get 404 or 422 but never 401 or 403. `{today}` is today's date in Beijing
/// (a reception may not be dated in the future).
///
/// # Order
///
/// Sent in this (alphabetical) order by allowed roles, with real ids in place of the
/// placeholders, the samples succeed: `households/assign` comes before the `households/unassign` that undoes
/// it, `pairing/end` and `pairing/pair` touch different pairings. A call that made something
/// may answer 404 or 422 when repeated (revoked twice, triaged twice, a step that is no longer
/// legal, a phone or village name taken), never 401 or 403.
///
/// Destructive for the caller, to run last or on a client of its own: `auth/logout` ends the
/// caller's session; `auth/logout_others` ends the caller's sessions on every other client
/// (harmful only if the test holds two clients of one account); `auth/login` signs the
/// calling client in as 张伟 (13800000103), replacing its session cookie. `users/reset_password`
/// ends 张伟's sessions (his password stays `shugen-demo`).
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "audit/recent",
        allowed: OFFICE,
        body: Body::Form(&[("limit", "5")]),
    },
    // Public: phone and password are all it checks (and the login throttle). Writes a session.
    Endpoint {
        path: "auth/login",
        allowed: ANYONE,
        body: Body::Form(&[("phone", "13800000103"), ("password", "shugen-demo")]),
    },
    // No check: signed out, it just clears the cookie. Destructive for the caller.
    Endpoint {
        path: "auth/logout",
        allowed: ANYONE,
        body: Body::Form(&[]),
    },
    // No role list, but it needs a session: 401 when signed out. Destructive for the caller.
    Endpoint {
        path: "auth/logout_others",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // No check: signed out answers 200 with `null`.
    Endpoint {
        path: "auth/me",
        allowed: ANYONE,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "cards/contacts",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    // A second card for 杨洋 (10).
    Endpoint {
        path: "cards/issue",
        allowed: OFFICE,
        body: Body::Form(&[
            ("cadre", "10"),
            ("duties", "联系民智村：政策宣传、民情收集"),
            ("promise", ""),
        ]),
    },
    Endpoint {
        path: "cards/list",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "cards/printed",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    // 陈静's card 7: revoked and a new one issued; 404 when repeated.
    Endpoint {
        path: "cards/reissue",
        allowed: OFFICE,
        body: Body::Form(&[("id", "7")]),
    },
    // 黄磊's card 8; 404 when repeated.
    Endpoint {
        path: "cards/revoke",
        allowed: OFFICE,
        body: Body::Form(&[("id", "8")]),
    },
    // The demo's own contact lines written back.
    Endpoint {
        path: "cards/save_contacts",
        allowed: OFFICE,
        body: Body::Form(&[
            ("form[bureau]", "县自然资源局"),
            ("form[office_phone]", "0731-8522 6001"),
            ("form[leader_name]", "唐志远 局长"),
            ("form[leader_phone]", "13800000010"),
            ("form[town]", "石门镇"),
            ("form[town_phone]", "0731-8533 1002"),
            (
                "form[promise]",
                "有求必应，件件有回音：一般事项3个工作日内答复，复杂事项7个工作日内答复。",
            ),
        ]),
    },
    Endpoint {
        path: "cards/sheet",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    // 吴倩's cards to 谭军 (none left to move once users/handover has run: answers 0).
    Endpoint {
        path: "cards/transfer",
        allowed: OFFICE,
        body: Body::Form(&[("from", "12"), ("to", "13")]),
    },
    // 杨洋's card 4.
    Endpoint {
        path: "cards/update",
        allowed: OFFICE,
        body: Body::Form(&[
            ("id", "4"),
            (
                "duties",
                "联系廖家村：政策宣传、民情收集、矛盾调解、民事代办",
            ),
            ("promise", "有求必应，件件有回音。"),
        ]),
    },
    // The four helps (issue 18): the office and leaders every village, a cadre the villages
    // whose team they are on (李明: 民智村, village 1). Project 1 is the one project_add made.
    Endpoint {
        path: "economy/income",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("income[village]", "1"),
            ("income[year]", "2025"),
            ("income[income]", "3.2万"),
        ]),
    },
    Endpoint {
        path: "economy/plan",
        allowed: SIGNED_IN,
        body: Body::Form(&[("plan[village]", "1"), ("plan[goal]", "建成茶叶专业村")]),
    },
    Endpoint {
        path: "economy/project_add",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("project[village]", "1"),
            ("project[name]", "村道硬化"),
            ("project[funder]", "县交通运输局"),
            ("project[status]", "applied"),
            ("project[applied]", "50万"),
        ]),
    },
    Endpoint {
        path: "economy/project_update",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("id", "1"),
            ("project[village]", "1"),
            ("project[name]", "村道硬化"),
            ("project[funder]", "县交通运输局"),
            ("project[status]", "approved"),
            ("project[approved_on]", "{today}"),
            ("project[approved]", "30万"),
        ]),
    },
    Endpoint {
        path: "economy/village",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1")]),
    },
    Endpoint {
        path: "environment/crew",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("village", "1"),
            ("body", "廖大姐\n王二哥"),
            ("routine", "每周二、五清扫主干道"),
            ("since", "{today}"),
        ]),
    },
    // Household 8 is 李明's.
    Endpoint {
        path: "environment/house_work",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("work[household]", "8"),
            ("work[kind]", "toilet"),
            ("work[status]", "done"),
            ("work[done_on]", "{today}"),
        ]),
    },
    Endpoint {
        path: "environment/house_works",
        allowed: SIGNED_IN,
        body: Body::Form(&[("household", "8")]),
    },
    Endpoint {
        path: "environment/milestone_add",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("milestone[village]", "1"),
            ("milestone[category]", "greening"),
            ("milestone[title]", "村口绿化"),
            ("milestone[due_on]", "2028-06-30"),
        ]),
    },
    // Milestone 1 is 李明's call above; done once (李明 first), then 404 for the office.
    Endpoint {
        path: "environment/milestone_done",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "1"), ("done_on", "{today}")]),
    },
    Endpoint {
        path: "environment/rules",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("village", "1"),
            ("body", "第一条 爱护环境"),
            ("since", "{today}"),
        ]),
    },
    Endpoint {
        path: "environment/village",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1")]),
    },
    // Object level: a cadre reads feedback whose cadre is them (and not a conduct complaint
    // about them), else 404; a leader all but conduct complaints about them.
    Endpoint {
        path: "feedback/get",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "{feedback}")]),
    },
    // Everyone signed in; a cadre's inbox is scoped to their own feedback.
    Endpoint {
        path: "feedback/list",
        allowed: SIGNED_IN,
        body: Body::Form(&[("status", "")]),
    },
    Endpoint {
        path: "feedback/reply",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("id", "{feedback}"),
            ("status", "in_progress"),
            ("body", "已转交村委会，本周内答复"),
            ("public", "on"),
        ]),
    },
    // Everyone signed in; counted in the caller's own scope.
    Endpoint {
        path: "feedback/waiting",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // 杨洋 (10) joins 张伟 on household 10; households/unassign removes him again.
    Endpoint {
        path: "households/assign",
        allowed: OFFICE,
        body: Body::Form(&[("household", "10"), ("cadre", "10")]),
    },
    Endpoint {
        path: "households/clashes",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "households/clashes/count",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    // 404 when repeated.
    Endpoint {
        path: "households/clashes/resolve",
        allowed: OFFICE,
        body: Body::Form(&[("id", "{clash}"), ("choice", "kept")]),
    },
    // Everyone signed in; a cadre counts their own.
    Endpoint {
        path: "households/count",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Object level: a cadre gets 403 for a household not assigned to them; 8 is 李明's.
    Endpoint {
        path: "households/get",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "8")]),
    },
    // Multipart: a field `file` (a .csv or .xlsx sheet with its file name, see
    // households.rs's csv_form) and a field `commit` ("1" imports; anything else previews).
    // Only an import with commit=1 and no row errors writes; send a preview.
    Endpoint {
        path: "households/import",
        allowed: OFFICE,
        body: Body::Multipart,
    },
    // Everyone signed in; a cadre lists their own.
    Endpoint {
        path: "households/list",
        allowed: SIGNED_IN,
        body: Body::Form(&[("q", ""), ("village", ""), ("tag", ""), ("page", "1")]),
    },
    // New (uncommitted in app/src when this table was written). `require(&[Admin, Cadre])`:
    // leaders get 403. Object level: a cadre only for members of their households (403
    // otherwise); the caller's own password, wrong ones counting towards the login lockout.
    // Member 27 is the head of 李明's household 8. Reveals a full ID number; audited.
    Endpoint {
        path: "households/reveal_id",
        allowed: OFFICE_AND_CADRE,
        body: Body::Form(&[("member", "27"), ("password", "shugen-demo")]),
    },
    Endpoint {
        path: "households/unassign",
        allowed: OFFICE,
        body: Body::Form(&[("household", "10"), ("cadre", "10")]),
    },
    // Household 50's demo facts written back unchanged (no tags, no difficulties).
    Endpoint {
        path: "households/update",
        allowed: OFFICE,
        body: Body::Form(&[
            ("id", "50"),
            ("form[head_name]", "罗运来"),
            ("form[phone]", "13907311850"),
            ("form[population]", "2"),
            ("form[economy]", "困难"),
            ("form[income_sources]", "务农、外出务工"),
            ("form[family_planning]", "已落实"),
            ("form[social_relations]", "与邻里关系和睦"),
        ]),
    },
    Endpoint {
        path: "ledger/counts",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Object level: a cadre must own the item (owner = themselves, else 403) with a deadline,
    // on a household of theirs (else 422). Owner 6 is 李明, household 8 his.
    Endpoint {
        path: "ledger/create",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("form[kind]", "proxy_service"),
            ("form[title]", "代办新农合参保登记"),
            ("form[detail]", "户主委托代办"),
            ("form[household]", "8"),
            ("form[owner]", "6"),
            ("form[deadline]", "2099-12-31"),
        ]),
    },
    // Object level: a cadre sees items they own or raised, else 404. {item} is 李明's.
    Endpoint {
        path: "ledger/get",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "{item}")]),
    },
    Endpoint {
        path: "ledger/list",
        allowed: SIGNED_IN,
        body: Body::Form(&[("view", "all")]),
    },
    // Object level: the owner, the office or a leader (404 / 403 for other cadres).
    Endpoint {
        path: "ledger/note",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "{item}"), ("note", "已电话联系村委会")]),
    },
    Endpoint {
        path: "ledger/people",
        allowed: LEADERSHIP,
        body: Body::Form(&[]),
    },
    // JSON. Object level as ledger/note; a photo never uploaded answers 422 to who may.
    Endpoint {
        path: "ledger/photos",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"id": "{item}", "note": "", "photos": [{"id": "01936f0e-7000-7b3c-8d4e-000000000998",
                "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 10}]}"#,
        ),
    },
    // Object level as ledger/note. assigned → in_progress: a second start answers 422.
    Endpoint {
        path: "ledger/step",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("id", "{item}"),
            ("form[step]", "start"),
            ("form[note]", "开始办理"),
        ]),
    },
    Endpoint {
        path: "meetings/agenda",
        allowed: LEADERSHIP,
        body: Body::Form(&[("id", "{meeting}")]),
    },
    Endpoint {
        path: "meetings/create",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("form[held_on]", "2026-11-20"),
            ("form[title]", "11月调度会"),
            ("form[attendees]", "唐志远、彭立新、周建国"),
        ]),
    },
    // Words only (no owner, no deadline): a "meeting" line in {item}'s log.
    Endpoint {
        path: "meetings/decide",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("meeting", "{meeting}"),
            ("form[item]", "{item}"),
            ("form[decision]", "加快进度，月底前完成"),
        ]),
    },
    Endpoint {
        path: "meetings/list",
        allowed: LEADERSHIP,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "meetings/minutes",
        allowed: LEADERSHIP,
        body: Body::Form(&[("id", "{meeting}")]),
    },
    // To 李明 (6); 422 (already triaged) when repeated.
    Endpoint {
        path: "meetings/triage",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("meeting", "{meeting}"),
            ("form[feedback]", "{feedback_new}"),
            ("form[category]", "construction"),
            ("form[kind]", "proxy_service"),
            ("form[owner]", "6"),
            ("form[deadline]", "2099-12-31"),
            ("form[decision]", "由李明联系供电所修复"),
        ]),
    },
    // Everyone signed in: their own due items (the bureau's and villages' for leadership).
    Endpoint {
        path: "obligations/due",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "obligations/grid",
        allowed: LEADERSHIP,
        body: Body::Form(&[("months", "2")]),
    },
    Endpoint {
        path: "obligations/rules",
        allowed: LEADERSHIP,
        body: Body::Form(&[]),
    },
    // A new version of the coverage rule from this month; repeatable.
    Endpoint {
        path: "obligations/update",
        allowed: OFFICE,
        body: Body::Form(&[
            ("form[code]", "monthly_coverage"),
            ("form[title]", "每月走访全部联系户"),
            ("form[window_from]", "1"),
            ("form[window_to]", "31"),
            ("form[due_day]", "31"),
            ("form[min_count]", "1"),
            ("form[active]", "on"),
        ]),
    },
    // Appraisal 1, decision 1 and committee member 1 are the ones the calls before made.
    Endpoint {
        path: "organisation/appraisal",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("appraisal[village]", "1"),
            ("appraisal[held_on]", "{today}"),
            ("appraisal[excellent]", "5"),
            ("appraisal[qualified]", "18"),
            ("appraisal[basic]", "1"),
            ("appraisal[unqualified]", "0"),
        ]),
    },
    Endpoint {
        path: "organisation/appraisal_publish",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "1"), ("published_on", "{today}")]),
    },
    Endpoint {
        path: "organisation/committee_add",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("member[village]", "1"),
            ("member[name]", "廖德明"),
            ("member[post]", "secretary"),
            ("member[started_on]", "{today}"),
        ]),
    },
    Endpoint {
        path: "organisation/committee_end",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "1"), ("reason", "换届")]),
    },
    Endpoint {
        path: "organisation/decision_open",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1"), ("title", "村道硬化筹资方案")]),
    },
    Endpoint {
        path: "organisation/decision_step",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("decision", "1"),
            ("step", "propose"),
            ("done_on", "{today}"),
        ]),
    },
    Endpoint {
        path: "organisation/venue",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1"), ("condition", "两间平房，漏雨")]),
    },
    Endpoint {
        path: "organisation/venue_fund",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("fund[village]", "1"),
            ("fund[source]", "department"),
            ("fund[amount]", "8.5万"),
            ("fund[received_on]", "{today}"),
        ]),
    },
    Endpoint {
        path: "organisation/venue_note",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("village", "1"),
            ("noted_on", "{today}"),
            ("note", "屋顶翻修完工"),
        ]),
    },
    Endpoint {
        path: "organisation/village",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1")]),
    },
    Endpoint {
        path: "organisation/villages",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Pairing 9 is 杨洋's (household 12); 404 when repeated.
    Endpoint {
        path: "pairing/end",
        allowed: OFFICE,
        body: Body::Form(&[("id", "9")]),
    },
    // 谭军 (13) with poor household 6; 422 (already paired) when repeated.
    Endpoint {
        path: "pairing/pair",
        allowed: OFFICE,
        body: Body::Form(&[("cadre", "13"), ("household", "6")]),
    },
    // Everyone signed in; a cadre sees their own pairs and quota line only.
    Endpoint {
        path: "pairing/view",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // A photo nobody uploaded: 404 for the office.
    Endpoint {
        path: "photos/choose",
        allowed: OFFICE,
        body: Body::Form(&[
            ("id", "01936f0e-7000-7b3c-8d4e-000000000999"),
            ("chosen", "true"),
        ]),
    },
    // 民智村 (1): 李明 is on its team.
    Endpoint {
        path: "photos/village",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1")]),
    },
    Endpoint {
        path: "receptions/create",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("form[held_on]", "{today}"),
            ("form[visitor_name]", "廖德明"),
            ("form[village]", "民智村"),
            ("form[category]", "relief"),
            ("form[matter]", "咨询临时救助政策"),
            ("form[action]", "当场解释政策"),
        ]),
    },
    // Everyone signed in; a cadre lists their own.
    Endpoint {
        path: "receptions/list",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Everyone signed in: 民智村 (1) today, nobody came; a repeat answers the same day.
    Endpoint {
        path: "receptions/service_day",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("day[village]", "1"),
            ("day[held_on]", "{today}"),
            ("day[place]", "村活动场所"),
            ("day[staff]", "李明"),
        ]),
    },
    Endpoint {
        path: "receptions/service_days",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Object level: a cadre only their own reception (else 404); {reception} is 李明's. A
    // second call finds the item the first made.
    Endpoint {
        path: "receptions/to_ledger",
        allowed: SIGNED_IN,
        body: Body::Form(&[("id", "{reception}"), ("kind", "petition")]),
    },
    // A result for 民智村 (1); repeatable (each is a new record).
    Endpoint {
        path: "results/add",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("form[village]", "1"),
            ("form[area]", "living"),
            ("form[highlight]", "主干道安装路灯40盏"),
            ("form[achieved_on]", "{today}"),
        ]),
    },
    // The leading group's decision on 李明's (6) year: a leader only; repeatable.
    Endpoint {
        path: "results/decide",
        allowed: LEADER,
        body: Body::Form(&[
            ("user", "6"),
            ("year", "2026"),
            ("decision", "reward"),
            ("reason", "全年走访全覆盖"),
        ]),
    },
    Endpoint {
        path: "results/view",
        allowed: LEADERSHIP,
        body: Body::Form(&[]),
    },
    // The sample round does not exist: the office and leaders get 422, and a cadre the 403
    // a round of a village they do not serve gets (ids elsewhere cannot be probed).
    Endpoint {
        path: "safety/finding_ledger",
        allowed: LEADERSHIP,
        body: Body::Form(&[
            ("round", "01936f0e-0f00-7b3c-8d4e-000000000399"),
            ("n", "1"),
        ]),
    },
    Endpoint {
        path: "safety/village",
        allowed: SIGNED_IN,
        body: Body::Form(&[("village", "1")]),
    },
    Endpoint {
        path: "servicepack/material_save",
        allowed: OFFICE,
        body: Body::Form(&[
            ("material[kind]", "law"),
            ("material[title]", "人民调解法要点"),
            ("material[body]", "矛盾纠纷可申请人民调解。"),
            ("material[active]", "on"),
        ]),
    },
    Endpoint {
        path: "servicepack/materials",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "servicepack/purchases",
        allowed: SIGNED_IN,
        body: Body::Form(&[("household", "8")]),
    },
    Endpoint {
        path: "summary/figures",
        allowed: LEADERSHIP,
        body: Body::Form(&[("month", ""), ("village", "")]),
    },
    Endpoint {
        path: "summary/page",
        allowed: LEADERSHIP,
        body: Body::Form(&[("month", ""), ("village", ""), ("lang", "zh")]),
    },
    Endpoint {
        path: "summary/report",
        allowed: LEADERSHIP,
        body: Body::Form(&[("month", ""), ("village", ""), ("lang", "zh")]),
    },
    // JSON, as sync/feedback: everyone signed in passes; a village the caller does not
    // serve is rejected inside a 200 (李明 serves village 1).
    Endpoint {
        path: "sync/branch-meetings",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000301", "village_id": 1,
                 "kind": "committee", "held_on": "{today}", "place": "村部",
                 "topic": "研究发展党员", "present": 5, "absent": 0}
            ]}}"#,
        ),
    },
    Endpoint {
        path: "sync/cleanups",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000304", "village_id": 1,
                 "held_on": "{today}", "area": "村主干道", "militia": 12, "villagers": 30,
                 "work": "清理垃圾"}
            ]}}"#,
        ),
    },
    // JSON. Everyone signed in passes; per record, a household not assigned to the caller is
    // rejected inside a 200. Household 8 is 李明's, so only his call stores the two records
    // ({feedback}, {feedback_new}); a repeat answers Duplicate.
    Endpoint {
        path: "sync/feedback",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000001", "category": "construction",
                 "content": "三组水渠堵塞，雨天漫进农田", "name": "廖秋菊", "channel": "cadre",
                 "household_id": 8, "submitted_at": "2026-11-20T10:00:00+08:00"},
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000002", "category": "construction",
                 "content": "村口路灯坏了半个月，晚上出行不便", "name": "廖秋菊",
                 "channel": "cadre", "household_id": 8,
                 "submitted_at": "2026-11-20T10:05:00+08:00"}
            ]}}"#,
        ),
    },
    // No `waiting`: a read. With `waiting=<n>` it records the phone's sync (a write).
    Endpoint {
        path: "sync/pack",
        allowed: SIGNED_IN,
        body: Body::Form(&[("device", "surface")]),
    },
    Endpoint {
        path: "sync/publicity",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000305", "village_id": 1,
                 "held_on": "{today}", "topic": "fire", "place": "村部", "audience": 40}
            ]}}"#,
        ),
    },
    // The purchase is 李明's household 8's; its update comes first (alphabetically) and is
    // refused inside a 200 until the purchase exists.
    Endpoint {
        path: "sync/purchase-updates",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000307",
                 "purchase_id": "01936f0e-0f00-7b3c-8d4e-000000000306", "household_id": 8,
                 "on": "{today}", "delivered": true, "actual": "35.50", "paid_by": "cadre"}
            ]}}"#,
        ),
    },
    Endpoint {
        path: "sync/purchases",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000306", "household_id": 8,
                 "asked_on": "{today}", "item": "农药", "quantity": "2瓶", "estimate": "35"}
            ]}}"#,
        ),
    },
    Endpoint {
        path: "sync/report-trips",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000302", "village_id": 1,
                 "trip_on": "{today}", "level": "county", "department": "县发改局",
                 "outcome": "纳入项目库"}
            ]}}"#,
        ),
    },
    Endpoint {
        path: "sync/screenings",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000308", "village_id": 1,
                 "held_on": "{today}", "kind": "both", "team": "李明", "places": "一组",
                 "findings": [{"kind": "hazard", "detail": "电线老化"}]}
            ]}}"#,
        ),
    },
    Endpoint {
        path: "sync/trainings",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 1, "device": "surface", "items": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000303", "village_id": 1,
                 "held_on": "{today}", "topic": "村务公开", "attendees": "两委成员",
                 "headcount": 7}
            ]}}"#,
        ),
    },
    // JSON, as sync/feedback: only 李明's call stores the visit (household 8 is his).
    Endpoint {
        path: "sync/visits",
        allowed: SIGNED_IN,
        body: Body::Json(
            r#"{"batch": {"schema": 2, "device": "surface", "visits": [
                {"id": "01936f0e-0f00-7b3c-8d4e-000000000101", "household_id": 8,
                 "visited_at": "2026-11-20T09:30:00+08:00", "method": "home",
                 "content": "入户走访，了解春耕备耕情况"}
            ]}}"#,
        ),
    },
    // 陈静 (9) captains 桐子坳村 (3) as its 第一书记 (黄磊, its captain, steps down from it
    // if he held it); repeatable.
    Endpoint {
        path: "teams/join",
        allowed: OFFICE,
        body: Body::Form(&[
            ("form[village]", "3"),
            ("form[user]", "9"),
            ("form[part]", "captain"),
            ("form[first_secretary]", "on"),
            ("form[started_on]", "{today}"),
        ]),
    },
    // The demo's place 7 is 吴倩's in 桐子坳村; 404 when repeated (already ended), 422 once
    // the village is under rectification and the caller is the office.
    Endpoint {
        path: "teams/leave",
        allowed: LEADERSHIP,
        body: Body::Form(&[("id", "7"), ("reason", "调往廖家村")]),
    },
    // 张伟 (8) as a member of the leading group with new duties; repeatable.
    Endpoint {
        path: "teams/seat",
        allowed: OFFICE,
        body: Body::Form(&[
            ("form[user]", "8"),
            ("form[seat]", "member"),
            ("form[duties]", "项目股，跑项争资"),
            ("form[started_on]", "{today}"),
        ]),
    },
    Endpoint {
        path: "teams/town_add",
        allowed: OFFICE,
        body: Body::Form(&[
            ("form[town]", "石门镇"),
            ("form[name]", "周海"),
            ("form[post]", "副镇长"),
            ("form[phone]", "13800000204"),
        ]),
    },
    // The demo's town leader 3; 404 when repeated.
    Endpoint {
        path: "teams/town_remove",
        allowed: OFFICE,
        body: Body::Form(&[("id", "3")]),
    },
    // The demo's seat 7 (刘晓燕, daily work); 404 when repeated.
    Endpoint {
        path: "teams/unseat",
        allowed: OFFICE,
        body: Body::Form(&[("id", "7")]),
    },
    Endpoint {
        path: "teams/view",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // Everyone signed in, for their own account; 422 here (the two new ones differ), so
    // no password changes in the matrix.
    Endpoint {
        path: "users/change_password",
        allowed: SIGNED_IN,
        body: Body::Form(&[
            ("current", "shugen-demo"),
            ("new", "another-pass-2026"),
            ("again", "another-pass-2027"),
        ]),
    },
    // 422 (phone taken) when repeated.
    Endpoint {
        path: "users/create",
        allowed: OFFICE,
        body: Body::Form(&[
            ("phone", "13900009999"),
            ("name", "测试干部"),
            ("title", "联村工作队员"),
            ("unit", "规划股"),
            ("role", "cadre"),
            ("password", "surface-password"),
        ]),
    },
    Endpoint {
        path: "users/get",
        allowed: OFFICE,
        body: Body::Form(&[("id", "6")]),
    },
    // 吴倩 (12) leaves: her households, open items, pairing 11 and card go to 谭军 (13).
    Endpoint {
        path: "users/handover",
        allowed: OFFICE,
        body: Body::Form(&[("from", "12"), ("to", "13")]),
    },
    Endpoint {
        path: "users/list",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    // 张伟 (8), to the demo password he already has; ends his sessions.
    Endpoint {
        path: "users/reset_password",
        allowed: OFFICE,
        body: Body::Form(&[("id", "8"), ("password", "shugen-demo")]),
    },
    // 张伟 (8) set active, as he is.
    Endpoint {
        path: "users/set_active",
        allowed: OFFICE,
        body: Body::Form(&[("id", "8"), ("active", "true")]),
    },
    // 张伟 (8)'s demo profile written back unchanged.
    Endpoint {
        path: "users/update",
        allowed: OFFICE,
        body: Body::Form(&[
            ("id", "8"),
            ("phone", "13800000103"),
            ("name", "张伟"),
            ("title", "股室负责人"),
            ("unit", "项目股"),
            ("role", "cadre"),
        ]),
    },
    // 422 (name taken) when repeated.
    Endpoint {
        path: "villages/add",
        allowed: OFFICE,
        body: Body::Form(&[("name", "新民村"), ("town", "石门镇")]),
    },
    // A fifth group in 民智村 (1); 422 when repeated.
    Endpoint {
        path: "villages/add_group",
        allowed: OFFICE,
        body: Body::Form(&[("village", "1"), ("name", "五组")]),
    },
    Endpoint {
        path: "villages/list",
        allowed: SIGNED_IN,
        body: Body::Form(&[]),
    },
    // 桐子坳村 (3) under rectification (the office or a leader; only a leader ends it);
    // repeatable.
    Endpoint {
        path: "villages/rectifying",
        allowed: LEADERSHIP,
        body: Body::Form(&[("village", "3"), ("on", "true")]),
    },
    // Any record id; 0 when none wait.
    // The office only: both versions of visits sent twice with different words.
    Endpoint {
        path: "visits/conflict_list",
        allowed: OFFICE,
        body: Body::Form(&[]),
    },
    Endpoint {
        path: "visits/conflicts",
        allowed: OFFICE,
        body: Body::Form(&[("id", "01936f0e-0f00-7b3c-8d4e-000000000101")]),
    },
    // Object level: a cadre gets 403 for a household not assigned to them; 8 is 李明's.
    Endpoint {
        path: "visits/for_household",
        allowed: SIGNED_IN,
        body: Body::Form(&[("household", "8")]),
    },
];

/// Every placeholder the bodies use; each is described on `ENDPOINTS`.
const PLACEHOLDERS: &[&str] = &[
    "{today}",
    "{item}",
    "{feedback}",
    "{feedback_new}",
    "{meeting}",
    "{reception}",
    "{clash}",
];

/// The `{name}` placeholders in a text.
fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(len) = after.find('}') else { break };
        let name = &after[..len];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.push(&rest[start..start + len + 2]);
        }
        rest = after;
    }
    out
}

/// The `endpoint = "…"` of every `#[server(…)]` under app/src.
fn declared_endpoints() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("reading app/src") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("reading a source file");
                for line in text
                    .lines()
                    .filter(|l| l.trim_start().starts_with("#[server("))
                {
                    let Some(at) = line.find("endpoint") else {
                        continue;
                    };
                    let value = line[at + "endpoint".len()..]
                        .trim_start()
                        .trim_start_matches('=')
                        .trim_start();
                    if let Some(quoted) = value.strip_prefix('"') {
                        if let Some(end) = quoted.find('"') {
                            out.push(quoted[..end].to_string());
                        }
                    }
                }
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut out = Vec::new();
    walk(&src, &mut out);
    out.sort();
    out
}

#[test]
fn the_surface_lists_every_server_function_once_in_order() {
    let paths: Vec<&str> = ENDPOINTS.iter().map(|e| e.path).collect();
    for pair in paths.windows(2) {
        assert!(pair[0] < pair[1], "not sorted or repeated: {pair:?}");
    }
    assert_eq!(
        paths,
        declared_endpoints(),
        "ENDPOINTS and the #[server] functions in app/src differ"
    );
    for e in ENDPOINTS {
        assert!(!e.allowed.is_empty(), "{}: nobody may call it", e.path);
        assert!(!e.path.starts_with('/'), "{}", e.path);
        let texts: Vec<&str> = match &e.body {
            Body::Form(pairs) => pairs.iter().flat_map(|(k, v)| [*k, *v]).collect(),
            Body::Json(text) => vec![*text],
            Body::Multipart => Vec::new(),
        };
        for text in texts {
            for p in placeholders(text) {
                assert!(PLACEHOLDERS.contains(&p), "{}: undocumented {p}", e.path);
            }
        }
    }
}

//! The summary page and the monthly report as HTML, built on the server from the figures.
//! Their words live here, not in the app's catalogue: they never need to be in the phones'
//! WASM.
use super::chart::{self, Bar};
use super::model::*;
use crate::feedback::model::Status;
use crate::i18n::{Locale, Msg};
use crate::ui::esc;
use std::fmt::Write;

fn tx(l: Locale, zh: &'static str, en: &'static str) -> &'static str {
    match l {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

fn pct(c: &Coverage) -> String {
    c.percent().map_or_else(|| "—".into(), |p| format!("{p}%"))
}

fn days(d: f64) -> String {
    format!("{d:.1}")
}

/// A table: a caption, the header row and rows of cells (already escaped).
fn table(caption: &str, head: &[&str], rows: &[Vec<String>], testid: &str) -> String {
    // A column of figures aligns right, head included; words stay left.
    let figure = |c: &str| {
        !c.is_empty()
            && c.chars()
                .all(|ch| ch.is_ascii_digit() || "%.-—".contains(ch))
    };
    let numeric: Vec<bool> = (0..head.len())
        .map(|i| !rows.is_empty() && rows.iter().all(|r| r.get(i).is_some_and(|c| figure(c))))
        .collect();
    let class = |i: usize| if numeric[i] { r#" class="n""# } else { "" };
    let mut s = format!(
        r#"<table class="table numbers" data-testid="{testid}"><caption>{}</caption><thead><tr>"#,
        esc(caption)
    );
    for (i, h) in head.iter().enumerate() {
        let _ = write!(s, "<th{}>{}</th>", class(i), esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(s, "<td{}>{c}</td>", class(i.min(head.len() - 1)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

/// A chart with its numbers: on the page the table folds away under "数据表"; the report
/// opens every table.
fn figure(svg: String, table: String, l: Locale) -> String {
    format!(
        r#"<figure class="chart-box"><div class="charts">{svg}</div><details class="numbers-box"><summary>{}</summary>{table}</details></figure>"#,
        tx(l, "数据表", "Numbers")
    )
}

fn coverage_rows(rows: &[Coverage]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|c| {
            vec![
                esc(&c.name),
                c.assigned.to_string(),
                c.visited.to_string(),
                pct(c),
                c.visits.to_string(),
            ]
        })
        .collect()
}

fn coverage_bars(rows: &[Coverage]) -> Vec<Bar> {
    rows.iter()
        .map(|c| Bar {
            label: c.name.clone(),
            value: c.percent().unwrap_or(0) as f64,
            text: pct(c),
        })
        .collect()
}

fn scope_line(s: &Summary, l: Locale) -> String {
    let zh = l == Locale::Zh;
    format!(
        "{} · {} · {}{}",
        s.filter.month.label(zh),
        s.village_name
            .as_deref()
            .unwrap_or(tx(l, "全部村", "All villages")),
        tx(l, "统计时间 ", "as of "),
        crate::ui::time::minute(s.generated_at)
    )
}

fn tiles(s: &Summary, l: Locale) -> String {
    let c = s.coverage();
    let tiles = [
        (
            pct(&c),
            tx(l, "走访覆盖率", "Households visited"),
            "coverage",
            false,
        ),
        (
            s.feedback_total().to_string(),
            tx(l, "本月群众反馈", "Feedback this month"),
            "feedback",
            false,
        ),
        (
            s.overdue_total().to_string(),
            tx(l, "逾期事项", "Overdue items"),
            "overdue",
            s.overdue_total() > 0,
        ),
        (
            s.short().len().to_string(),
            tx(l, "结对未达标人数", "Short of pairing quota"),
            "short",
            !s.short().is_empty(),
        ),
        (
            s.waiting_total().to_string(),
            tx(l, "手机上未上传", "Still on phones"),
            "waiting",
            s.waiting_total() > 0,
        ),
    ];
    let mut out = String::from(r#"<div class="stats">"#);
    for (value, label, id, alarm) in tiles {
        let _ = write!(
            out,
            r#"<div class="stat{}" data-testid="tile-{id}"><strong>{value}</strong><span>{label}</span></div>"#,
            if alarm { " alarm" } else { "" }
        );
    }
    out.push_str("</div>");
    out
}

fn coverage_section(s: &Summary, l: Locale) -> String {
    let head = [
        tx(l, "名称", "Name"),
        tx(l, "户数", "Households"),
        tx(l, "已访户", "Visited"),
        tx(l, "覆盖率", "Coverage"),
        tx(l, "走访次", "Visits"),
    ];
    let by_village = figure(
        chart::hbars(
            tx(l, "各村走访覆盖率", "Coverage by village"),
            &coverage_bars(&s.by_village),
            100.0,
            chart::COLOURS[0],
        ),
        table(
            tx(l, "各村走访覆盖", "Coverage by village"),
            &head,
            &coverage_rows(&s.by_village),
            "coverage-villages",
        ),
        l,
    );
    let by_cadre = figure(
        chart::hbars(
            tx(l, "各干部走访覆盖率", "Coverage by cadre"),
            &coverage_bars(&s.by_cadre),
            100.0,
            chart::COLOURS[1],
        ),
        table(
            tx(
                l,
                "各干部走访覆盖（本人联系户）",
                "Coverage by cadre (own households)",
            ),
            &head,
            &coverage_rows(&s.by_cadre),
            "coverage-cadres",
        ),
        l,
    );
    let idle = if s.idle.is_empty() {
        format!(
            r#"<p class="banner ok" data-testid="idle">{}</p>"#,
            tx(
                l,
                "本月每位干部都有走访记录。",
                "Every cadre has visited this month."
            )
        )
    } else {
        format!(
            r#"<p class="banner error" data-testid="idle">{}{}</p>"#,
            tx(l, "本月无走访记录：", "No visit this month: "),
            esc(&s.idle.join("、"))
        )
    };
    format!(
        r#"<section class="card" id="coverage"><h2>{}</h2>{idle}{by_village}{by_cadre}</section>"#,
        tx(l, "走访覆盖", "Visit coverage")
    )
}

fn feedback_section(s: &Summary, l: Locale) -> String {
    let bars: Vec<Bar> = s
        .feedback
        .iter()
        .map(|r| Bar {
            label: r.category.label().text(l).to_string(),
            value: r.total() as f64,
            text: r.total().to_string(),
        })
        .collect();
    let max = s.feedback.iter().map(CategoryRow::total).max().unwrap_or(0) as f64;
    let mut head = vec![tx(l, "类别", "Category")];
    head.extend(Status::ALL.iter().map(|st| st.label().text(l)));
    head.push(tx(l, "合计", "Total"));
    let rows: Vec<Vec<String>> = s
        .feedback
        .iter()
        .map(|r| {
            let mut row = vec![esc(r.category.label().text(l))];
            row.extend(r.by_status.iter().map(i64::to_string));
            row.push(r.total().to_string());
            row
        })
        .collect();
    let median = match s.median_days {
        Some(d) => format!(
            "{}{}{}{}{}",
            tx(l, "本月办结 ", "Resolved this month: "),
            s.resolved,
            tx(
                l,
                " 件，从反映到办结用时中位数 ",
                "; median time from raised to resolved "
            ),
            days(d),
            tx(l, " 天。", " days."),
        ),
        None => tx(
            l,
            "本月没有办结的反馈。",
            "No feedback was resolved this month.",
        )
        .into(),
    };
    format!(
        r#"<section class="card" id="feedback"><h2>{}</h2><p data-testid="median">{median}</p>{}</section>"#,
        tx(
            l,
            "群众反馈（按类别、状态）",
            "Feedback by category and status"
        ),
        figure(
            chart::hbars(
                tx(l, "本月反馈按类别", "Feedback this month by category"),
                &bars,
                max,
                chart::COLOURS[1]
            ),
            table(
                tx(
                    l,
                    "本月收到的反馈（当前状态）",
                    "Feedback received this month (status now)"
                ),
                &head,
                &rows,
                "feedback-table"
            ),
            l
        )
    )
}

fn overdue_section(s: &Summary, l: Locale) -> String {
    let body = if s.overdue.is_empty() {
        format!(
            r#"<p class="banner ok">{}</p>"#,
            tx(l, "目前没有逾期事项。", "Nothing is overdue.")
        )
    } else {
        let rows: Vec<Vec<String>> = s
            .overdue
            .iter()
            .map(|o| vec![esc(&o.owner), o.count.to_string(), o.worst_days.to_string()])
            .collect();
        table(
            tx(
                l,
                "逾期未办结事项（截至今日）",
                "Overdue items (as of today)",
            ),
            &[
                tx(l, "包案人", "Owner"),
                tx(l, "逾期件数", "Overdue"),
                tx(l, "最长逾期天数", "Longest overdue (days)"),
            ],
            &rows,
            "overdue-table",
        )
    };
    format!(
        r#"<section class="card" id="overdue"><h2>{}</h2>{body}</section>"#,
        tx(l, "逾期事项（按包案人）", "Overdue items by owner")
    )
}

fn commitments_section(s: &Summary, l: Locale) -> String {
    let c = &s.commitments;
    let rows = vec![
        vec![
            tx(l, "本月作出承诺", "Made this month").into(),
            c.made.to_string(),
        ],
        vec![
            tx(l, "本月兑现（报办结）", "Kept this month (reported done)").into(),
            c.kept.to_string(),
        ],
        vec![
            tx(l, "其中超过时限兑现", "of which after the deadline").into(),
            c.kept_late.to_string(),
        ],
        vec![tx(l, "尚未兑现", "Still open").into(), c.open.to_string()],
        vec![
            tx(l, "已逾期未兑现", "Open and overdue").into(),
            c.overdue.to_string(),
        ],
    ];
    format!(
        r#"<section class="card" id="commitments"><h2>{}</h2>{}</section>"#,
        tx(l, "承诺事项", "Commitments"),
        table(
            tx(l, "承诺事项兑现情况", "Commitments made, kept and overdue"),
            &[tx(l, "项目", "Measure"), tx(l, "件数", "Count")],
            &rows,
            "commitments-table"
        )
    )
}

fn pairing_section(s: &Summary, l: Locale) -> String {
    let short = s.short();
    let banner = if short.is_empty() {
        format!(
            r#"<p class="banner ok" data-testid="quota-banner">{}</p>"#,
            tx(
                l,
                "所有人员均已完成结对任务。",
                "Everyone meets the pairing quota."
            )
        )
    } else {
        let names: Vec<String> = short
            .iter()
            .map(|q| {
                format!(
                    "{}{}{}{}",
                    q.name,
                    tx(l, "（差", " (short by "),
                    q.short(),
                    tx(l, "户）", ")")
                )
            })
            .collect();
        format!(
            r#"<p class="banner error" data-testid="quota-banner">{}{}</p>"#,
            tx(l, "未完成结对任务：", "Short of the pairing quota: "),
            esc(&names.join("、"))
        )
    };
    let rows: Vec<Vec<String>> = s
        .quota
        .iter()
        .map(|q| {
            vec![
                esc(&q.name),
                esc(q.tier.label().text(l)),
                q.paired.to_string(),
                q.tier.quota().to_string(),
                if q.short() > 0 {
                    format!(
                        r#"<span class="tag due-overdue">{}{}</span>"#,
                        tx(l, "差", "short "),
                        q.short()
                    )
                } else {
                    tx(l, "达标", "met").into()
                },
            ]
        })
        .collect();
    format!(
        r#"<section class="card" id="pairing"><h2>{}</h2>{banner}<details class="numbers-box"><summary>{}</summary>{}</details></section>"#,
        tx(l, "结对帮扶任务", "Pairing quota"),
        tx(l, "全部人员", "Everyone"),
        table(
            tx(
                l,
                "结对任务：局长≥2户，班子成员、股室负责人、工作队员≥1户",
                "Quota: director ≥ 2, team, unit heads and liaison members ≥ 1"
            ),
            &[
                tx(l, "姓名", "Name"),
                tx(l, "岗位", "Post"),
                tx(l, "已结对", "Paired"),
                tx(l, "应结对", "Required"),
                tx(l, "情况", "Status"),
            ],
            &rows,
            "quota-table"
        )
    )
}

fn receptions_section(s: &Summary, l: Locale) -> String {
    let r = &s.receptions;
    let rows: Vec<Vec<String>> = r
        .days
        .iter()
        .map(|(d, n)| vec![d.to_string(), n.to_string()])
        .collect();
    let days = if rows.is_empty() {
        String::new()
    } else {
        table(
            tx(l, "各服务日接待人次", "Receptions per day"),
            &[tx(l, "日期", "Date"), tx(l, "接待人次", "Visitors")],
            &rows,
            "receptions-table",
        )
    };
    format!(
        r#"<section class="card" id="receptions"><h2>{}</h2><p data-testid="receptions">{}{}{}{}{}</p>{days}</section>"#,
        tx(l, "便民服务日接待", "Service-day receptions"),
        tx(l, "本月接待 ", "Received this month: "),
        r.count,
        tx(l, " 人次，转入台账 ", "; sent to the ledger: "),
        r.to_ledger,
        tx(l, " 件。", "."),
    )
}

/// 履职情况 and 联系卡发放: written with Leptos `view!` rendered to HTML, which escapes every
/// text (the older sections move over with issue 22).
fn compliance_section(s: &Summary, l: Locale) -> String {
    use leptos::prelude::*;
    let lines = s.compliance.clone();
    let cards = s.cards_given.clone();
    let state_word = move |st: crate::obligations::model::State| st.label().text(l);
    view! {
        <section class="card" id="compliance" data-testid="compliance">
            <h2>{tx(l, "履职情况", "Obligations")}</h2>
            <table class="table numbers">
                <thead>
                    <tr>
                        <th>{tx(l, "事项", "Obligation")}</th>
                        <th>{tx(l, "完成", "Done")}</th>
                        <th>{tx(l, "未完成", "Open")}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|c| {
                            let open = c
                                .open
                                .iter()
                                .map(|(who, st)| {
                                    let who = if who.is_empty() { tx(l, "全局", "Bureau") } else { who.as_str() };
                                    match l {
                                        Locale::Zh => format!("{who}（{}）", state_word(*st)),
                                        Locale::En => format!("{who} ({})", state_word(*st)),
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(tx(l, "、", ", "));
                            view! {
                                <tr data-testid="compliance-line">
                                    // Titles are the plan's own words, some long: they wrap.
                                    <td class="wrap">{c.title}</td>
                                    <td>{format!("{}/{}", c.done, c.total)}</td>
                                    <td>{open}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <h3>{tx(l, "便民联系卡发放", "Liaison cards handed out")}</h3>
            <table class="table numbers" data-testid="cards-given">
                <thead>
                    <tr>
                        <th>{tx(l, "村", "Village")}</th>
                        <th>{tx(l, "农户", "Households")}</th>
                        <th>{tx(l, "已发卡", "Card given")}</th>
                    </tr>
                </thead>
                <tbody>
                    {cards
                        .into_iter()
                        .map(|c| {
                            let pct = if c.households > 0 { c.given * 100 / c.households } else { 0 };
                            view! {
                                <tr>
                                    <td>{c.village}</td>
                                    <td>{c.households}</td>
                                    <td>{format!("{} ({pct}%)", c.given)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
    .to_html()
}

fn phones_section(s: &Summary, l: Locale) -> String {
    let rows: Vec<Vec<String>> = s
        .phones
        .iter()
        .map(|p| {
            let when = p.last_sync.map_or_else(
                || tx(l, "从未同步", "never").to_string(),
                crate::ui::time::minute,
            );
            let flag = if p.waiting > 0 || p.stale(s.generated_at) {
                r#" class="warn""#
            } else {
                ""
            };
            vec![
                esc(&p.name),
                format!("<span{flag}>{when}</span>"),
                if p.waiting > 0 {
                    format!(r#"<strong class="warn">{}</strong>"#, p.waiting)
                } else {
                    "0".into()
                },
            ]
        })
        .collect();
    format!(
        r#"<section class="card" id="phones"><h2>{}</h2><p class="hint">{}</p>{}</section>"#,
        tx(l, "手机上未上传的数据", "Data still on phones"),
        tx(
            l,
            "各人手机在最近一次同步时报告的未上传记录（含待处理和未完成草稿）。超过7天未同步的标为橙色。",
            "What each person's phones reported at their last sync: records not yet on the server (set aside or draft). Phones silent for over 7 days are marked."
        ),
        table(
            tx(l, "各人手机同步情况", "Phones by person"),
            &[
                tx(l, "姓名", "Name"),
                tx(l, "最近同步", "Last sync"),
                tx(l, "未上传条数", "Waiting"),
            ],
            &rows,
            "phones-table"
        )
    )
}

fn trend_section(s: &Summary, l: Locale) -> String {
    let zh = l == Locale::Zh;
    let short_label = |m: Month| {
        if zh {
            format!("{}月", m.month)
        } else {
            m.label(false)[..3].to_string()
        }
    };
    let labels: Vec<String> = s.trend.iter().map(|t| short_label(t.month)).collect();
    let visits = chart::columns(
        tx(l, "近12个月走访次数", "Visits, last 12 months"),
        &labels,
        &[(
            tx(l, "走访次数", "Visits").into(),
            s.trend.iter().map(|t| t.visits).collect(),
        )],
    );
    let work = chart::columns(
        tx(
            l,
            "近12个月反馈与销号",
            "Feedback and closed items, last 12 months",
        ),
        &labels,
        &[
            (
                tx(l, "收到反馈", "Feedback").into(),
                s.trend.iter().map(|t| t.feedback).collect(),
            ),
            (
                tx(l, "台账销号", "Items closed").into(),
                s.trend.iter().map(|t| t.closed).collect(),
            ),
        ],
    );
    let rows: Vec<Vec<String>> = s
        .trend
        .iter()
        .map(|t| {
            vec![
                t.month.code(),
                t.visits.to_string(),
                t.feedback.to_string(),
                t.closed.to_string(),
            ]
        })
        .collect();
    let numbers = table(
        tx(l, "近12个月", "Last 12 months"),
        &[
            tx(l, "月份", "Month"),
            tx(l, "走访次数", "Visits"),
            tx(l, "收到反馈", "Feedback"),
            tx(l, "台账销号", "Items closed"),
        ],
        &rows,
        "trend-table",
    );
    format!(
        r#"<section class="card" id="trend"><h2>{}</h2><figure class="chart-box"><div class="charts">{visits}{work}</div><details class="numbers-box"><summary>{}</summary>{numbers}</details></figure></section>"#,
        tx(l, "近12个月趋势", "12-month trends"),
        tx(l, "数据表", "Numbers"),
    )
}

fn exports(s: &Summary, l: Locale) -> String {
    let q = s.filter.query();
    let mut out = format!(
        r#"<section class="card no-print" id="exports"><h2>{}</h2><p class="hint">{}</p><ul class="list exports">"#,
        tx(l, "导出台账", "Export"),
        tx(
            l,
            "Excel 按台账格式排版（每村或每类一张表）；CSV 可用 Excel 直接打开。走访和反馈按所选月份导出，农户和台账导出当前全部。身份证号一律脱敏；每次导出都记入审计日志。",
            "Excel in ledger layout (a sheet per village or kind); CSV opens in Excel. Visits and feedback follow the chosen month; households and the ledger are exported as they stand. ID numbers are always masked; every export is audited."
        )
    );
    for (d, name) in [
        (Dataset::Households, tx(l, "农户花名册", "Households")),
        (Dataset::Visits, tx(l, "民情日记（走访）", "Visits")),
        (Dataset::Ledger, tx(l, "民情台账", "Ledger items")),
        (Dataset::Feedback, tx(l, "群众反馈", "Feedback")),
        (Dataset::Compliance, tx(l, "履职情况", "Obligations")),
        (Dataset::VillageWork, tx(l, "四帮扶台账", "Four helps")),
    ] {
        let _ = write!(
            out,
            r#"<li class="item export-row"><span class="item-title">{name}</span><span class="export-links"><a class="button" href="/export/{c}.xlsx?{q}" download data-testid="export-{c}-xlsx">Excel</a><a class="button" href="/export/{c}.csv?{q}" download data-testid="export-{c}-csv">CSV</a></span></li>"#,
            c = d.code(),
        );
    }
    out.push_str("</ul></section>");
    out
}

/// Every section, in the order both the page and the report show them.
fn sections(s: &Summary, l: Locale) -> String {
    [
        coverage_section(s, l),
        feedback_section(s, l),
        overdue_section(s, l),
        commitments_section(s, l),
        pairing_section(s, l),
        receptions_section(s, l),
        compliance_section(s, l),
        phones_section(s, l),
        trend_section(s, l),
    ]
    .concat()
}

/// Month and village, as a plain GET form (it works before the page hydrates), and the
/// monthly report for the same choice.
fn filters(s: &Summary, l: Locale) -> String {
    let zh = l == Locale::Zh;
    let mut out = format!(
        r#"<form class="filters no-print" method="get" action="/summary"><label class="field"><span class="label">{}</span><select name="month" data-testid="filter-month">"#,
        tx(l, "月份", "Month")
    );
    let mut m = Month::of(s.generated_at);
    for _ in 0..24 {
        let _ = write!(
            out,
            r#"<option value="{c}"{sel}>{t}</option>"#,
            c = m.code(),
            sel = if m == s.filter.month { " selected" } else { "" },
            t = m.label(zh),
        );
        m = m.prev();
    }
    let _ = write!(
        out,
        r#"</select></label><label class="field"><span class="label">{}</span><select name="village" data-testid="filter-village"><option value="">{}</option>"#,
        tx(l, "村", "Village"),
        tx(l, "全部村", "All villages"),
    );
    for (id, name) in &s.villages {
        let _ = write!(
            out,
            r#"<option value="{id}"{sel}>{n}</option>"#,
            sel = if s.filter.village == Some(*id) {
                " selected"
            } else {
                ""
            },
            n = esc(name),
        );
    }
    let _ = write!(
        out,
        r#"</select></label><div class="row"><button type="submit" class="primary" data-testid="filter-apply">{}</button><a class="button" href="/summary/report?{}" data-testid="open-report">{}</a></div></form>"#,
        tx(l, "查看", "Show"),
        s.filter.query(),
        tx(l, "月报（打印）", "Monthly report (print)"),
    );
    out
}

/// The summary page's body.
pub fn page(s: &Summary, l: Locale) -> String {
    let mut out = format!(
        r#"<div class="summary" data-testid="summary" data-month="{}">{}<p class="muted" data-testid="scope">{}</p>"#,
        s.filter.month.code(),
        filters(s, l),
        esc(&scope_line(s, l))
    );
    out.push_str(&tiles(s, l));
    out.push_str(&sections(s, l));
    out.push_str(&exports(s, l));
    out.push_str("</div>");
    out
}

/// The photos the office chose for the month, three to a row on A4, each with its village and
/// caption. Written with Leptos's escaping `view!` (the rest of this file predates it).
fn photos_section(s: &Summary, l: Locale) -> String {
    use leptos::prelude::*;
    if s.photos.is_empty() {
        return String::new();
    }
    let figures = s
        .photos
        .iter()
        .map(|(village, p)| {
            let caption = match p.caption.is_empty() {
                true => village.clone(),
                false => format!("{village} · {}", p.caption),
            };
            view! {
                <figure>
                    <img src=crate::photos::model::photo_url(&p.id) alt=caption.clone() />
                    <figcaption>{caption}</figcaption>
                </figure>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="report-photos">
            <h2>{Msg::ReportPhotos.text(l)}</h2>
            <div class="report-photos">{figures}</div>
        </section>
    }
    .to_html()
}

/// The monthly report for the dispatch meeting: the same figures as numbered sections of one
/// A4 document, tables open, with a line to sign.
pub fn report(s: &Summary, l: Locale) -> String {
    let zh = l == Locale::Zh;
    let title = format!(
        "{}{}",
        s.filter.month.label(zh),
        tx(l, "“树根工程”工作月报", " Shugen monthly report")
    );
    let c = s.coverage();
    let digest = format!(
        "{}{}{}{}{}{}{}{}{}{}{}{}{}",
        tx(l, "本月走访 ", "This month: "),
        c.visits,
        tx(l, " 次，覆盖联系户 ", " visits covering "),
        c.visited,
        tx(l, " 户（", " households ("),
        pct(&c),
        tx(l, "）；收到群众反馈 ", "); feedback received "),
        s.feedback_total(),
        tx(l, " 件；逾期事项 ", "; overdue items "),
        s.overdue_total(),
        tx(l, " 件；结对未达标 ", "; short of pairing quota: "),
        s.short().len(),
        tx(l, " 人。", "."),
    );
    let mut out = format!(
        r#"<article class="report" data-testid="report"><header><h1>{}</h1><p class="muted">{}</p><p class="digest" data-testid="digest">{}</p></header>"#,
        esc(&title),
        esc(&scope_line(s, l)),
        esc(&digest)
    );
    out.push_str(&sections(s, l).replace(
        r#"<details class="numbers-box">"#,
        r#"<details class="numbers-box" open>"#,
    ));
    out.push_str(&photos_section(s, l));
    let _ = write!(
        out,
        r#"<footer class="sign"><span>{}</span><span>{}</span></footer></article>"#,
        tx(l, "领导小组办公室（盖章）", "Leading group office (seal)"),
        tx(l, "审核人：________", "Reviewed by: ________"),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn summary() -> Summary {
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap();
        let filter = Filter::parse("2026-11", "", now).unwrap();
        Summary {
            filter,
            village_name: None,
            villages: vec![(1, "民智<村>".into())],
            generated_at: now,
            today: now.date_naive(),
            by_village: vec![Coverage {
                name: "民智<村>".into(),
                assigned: 4,
                visited: 3,
                visits: 5,
            }],
            by_cadre: vec![],
            idle: vec!["谭军".into()],
            feedback: vec![],
            resolved: 2,
            median_days: Some(3.25),
            overdue: vec![],
            commitments: Commitments::default(),
            quota: vec![],
            receptions: Receptions::default(),
            phones: vec![],
            compliance: vec![ComplianceLine {
                title: "每月<调度会>".into(),
                done: 0,
                total: 1,
                open: vec![(String::new(), crate::obligations::model::State::Missed)],
            }],
            cards_given: vec![CardCoverage {
                village: "民智<村>".into(),
                households: 4,
                given: 1,
            }],
            photos: vec![(
                "民智<村>".into(),
                crate::photos::model::PhotoView {
                    id: "01936f0e-7000-7b3c-8d4e-000000000001".into(),
                    caption: "<script>x</script>清淤后".into(),
                    taken_at: None,
                    record_kind: "cleanup".into(),
                    record_id: "r".into(),
                    size: 1,
                    in_report: true,
                },
            )],
            trend: filter
                .month
                .last_twelve()
                .into_iter()
                .map(|month| TrendPoint {
                    month,
                    visits: 1,
                    feedback: 0,
                    closed: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn the_report_shows_the_chosen_photos_escaped_and_the_page_does_not() {
        let html = report(&summary(), Locale::Zh);
        assert!(html.contains(r#"data-testid="report-photos""#));
        assert!(html.contains(r#"src="/api/photos/01936f0e-7000-7b3c-8d4e-000000000001""#));
        assert!(html.contains("工作照片"));
        assert!(!html.contains("<script>x"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;清淤后"));
        assert!(!page(&summary(), Locale::Zh).contains("report-photos"));
    }

    #[test]
    fn the_page_escapes_names_aligns_figures_and_links_the_same_filter() {
        let html = page(&summary(), Locale::Zh);
        assert!(!html.contains("民智<村>") && html.contains("民智&lt;村&gt;"));
        assert!(
            html.contains(r#"<td class="n">75%</td>"#),
            "figures align right"
        );
        assert!(html.contains(r#"href="/summary/report?month=2026-11""#));
        assert!(html.contains(r#"href="/export/visits.xlsx?month=2026-11""#));
        assert!(html.contains("本月无走访记录：谭军"));
        assert!(html.contains("用时中位数 3.2 天") || html.contains("用时中位数 3.3 天"));
        assert!(!html.contains("<details class=\"numbers-box\" open>"));
        // The obligations and card lines, escaped like the rest.
        assert!(html.contains("每月&lt;调度会&gt;") && !html.contains("每月<调度会>"));
        assert!(html.contains("全局（未完成）"));
        assert!(html.contains("1 (25%)"));
        let en = report(&summary(), Locale::En);
        assert!(en.contains("Bureau (Missed)"));
        assert!(en.contains("Nov 2026 Shugen monthly report"));
        assert!(en.contains("<details class=\"numbers-box\" open>"));
        assert!(!en.contains("<details class=\"numbers-box\">"));
    }
}

//! The summary page and the monthly report as HTML, built on the server from the figures.
//! Their words live here, not in the app's catalogue: they never need to be in the phones'
//! WASM.
use super::chart::{self, Bar};
use super::model::*;
use crate::feedback::model::Status;
use crate::i18n::{Locale, Msg};
use crate::ui::esc;
use std::fmt::Write;

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
        Msg::SumNumbers.text(l)
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
            .unwrap_or(Msg::SumAllVillages.text(l)),
        Msg::SumAsOf.text(l),
        crate::ui::time::minute(s.generated_at)
    )
}

fn tiles(s: &Summary, l: Locale) -> String {
    let c = s.coverage();
    let tiles = [
        (
            pct(&c),
            Msg::SumHouseholdsVisited.text(l),
            "coverage",
            false,
        ),
        (
            s.feedback_total().to_string(),
            Msg::SumFeedbackThisMonth.text(l),
            "feedback",
            false,
        ),
        (
            s.overdue_total().to_string(),
            Msg::SumOverdueItems.text(l),
            "overdue",
            s.overdue_total() > 0,
        ),
        (
            s.short().len().to_string(),
            Msg::SumShortOfPairingQuota.text(l),
            "short",
            !s.short().is_empty(),
        ),
        (
            s.waiting_total().to_string(),
            Msg::SumStillOnPhones.text(l),
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
        Msg::SumName.text(l),
        Msg::SumHouseholds.text(l),
        Msg::SumVisited.text(l),
        Msg::SumCoverage.text(l),
        Msg::SumVisits.text(l),
    ];
    let by_village = figure(
        chart::hbars(
            Msg::SumCoverageByVillage.text(l),
            &coverage_bars(&s.by_village),
            100.0,
            chart::COLOURS[0],
        ),
        table(
            Msg::SumCoverageByVillageChart.text(l),
            &head,
            &coverage_rows(&s.by_village),
            "coverage-villages",
        ),
        l,
    );
    let by_cadre = figure(
        chart::hbars(
            Msg::SumCoverageByCadre.text(l),
            &coverage_bars(&s.by_cadre),
            100.0,
            chart::COLOURS[1],
        ),
        table(
            Msg::SumCoverageByCadreOwn.text(l),
            &head,
            &coverage_rows(&s.by_cadre),
            "coverage-cadres",
        ),
        l,
    );
    let idle = if s.idle.is_empty() {
        format!(
            r#"<p class="banner ok" data-testid="idle">{}</p>"#,
            Msg::SumEveryCadreHasVisited.text(l)
        )
    } else {
        format!(
            r#"<p class="banner error" data-testid="idle">{}{}</p>"#,
            Msg::SumNoVisitThisMonth.text(l),
            esc(&s.idle.join("、"))
        )
    };
    format!(
        r#"<section class="card" id="coverage"><h2>{}</h2>{idle}{by_village}{by_cadre}</section>"#,
        Msg::SumVisitCoverage.text(l)
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
    let mut head = vec![Msg::CategoryTitle.text(l)];
    head.extend(Status::ALL.iter().map(|st| st.label().text(l)));
    head.push(Msg::SumTotal.text(l));
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
            Msg::SumResolvedThisMonth.text(l),
            s.resolved,
            Msg::SumMedianTimeFromRaised.text(l),
            days(d),
            Msg::SumDays.text(l),
        ),
        None => Msg::SumNoFeedbackWasResolved.text(l).into(),
    };
    format!(
        r#"<section class="card" id="feedback"><h2>{}</h2><p data-testid="median">{median}</p>{}</section>"#,
        Msg::SumFeedbackByCategoryAnd.text(l),
        figure(
            chart::hbars(
                Msg::SumFeedbackThisMonthBy.text(l),
                &bars,
                max,
                chart::COLOURS[1]
            ),
            table(
                Msg::SumFeedbackReceivedThisMonth.text(l),
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
            Msg::SumNothingIsOverdue.text(l)
        )
    } else {
        let rows: Vec<Vec<String>> = s
            .overdue
            .iter()
            .map(|o| vec![esc(&o.owner), o.count.to_string(), o.worst_days.to_string()])
            .collect();
        table(
            Msg::SumOverdueItemsAsOf.text(l),
            &[
                Msg::SumOwner.text(l),
                Msg::SumOverdue.text(l),
                Msg::SumLongestOverdueDays.text(l),
            ],
            &rows,
            "overdue-table",
        )
    };
    format!(
        r#"<section class="card" id="overdue"><h2>{}</h2>{body}</section>"#,
        Msg::SumOverdueItemsByOwner.text(l)
    )
}

fn commitments_section(s: &Summary, l: Locale) -> String {
    let c = &s.commitments;
    let rows = vec![
        vec![Msg::SumMadeThisMonth.text(l).into(), c.made.to_string()],
        vec![
            Msg::SumKeptThisMonthReported.text(l).into(),
            c.kept.to_string(),
        ],
        vec![
            Msg::SumOfWhichAfterThe.text(l).into(),
            c.kept_late.to_string(),
        ],
        vec![Msg::SumStillOpen.text(l).into(), c.open.to_string()],
        vec![Msg::SumOpenAndOverdue.text(l).into(), c.overdue.to_string()],
    ];
    format!(
        r#"<section class="card" id="commitments"><h2>{}</h2>{}</section>"#,
        Msg::SumCommitments.text(l),
        table(
            Msg::SumCommitmentsMadeKeptAnd.text(l),
            &[Msg::SumMeasure.text(l), Msg::SumCount.text(l)],
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
            Msg::SumEveryoneMeetsThePairing.text(l)
        )
    } else {
        let names: Vec<String> = short
            .iter()
            .map(|q| {
                format!(
                    "{}{}{}{}",
                    q.name,
                    Msg::SumShortBy.text(l),
                    q.short(),
                    Msg::SumHouseholdsClose.text(l)
                )
            })
            .collect();
        format!(
            r#"<p class="banner error" data-testid="quota-banner">{}{}</p>"#,
            Msg::SumShortOfThePairing.text(l),
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
                        Msg::SumShort.text(l),
                        q.short()
                    )
                } else {
                    Msg::SumMet.text(l).into()
                },
            ]
        })
        .collect();
    format!(
        r#"<section class="card" id="pairing"><h2>{}</h2>{banner}<details class="numbers-box"><summary>{}</summary>{}</details></section>"#,
        Msg::SumPairingQuota.text(l),
        Msg::SumEveryone.text(l),
        table(
            Msg::SumQuotaDirector2Team.text(l),
            &[
                Msg::SumPersonName.text(l),
                Msg::SumPost.text(l),
                Msg::SumPaired.text(l),
                Msg::SumRequired.text(l),
                Msg::SumStatus.text(l),
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
            Msg::SumReceptionsPerDay.text(l),
            &[Msg::SumDate.text(l), Msg::SumVisitors.text(l)],
            &rows,
            "receptions-table",
        )
    };
    format!(
        r#"<section class="card" id="receptions"><h2>{}</h2><p data-testid="receptions">{}{}{}{}{}</p>{days}</section>"#,
        Msg::SumServiceDayReceptions.text(l),
        Msg::SumReceivedThisMonth.text(l),
        r.count,
        Msg::SumSentToTheLedger.text(l),
        r.to_ledger,
        Msg::SumItemsEnd.text(l),
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
            <h2>{Msg::SumObligations.text(l)}</h2>
            <table class="table numbers">
                <thead>
                    <tr>
                        <th>{Msg::SumObligation.text(l)}</th>
                        <th>{Msg::SumDone.text(l)}</th>
                        <th>{Msg::SumOpen.text(l)}</th>
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
                                    let who = if who.is_empty() { Msg::SumBureau.text(l) } else { who.as_str() };
                                    match l {
                                        Locale::Zh => format!("{who}（{}）", state_word(*st)),
                                        Locale::En => format!("{who} ({})", state_word(*st)),
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(Msg::ListSep.text(l));
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
            <h3>{Msg::SumLiaisonCardsHandedOut.text(l)}</h3>
            <table class="table numbers" data-testid="cards-given">
                <thead>
                    <tr>
                        <th>{Msg::SumVillage.text(l)}</th>
                        <th>{Msg::SumHouseholdsRow.text(l)}</th>
                        <th>{Msg::SumCardGiven.text(l)}</th>
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
                || Msg::SumNever.text(l).to_string(),
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
        Msg::SumDataStillOnPhones.text(l),
        Msg::SumWhatEachPersonS.text(l),
        table(
            Msg::SumPhonesByPerson.text(l),
            &[
                Msg::SumPersonName.text(l),
                Msg::SumLastSync.text(l),
                Msg::SumWaiting.text(l),
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
        Msg::SumVisitsLast12Months.text(l),
        &labels,
        &[(
            Msg::SumVisitCount.text(l).into(),
            s.trend.iter().map(|t| t.visits).collect(),
        )],
    );
    let work = chart::columns(
        Msg::SumFeedbackAndClosedItems.text(l),
        &labels,
        &[
            (
                Msg::SumFeedback.text(l).into(),
                s.trend.iter().map(|t| t.feedback).collect(),
            ),
            (
                Msg::SumItemsClosed.text(l).into(),
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
        Msg::SumLast12Months.text(l),
        &[
            Msg::SumMonth.text(l),
            Msg::SumVisitCount.text(l),
            Msg::SumFeedback.text(l),
            Msg::SumItemsClosed.text(l),
        ],
        &rows,
        "trend-table",
    );
    format!(
        r#"<section class="card" id="trend"><h2>{}</h2><figure class="chart-box"><div class="charts">{visits}{work}</div><details class="numbers-box"><summary>{}</summary>{numbers}</details></figure></section>"#,
        Msg::SumN12MonthTrends.text(l),
        Msg::SumNumbers.text(l),
    )
}

fn exports(s: &Summary, l: Locale) -> String {
    let q = s.filter.query();
    let mut out = format!(
        r#"<section class="card no-print" id="exports"><h2>{}</h2><p class="hint">{}</p><ul class="list exports">"#,
        Msg::SumExport.text(l),
        Msg::SumExcelInLedgerLayout.text(l)
    );
    for (d, name) in [
        (Dataset::Households, Msg::SumRosterHouseholds.text(l)),
        (Dataset::Visits, Msg::SumDiaryVisits.text(l)),
        (Dataset::Ledger, Msg::SumLedgerItems.text(l)),
        (Dataset::Feedback, Msg::SumVillagersFeedback.text(l)),
        (Dataset::Compliance, Msg::SumObligations.text(l)),
        (Dataset::VillageWork, Msg::SumFourHelps.text(l)),
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
        Msg::SumMonth.text(l)
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
        Msg::SumVillage.text(l),
        Msg::SumAllVillages.text(l),
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
        Msg::SumShow.text(l),
        s.filter.query(),
        Msg::SumMonthlyReportPrint.text(l),
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
        Msg::SumShugenMonthlyReport.text(l)
    );
    let c = s.coverage();
    let digest = format!(
        "{}{}{}{}{}{}{}{}{}{}{}{}{}",
        Msg::SumThisMonth.text(l),
        c.visits,
        Msg::SumVisitsCovering.text(l),
        c.visited,
        Msg::SumHouseholdsOpen.text(l),
        pct(&c),
        Msg::SumFeedbackReceived.text(l),
        s.feedback_total(),
        Msg::SumItemsOverdue.text(l),
        s.overdue_total(),
        Msg::SumItemsShortOfQuota.text(l),
        s.short().len(),
        Msg::SumPeopleEnd.text(l),
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
        Msg::SumLeadingGroupOfficeSeal.text(l),
        Msg::SumReviewedBy.text(l),
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

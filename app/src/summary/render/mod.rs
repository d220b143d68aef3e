//! The summary page and the monthly report as HTML, built on the server from the figures with
//! Leptos `view!` (every text escaped) and sent as a string: their drawing code and their
//! words (the catalogue's server part) never ship to phones.
mod sections;
mod table;

use super::model::*;
use crate::i18n::{Locale, Msg};
use leptos::prelude::*;
use sections::pct;

/// What a part of the page is drawn for: the figures, the language, and whether the tables
/// open (the report, which is printed) or fold (the page).
#[derive(Clone, Copy)]
struct Doc<'a> {
    s: &'a Summary,
    l: Locale,
    open: bool,
}

fn scope_line(s: &Summary, l: Locale) -> String {
    format!(
        "{} · {} · {}{}",
        s.filter.month.label(l == Locale::Zh),
        s.village_name
            .as_deref()
            .unwrap_or(Msg::SumAllVillages.text(l)),
        Msg::SumAsOf.text(l),
        crate::ui::time::minute(s.generated_at)
    )
}

fn tiles(s: &Summary, l: Locale) -> impl IntoView {
    let tiles = [
        (
            pct(&s.coverage()),
            Msg::SumHouseholdsVisited,
            "tile-coverage",
            false,
        ),
        (
            s.feedback_total().to_string(),
            Msg::SumFeedbackThisMonth,
            "tile-feedback",
            false,
        ),
        (
            s.overdue_total().to_string(),
            Msg::SumOverdueItems,
            "tile-overdue",
            s.overdue_total() > 0,
        ),
        (
            s.short().len().to_string(),
            Msg::SumShortOfPairingQuota,
            "tile-short",
            !s.short().is_empty(),
        ),
        (
            s.waiting_total().to_string(),
            Msg::SumStillOnPhones,
            "tile-waiting",
            s.waiting_total() > 0,
        ),
    ];
    let tiles = tiles
        .into_iter()
        .map(|(value, label, testid, alarm)| {
            view! {
                <div class=if alarm { "stat alarm" } else { "stat" } data-testid=testid>
                    <strong>{value}</strong>
                    <span>{label.text(l)}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="stats">{tiles}</div> }
}

fn exports(s: &Summary, l: Locale) -> impl IntoView {
    let q = s.filter.query();
    let rows = [
        (Dataset::Households, Msg::SumRosterHouseholds),
        (Dataset::Visits, Msg::SumDiaryVisits),
        (Dataset::Ledger, Msg::SumLedgerItems),
        (Dataset::Feedback, Msg::SumVillagersFeedback),
        (Dataset::Compliance, Msg::SumObligations),
        (Dataset::VillageWork, Msg::SumFourHelps),
    ]
    .into_iter()
    .map(|(d, name)| {
        let c = d.code();
        view! {
            <li class="item export-row">
                <span class="item-title">{name.text(l)}</span>
                <span class="export-links">
                    <a
                        class="button"
                        href=format!("/export/{c}.xlsx?{q}")
                        download
                        data-testid=format!("export-{c}-xlsx")
                    >
                        "Excel"
                    </a>
                    <a
                        class="button"
                        href=format!("/export/{c}.csv?{q}")
                        download
                        data-testid=format!("export-{c}-csv")
                    >
                        "CSV"
                    </a>
                </span>
            </li>
        }
    })
    .collect_view();
    view! {
        <section class="card no-print" id="exports">
            <h2>{Msg::SumExport.text(l)}</h2>
            <p class="hint">{Msg::SumExcelInLedgerLayout.text(l)}</p>
            <ul class="list exports">{rows}</ul>
        </section>
    }
}

/// Month and village, as a plain GET form (it works before the page hydrates), and the
/// monthly report for the same choice.
fn filters(s: &Summary, l: Locale) -> impl IntoView {
    let chosen = s.filter.month;
    let months = std::iter::successors(Some(Month::of(s.generated_at)), |m| Some(m.prev()))
        .take(24)
        .map(|m| {
            view! {
                <option value=m.code() selected=m == chosen>
                    {m.label(l == Locale::Zh)}
                </option>
            }
        })
        .collect_view();
    let villages = s
        .villages
        .iter()
        .map(|(id, name)| {
            view! {
                <option value=id.to_string() selected=s.filter.village == Some(*id)>
                    {name.clone()}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="filters no-print" method="get" action="/summary">
            <label class="field">
                <span class="label">{Msg::SumMonth.text(l)}</span>
                <select name="month" data-testid="filter-month">{months}</select>
            </label>
            <label class="field">
                <span class="label">{Msg::SumVillage.text(l)}</span>
                <select name="village" data-testid="filter-village">
                    <option value="">{Msg::SumAllVillages.text(l)}</option>
                    {villages}
                </select>
            </label>
            <div class="row">
                <button type="submit" class="primary" data-testid="filter-apply">
                    {Msg::SumShow.text(l)}
                </button>
                <a
                    class="button"
                    href=format!("/summary/report?{}", s.filter.query())
                    data-testid="open-report"
                >
                    {Msg::SumMonthlyReportPrint.text(l)}
                </a>
            </div>
        </form>
    }
}

/// The summary page's body.
pub fn page(s: &Summary, l: Locale) -> String {
    let d = Doc { s, l, open: false };
    view! {
        <div class="summary" data-testid="summary" data-month=s.filter.month.code()>
            {filters(s, l)}
            <p class="muted" data-testid="scope">{scope_line(s, l)}</p>
            {tiles(s, l)}
            {sections::all(d)}
            {exports(s, l)}
        </div>
    }
    .to_html()
}

/// The monthly report for the dispatch meeting: the same figures as numbered sections of one
/// A4 document, tables open, with a line to sign.
pub fn report(s: &Summary, l: Locale) -> String {
    let d = Doc { s, l, open: true };
    let title = format!(
        "{}{}",
        s.filter.month.label(l == Locale::Zh),
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
    view! {
        <article class="report" data-testid="report">
            <header>
                <h1>{title}</h1>
                <p class="muted">{scope_line(s, l)}</p>
                <p class="digest" data-testid="digest">{digest}</p>
            </header>
            {sections::all(d)}
            {sections::photos(d)}
            <footer class="sign">
                <span>{Msg::SumLeadingGroupOfficeSeal.text(l)}</span>
                <span>{Msg::SumReviewedBy.text(l)}</span>
            </footer>
        </article>
    }
    .to_html()
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
        assert!(!html.contains("<details open"));
        assert!(
            html.contains(r#"<th>名称</th><th class="n">户数</th>"#),
            "{html}"
        );
        // The obligations and card lines, escaped like the rest.
        assert!(html.contains("每月&lt;调度会&gt;") && !html.contains("每月<调度会>"));
        assert!(html.contains("全局（未完成）"));
        assert!(html.contains("1 (25%)"));
        let en = report(&summary(), Locale::En);
        assert!(en.contains("Bureau (Missed)"));
        assert!(en.contains("Nov 2026 Shugen monthly report"));
        assert!(en.contains(r#"<details open class="numbers-box">"#));
        assert!(!en.contains(r#"<details class="#));
    }
}

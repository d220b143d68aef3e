//! The numbered sections the summary page and the monthly report share: coverage, feedback,
//! overdue items, commitments, pairing, service days, obligations and cards, phones, trends.
use super::table::{details, figure, table, Mark, Td};
use super::Doc;
use crate::feedback::model::Status;
use crate::i18n::{Locale, Msg};
use crate::summary::chart::{self, Bar};
use crate::summary::model::*;
use leptos::prelude::*;

/// A coverage figure as shown: "75%", or "—" with nobody assigned.
pub fn pct(c: &Coverage) -> String {
    c.percent().map_or_else(|| "—".into(), |p| format!("{p}%"))
}

/// A banner: green when all is well, red with what is not.
fn banner(ok: bool, text: String, testid: &'static str) -> impl IntoView {
    view! {
        <p class=if ok { "banner ok" } else { "banner error" } data-testid=testid>
            {text}
        </p>
    }
}

/// Every section, in the order both the page and the report show them.
pub fn all(d: Doc) -> impl IntoView {
    (
        (coverage(d), feedback(d), overdue(d), commitments(d)),
        (
            pairing(d),
            receptions(d),
            compliance(d),
            phones(d),
            trend(d),
        ),
    )
}

fn coverage(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let rows = |list: &[Coverage]| -> Vec<Vec<Td>> {
        list.iter()
            .map(|c| {
                vec![
                    c.name.clone().into(),
                    c.assigned.into(),
                    c.visited.into(),
                    pct(c).into(),
                    c.visits.into(),
                ]
            })
            .collect()
    };
    let bars = |list: &[Coverage]| -> Vec<Bar> {
        list.iter()
            .map(|c| Bar {
                label: c.name.clone(),
                value: c.percent().unwrap_or(0) as f64,
                text: pct(c),
            })
            .collect()
    };
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
            bars(&s.by_village),
            100.0,
            chart::COLOURS[0],
        ),
        table(
            Msg::SumCoverageByVillageChart.text(l),
            &head,
            rows(&s.by_village),
            "coverage-villages",
        ),
        l,
        d.open,
    );
    let by_cadre = figure(
        chart::hbars(
            Msg::SumCoverageByCadre.text(l),
            bars(&s.by_cadre),
            100.0,
            chart::COLOURS[1],
        ),
        table(
            Msg::SumCoverageByCadreOwn.text(l),
            &head,
            rows(&s.by_cadre),
            "coverage-cadres",
        ),
        l,
        d.open,
    );
    let idle = if s.idle.is_empty() {
        banner(true, Msg::SumEveryCadreHasVisited.text(l).into(), "idle")
    } else {
        banner(
            false,
            format!("{}{}", Msg::SumNoVisitThisMonth.text(l), s.idle.join("、")),
            "idle",
        )
    };
    view! {
        <section class="card" id="coverage">
            <h2>{Msg::SumVisitCoverage.text(l)}</h2>
            {idle}
            {by_village}
            {by_cadre}
        </section>
    }
}

fn feedback(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
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
    let rows: Vec<Vec<Td>> = s
        .feedback
        .iter()
        .map(|r| {
            let mut row: Vec<Td> = vec![r.category.label().text(l).into()];
            row.extend(r.by_status.iter().map(Td::from));
            row.push(r.total().into());
            row
        })
        .collect();
    let median = match s.median_days {
        Some(days) => format!(
            "{}{}{}{days:.1}{}",
            Msg::SumResolvedThisMonth.text(l),
            s.resolved,
            Msg::SumMedianTimeFromRaised.text(l),
            Msg::SumDays.text(l),
        ),
        None => Msg::SumNoFeedbackWasResolved.text(l).into(),
    };
    view! {
        <section class="card" id="feedback">
            <h2>{Msg::SumFeedbackByCategoryAnd.text(l)}</h2>
            <p data-testid="median">{median}</p>
            {figure(
                chart::hbars(Msg::SumFeedbackThisMonthBy.text(l), bars, max, chart::COLOURS[1]),
                table(Msg::SumFeedbackReceivedThisMonth.text(l), &head, rows, "feedback-table"),
                l,
                d.open,
            )}
        </section>
    }
}

fn overdue(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let body = if s.overdue.is_empty() {
        view! { <p class="banner ok">{Msg::SumNothingIsOverdue.text(l)}</p> }.into_any()
    } else {
        let rows = s
            .overdue
            .iter()
            .map(|o| vec![o.owner.clone().into(), o.count.into(), o.worst_days.into()])
            .collect();
        table(
            Msg::SumOverdueItemsAsOf.text(l),
            &[
                Msg::SumOwner.text(l),
                Msg::SumOverdue.text(l),
                Msg::SumLongestOverdueDays.text(l),
            ],
            rows,
            "overdue-table",
        )
    };
    view! {
        <section class="card" id="overdue">
            <h2>{Msg::SumOverdueItemsByOwner.text(l)}</h2>
            {body}
        </section>
    }
}

fn commitments(d: Doc) -> impl IntoView {
    let l = d.l;
    let c = &d.s.commitments;
    let rows = [
        (Msg::SumMadeThisMonth, c.made),
        (Msg::SumKeptThisMonthReported, c.kept),
        (Msg::SumOfWhichAfterThe, c.kept_late),
        (Msg::SumStillOpen, c.open),
        (Msg::SumOpenAndOverdue, c.overdue),
    ]
    .into_iter()
    .map(|(m, n)| vec![m.text(l).into(), n.into()])
    .collect();
    view! {
        <section class="card" id="commitments">
            <h2>{Msg::SumCommitments.text(l)}</h2>
            {table(
                Msg::SumCommitmentsMadeKeptAnd.text(l),
                &[Msg::SumMeasure.text(l), Msg::SumCount.text(l)],
                rows,
                "commitments-table",
            )}
        </section>
    }
}

fn pairing(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let short = s.short();
    let banner = if short.is_empty() {
        banner(
            true,
            Msg::SumEveryoneMeetsThePairing.text(l).into(),
            "quota-banner",
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
        banner(
            false,
            format!("{}{}", Msg::SumShortOfThePairing.text(l), names.join("、")),
            "quota-banner",
        )
    };
    let rows = s
        .quota
        .iter()
        .map(|q| {
            vec![
                q.name.clone().into(),
                q.tier.label().text(l).into(),
                q.paired.into(),
                q.tier.quota().into(),
                if q.short() > 0 {
                    Td::marked(format!("{}{}", Msg::SumShort.text(l), q.short()), Mark::Tag)
                } else {
                    Msg::SumMet.text(l).into()
                },
            ]
        })
        .collect();
    let everyone = table(
        Msg::SumQuotaDirector2Team.text(l),
        &[
            Msg::SumPersonName.text(l),
            Msg::SumPost.text(l),
            Msg::SumPaired.text(l),
            Msg::SumRequired.text(l),
            Msg::SumStatus.text(l),
        ],
        rows,
        "quota-table",
    );
    view! {
        <section class="card" id="pairing">
            <h2>{Msg::SumPairingQuota.text(l)}</h2>
            {banner}
            {details(Msg::SumEveryone.text(l), everyone, d.open)}
        </section>
    }
}

fn receptions(d: Doc) -> impl IntoView {
    let l = d.l;
    let r = &d.s.receptions;
    let days = (!r.days.is_empty()).then(|| {
        table(
            Msg::SumReceptionsPerDay.text(l),
            &[Msg::SumDate.text(l), Msg::SumVisitors.text(l)],
            r.days
                .iter()
                .map(|(d, n)| vec![d.into(), n.into()])
                .collect(),
            "receptions-table",
        )
    });
    let line = format!(
        "{}{}{}{}{}",
        Msg::SumReceivedThisMonth.text(l),
        r.count,
        Msg::SumSentToTheLedger.text(l),
        r.to_ledger,
        Msg::SumItemsEnd.text(l),
    );
    view! {
        <section class="card" id="receptions">
            <h2>{Msg::SumServiceDayReceptions.text(l)}</h2>
            <p data-testid="receptions">{line}</p>
            {days}
        </section>
    }
}

/// 履职情况 and 联系卡发放.
fn compliance(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let state_word = move |st: crate::obligations::model::State| st.label().text(l);
    let lines = s
        .compliance
        .iter()
        .map(|c| {
            let open = c
                .open
                .iter()
                .map(|(who, st)| {
                    let who = if who.is_empty() {
                        Msg::SumBureau.text(l)
                    } else {
                        who.as_str()
                    };
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
                    <td class="wrap">{c.title.clone()}</td>
                    <td>{format!("{}/{}", c.done, c.total)}</td>
                    <td>{open}</td>
                </tr>
            }
        })
        .collect_view();
    let cards = s
        .cards_given
        .iter()
        .map(|c| {
            let pct = if c.households > 0 {
                c.given * 100 / c.households
            } else {
                0
            };
            view! {
                <tr>
                    <td>{c.village.clone()}</td>
                    <td>{c.households}</td>
                    <td>{format!("{} ({pct}%)", c.given)}</td>
                </tr>
            }
        })
        .collect_view();
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
                <tbody>{lines}</tbody>
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
                <tbody>{cards}</tbody>
            </table>
        </section>
    }
}

fn phones(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let rows = s
        .phones
        .iter()
        .map(|p| {
            let when = p.last_sync.map_or_else(
                || Msg::SumNever.text(l).to_string(),
                crate::ui::time::minute,
            );
            let late = p.waiting > 0 || p.stale(s.generated_at);
            vec![
                p.name.clone().into(),
                Td::marked(when, if late { Mark::Warn } else { Mark::Plain }),
                Td::marked(
                    p.waiting,
                    if p.waiting > 0 {
                        Mark::Alarm
                    } else {
                        Mark::Plain
                    },
                ),
            ]
        })
        .collect();
    view! {
        <section class="card" id="phones">
            <h2>{Msg::SumDataStillOnPhones.text(l)}</h2>
            <p class="hint">{Msg::SumWhatEachPersonS.text(l)}</p>
            {table(
                Msg::SumPhonesByPerson.text(l),
                &[Msg::SumPersonName.text(l), Msg::SumLastSync.text(l), Msg::SumWaiting.text(l)],
                rows,
                "phones-table",
            )}
        </section>
    }
}

fn trend(d: Doc) -> impl IntoView {
    let (s, l) = (d.s, d.l);
    let short_label = |m: Month| match l {
        Locale::Zh => format!("{}月", m.month),
        Locale::En => m.label(false)[..3].to_string(),
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
    let rows = s
        .trend
        .iter()
        .map(|t| {
            vec![
                t.month.code().into(),
                t.visits.into(),
                t.feedback.into(),
                t.closed.into(),
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
        rows,
        "trend-table",
    );
    view! {
        <section class="card" id="trend">
            <h2>{Msg::SumN12MonthTrends.text(l)}</h2>
            {figure((visits, work), numbers, l, d.open)}
        </section>
    }
}

/// The photos the office chose for the month, three to a row on A4, each with its village and
/// caption (the report only).
pub fn photos(d: Doc) -> impl IntoView {
    let figures =
        d.s.photos
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
    (!d.s.photos.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="report-photos">
                <h2>{Msg::ReportPhotos.text(d.l)}</h2>
                <div class="report-photos">{figures}</div>
            </section>
        }
    })
}

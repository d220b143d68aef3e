//! The figures' tables and the figure that pairs a chart with its table: the summary's and the
//! report's common parts.
use crate::i18n::{Locale, Msg};
use leptos::prelude::*;

/// How a cell shows its text: plain, or marked for the reader's attention.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    /// Muted warning colour (a phone not heard from for a week).
    Warn,
    /// Bold warning (records still waiting on a phone).
    Alarm,
    /// The overdue tag (a person short of the pairing quota).
    Tag,
}

/// One table cell: its text, and how it shows.
pub struct Td {
    pub text: String,
    pub mark: Mark,
}

impl Td {
    pub fn marked(text: impl ToString, mark: Mark) -> Td {
        Td {
            text: text.to_string(),
            mark,
        }
    }
}

impl<T: ToString> From<T> for Td {
    fn from(text: T) -> Td {
        Td::marked(text, Mark::Plain)
    }
}

/// A column of figures aligns right, head included; words stay left.
fn is_figure(c: &str) -> bool {
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || "%.-—".contains(ch))
}

/// A table: a caption, the header row and rows of cells, under `data-testid=testid`.
pub fn table(caption: &str, head: &[&str], rows: Vec<Vec<Td>>, testid: &'static str) -> AnyView {
    let numeric: Vec<bool> = (0..head.len())
        .map(|i| {
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|r| r.get(i).is_some_and(|c| is_figure(&c.text)))
        })
        .collect();
    let last = head.len().saturating_sub(1);
    // (A class that may be absent is two elements: tachys 0.2 writes `class=""` for an
    // absent one.)
    let figures = move |i: usize| numeric.get(i.min(last)).copied().unwrap_or(false);
    let head = head
        .iter()
        .enumerate()
        .map(|(i, h)| match figures(i) {
            true => view! { <th class="n">{h.to_string()}</th> }.into_any(),
            false => view! { <th>{h.to_string()}</th> }.into_any(),
        })
        .collect_view();
    let rows = rows
        .into_iter()
        .map(|r| {
            let cells = r
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let text = c.text;
                    let shown = match c.mark {
                        Mark::Plain => text.into_any(),
                        Mark::Warn => view! { <span class="warn">{text}</span> }.into_any(),
                        Mark::Alarm => view! { <strong class="warn">{text}</strong> }.into_any(),
                        Mark::Tag => {
                            view! { <span class="tag due-overdue">{text}</span> }.into_any()
                        }
                    };
                    match figures(i) {
                        true => view! { <td class="n">{shown}</td> }.into_any(),
                        false => view! { <td>{shown}</td> }.into_any(),
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="table numbers" data-testid=testid>
            <caption>{caption.to_string()}</caption>
            <thead>
                <tr>{head}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A fold under `label`: closed on the page, open in the report (which is printed).
pub fn details(label: &'static str, body: impl IntoView + 'static, open: bool) -> AnyView {
    view! {
        <details class="numbers-box" open=open>
            <summary>{label}</summary>
            {body}
        </details>
    }
    .into_any()
}

/// Charts with their numbers, under "数据表".
pub fn figure(
    charts: impl IntoView + 'static,
    table: impl IntoView + 'static,
    l: Locale,
    open: bool,
) -> AnyView {
    view! {
        <figure class="chart-box">
            <div class="charts">{charts}</div>
            {details(Msg::SumNumbers.text(l), table, open)}
        </figure>
    }
    .into_any()
}

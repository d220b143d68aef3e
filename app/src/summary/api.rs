//! The summary's server functions: the figures (JSON), and the summary page and the monthly
//! report rendered on the server, SVG charts included, so their text and drawing code never
//! ship to phones.
use super::model::*;
use crate::error::AppError;
use leptos::prelude::*;

/// The figures for a month (`2026-11`, empty: this month) and a village (empty: all).
#[server(prefix = "/api", endpoint = "summary/figures")]
pub async fn summary_figures(month: String, village: String) -> Result<Summary, AppError> {
    crate::error::respond(ssr::figures_for(month, village)).await
}

/// The summary page's body as HTML, in `lang`.
#[server(prefix = "/api", endpoint = "summary/page")]
pub async fn summary_page(
    month: String,
    village: String,
    lang: String,
) -> Result<String, AppError> {
    crate::error::respond(ssr::html(month, village, lang, false)).await
}

/// The monthly report (A4) as HTML, in `lang`.
#[server(prefix = "/api", endpoint = "summary/report")]
pub async fn summary_report(
    month: String,
    village: String,
    lang: String,
) -> Result<String, AppError> {
    crate::error::respond(ssr::html(month, village, lang, true)).await
}

#[cfg(feature = "ssr")]
pub use ssr::figures;

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::{db, render};
    use super::*;
    use crate::auth::session::require;
    use crate::feedback::model::{Category, Status};
    use crate::i18n::Locale;
    use crate::model::Role;
    use crate::state::{app_state, AppState};

    pub const READERS: &[Role] = &[Role::Admin, Role::Leader];

    pub async fn figures_for(month: String, village: String) -> Result<Summary, AppError> {
        let state = app_state()?;
        require(READERS).await?;
        let filter = Filter::parse(&month, &village, crate::db::now())?;
        Box::pin(figures(&state, filter)).await
    }

    pub async fn html(
        month: String,
        village: String,
        lang: String,
        report: bool,
    ) -> Result<String, AppError> {
        let state = app_state()?;
        require(READERS).await?;
        let filter = Filter::parse(&month, &village, crate::db::now())?;
        let l = Locale::parse(&lang).unwrap_or_default();
        let s = Box::pin(figures(&state, filter)).await?;
        Ok(if report {
            render::report(&s, l)
        } else {
            render::page(&s, l)
        })
    }

    /// The month's obligations, one line each, from the obligations calendar (a village filter
    /// keeps the bureau's lines, that village's and everyone's own).
    async fn compliance(
        state: &AppState,
        filter: &Filter,
    ) -> Result<Vec<ComplianceLine>, AppError> {
        use crate::obligations::model::State;
        let instances = crate::obligations::api::month_instances(
            state,
            filter.month.last_day(),
            filter.village,
        )
        .await?;
        let mut lines: Vec<ComplianceLine> = Vec::new();
        for (row, cell) in instances {
            let i = match lines.iter().position(|l| l.title == row.title) {
                Some(i) => i,
                None => {
                    lines.push(ComplianceLine {
                        title: row.title.clone(),
                        done: 0,
                        total: 0,
                        open: Vec::new(),
                    });
                    lines.len() - 1
                }
            };
            let line = &mut lines[i];
            line.total += 1;
            if cell.state == State::Done {
                line.done += 1;
            } else {
                line.open.push((row.subject.name, cell.state));
            }
        }
        Ok(lines)
    }

    /// A statement's error as the app's (to join with reads that return the app's).
    async fn read<T>(
        statement: impl std::future::Future<Output = sqlx::Result<T>>,
    ) -> Result<T, AppError> {
        Ok(statement.await?)
    }

    /// Every figure of the summary. Reads only; each statement is one indexed pass.
    pub async fn figures(state: &AppState, filter: Filter) -> Result<Summary, AppError> {
        let pool = state.db.read();
        let now = crate::db::now();
        let today = crate::ui::time::today();
        let (from, to) = filter.month.bounds();
        let v = filter.village;
        let villages = db::villages(pool).await?;
        let village_name =
            v.and_then(|id| villages.iter().find(|x| x.0 == id).map(|x| x.1.clone()));
        if v.is_some() && village_name.is_none() {
            return Err(AppError::invalid("village", crate::i18n::Msg::ValChoice));
        }
        let coverage =
            |(_, name, assigned, visited, visits): (i64, String, i64, i64, i64)| Coverage {
                name,
                assigned,
                visited,
                visits,
            };
        // Independent reads, each on its own pooled connection: the page costs about the
        // slowest of them (at ×10, the obligations' dozen statements), not their sum.
        let months = filter.month.last_twelve();
        let (first_month, month) = (months[0].code(), filter.month.code());
        let trend = db::trend_counts(pool, &first_month, &month, v);
        let trend_visits = db::visits_by_month(pool, &first_month, &month, v);
        let receptions = db::receptions(
            pool,
            filter.month.first_day(),
            filter.month.last_day(),
            village_name.as_deref(),
        );
        let (
            by_village,
            by_cadre,
            counts,
            resolutions,
            overdue,
            commitments,
            receptions,
            phones,
            trend,
            trend_visits,
            quota,
            compliance,
            cards_given,
            photos,
        ) = tokio::try_join!(
            // Each on the heap: joined inline, the statements' futures made one value large
            // enough to overflow a worker's stack in a debug build (the summary report).
            Box::pin(read(db::by_village(pool, &month, v))),
            Box::pin(read(db::by_cadre(pool, &month, v))),
            Box::pin(read(db::feedback(pool, from, to, v))),
            Box::pin(read(db::resolutions(pool, from, to, v))),
            Box::pin(read(db::overdue(pool, today, v))),
            Box::pin(read(db::commitments(pool, from, to, today, v))),
            Box::pin(read(receptions)),
            Box::pin(read(db::phones(pool, v))),
            Box::pin(read(trend)),
            Box::pin(read(trend_visits)),
            Box::pin(crate::pairing::api::quota(state)),
            Box::pin(compliance(state, &filter)),
            Box::pin(read(db::cards_given(pool, to, v))),
            Box::pin(crate::photos::api::chosen(state, from, to)),
        )?;
        let by_village: Vec<Coverage> = by_village.into_iter().map(coverage).collect();
        let by_cadre: Vec<Coverage> = by_cadre.into_iter().map(coverage).collect();
        let idle = by_cadre
            .iter()
            .filter(|c| c.visited == 0)
            .map(|c| c.name.clone())
            .collect();
        let feedback = Category::ALL
            .into_iter()
            .map(|category| {
                let mut by_status = [0; 4];
                for (i, s) in Status::ALL.into_iter().enumerate() {
                    by_status[i] = counts
                        .iter()
                        .filter(|c| c.0 == category.code() && c.1 == s.code())
                        .map(|c| c.2)
                        .sum();
                }
                CategoryRow {
                    category,
                    by_status,
                }
            })
            .collect();
        let resolved = resolutions.len() as i64;
        let median_days = median(
            resolutions
                .into_iter()
                .map(|(raised, done)| days_between(raised, done))
                .collect(),
        );
        let overdue = overdue
            .into_iter()
            .map(|(owner, count, earliest)| OwnerOverdue {
                owner,
                count,
                worst_days: (today - earliest).num_days(),
            })
            .collect();
        let cards_given = cards_given
            .into_iter()
            .map(|(village, households, given)| CardCoverage {
                village,
                households,
                given,
            })
            .collect();
        let photos = photos
            .into_iter()
            .filter(|(village, _)| v.is_none_or(|v| v == *village))
            .map(|(village, p)| {
                let name = villages
                    .iter()
                    .find(|(id, _)| *id == village)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                (name, p)
            })
            .collect();
        let phones = phones
            .into_iter()
            .map(|(name, last_sync, waiting, devices)| PhoneReport {
                name,
                last_sync,
                waiting,
                devices,
            })
            .collect();
        let trend = months
            .into_iter()
            .map(|month| {
                let code = month.code();
                let (feedback, closed) = trend
                    .iter()
                    .filter(|t| t.0 == code)
                    .fold((0, 0), |(f, c), t| (f + t.1, c + t.2));
                (month, feedback, closed)
            })
            .map(|(month, feedback, closed)| TrendPoint {
                visits: trend_visits
                    .iter()
                    .find(|(m, _)| *m == month.code())
                    .map_or(0, |(_, n)| *n),
                month,
                feedback,
                closed,
            })
            .collect();
        Ok(Summary {
            filter,
            village_name,
            villages,
            generated_at: now,
            today,
            by_village,
            by_cadre,
            idle,
            feedback,
            resolved,
            median_days,
            overdue,
            commitments,
            compliance,
            cards_given,
            photos,
            quota,
            receptions,
            phones,
            trend,
        })
    }
}

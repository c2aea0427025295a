//! `/admin`: the chapter at a glance, with what needs attention first.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::session::Signed;
use super::{failed, frame};
use crate::app::AppState;
use crate::db;
use crate::domain::{now, review};
use crate::federation::LocalActor;

pub async fn show(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    match figures(&state).await {
        Ok(f) => {
            let main = html! {
                @if f.waiting > 0 {
                    p.attention { a href="/admin/review" { (ui.locale.tr("dashboard-waiting", &[("count", f.waiting.into())])) } }
                }
                @if f.comments > 0 {
                    p.attention { a href="/admin/comments" { (ui.locale.tr("dashboard-comments", &[("count", f.comments.into())])) } }
                }
                @if f.reports > 0 {
                    p.attention { a href="/admin/reports" { (ui.locale.tr("dashboard-reports", &[("count", f.reports.into())])) } }
                }
                @for (s, run) in &f.sources_refusing {
                    p.attention { a href={ "/admin/sources/" (s.id) } { (ui.locale.tr("dashboard-source-refusing", &[("name", s.attribution.name.clone().into()), ("count", run.rejected.into()), ("first", run.notes.first().cloned().unwrap_or_default().into())])) } }
                }
                @for s in &f.sources_failing {
                    p.attention { a href="/admin/sources" { (ui.locale.tr("dashboard-source-failing", &[("name", s.attribution.name.clone().into()), ("error", s.error.clone().unwrap_or_default().into())])) } }
                }
                @if f.duplicates > 0 {
                    p.attention { a href="/admin/duplicates" { (ui.t("dashboard-duplicates")) " (" (f.duplicates) ")" } }
                }
                @if f.failing > 0 && signed.is_admin() {
                    p.attention { a href="/admin/deliveries" { (ui.locale.tr("dashboard-failing", &[("count", f.failing.into())])) } }
                }
                dl.figures {
                    div { dt { (ui.t("dashboard-initiatives")) } dd { (f.initiatives.0) } dd.small { (ui.locale.tr("dashboard-mirrored", &[("count", f.initiatives.1.into())])) } }
                    div { dt { (ui.t("dashboard-events")) } dd { (f.events.0) } dd.small { (ui.locale.tr("dashboard-mirrored", &[("count", f.events.1.into())])) } }
                    div { dt { (ui.t("dashboard-followers")) } dd { (f.followers) } }
                    div { dt { (ui.t("dashboard-follows")) } dd { (f.follows) } }
                    div { dt { (ui.t("dashboard-review")) } dd { (f.waiting) } }
                    div { dt { (ui.t("dashboard-reports-label")) } dd { (f.reports) } }
                    div { dt { a href="/admin/duplicates" { (ui.t("dashboard-duplicates")) } } dd { (f.duplicates) } }
                    div { dt { (ui.t("dashboard-failing-label")) } dd { (f.failing) } }
                    div { dt { (ui.t("dashboard-subscribers")) } dd { (f.subscribers) } }
                    div { dt { (ui.t("dashboard-mail")) } dd { (f.mails.0) } dd.small { (ui.locale.tr("dashboard-mail-failed", &[("count", f.mails.1.into())])) } }
                }
                p {
                    a.button href="/admin/initiatives/new" { (ui.t("admin-new-initiative")) } " "
                    a.button href="/admin/events/new" { (ui.t("admin-new-event")) }
                }
                p { a href="/embed" { (ui.t("dashboard-embed")) } }
            };
            ui.respond(
                StatusCode::OK,
                frame(&state, &ui, &signed, &ui.t("admin-dashboard"), main),
            )
        }
        Err(e) => failed(&state, &ui, e),
    }
}

struct Figures {
    /// (ours, mirrored)
    initiatives: (i64, i64),
    /// Upcoming (ours, mirrored).
    events: (i64, i64),
    followers: i64,
    follows: i64,
    waiting: i64,
    /// Comments from the fediverse waiting for review.
    comments: i64,
    /// Open reports.
    reports: i64,
    /// Pairs of initiatives likely the same, not decided yet.
    duplicates: i64,
    /// Deliveries given up, plus those retrying after an error.
    failing: i64,
    /// Sources whose last run failed.
    sources_failing: Vec<crate::domain::sources::Source>,
    /// Sources whose last run refused rows, with that run.
    sources_refusing: Vec<(crate::domain::sources::Source, crate::domain::sources::Run)>,
    /// Readers' confirmed subscriptions (their addresses are never listed).
    subscribers: i64,
    /// Messages (waiting, given up).
    mails: (i64, i64),
}

async fn figures(state: &AppState) -> anyhow::Result<Figures> {
    let db = &state.db;
    let (ours, mirrored, upcoming, upcoming_mirrored) = db::origin::summary(db, now()).await?;
    let failing = db::deliveries::count_problems(db, 1000).await?;
    Ok(Figures {
        initiatives: (ours, mirrored),
        events: (upcoming, upcoming_mirrored),
        followers: db::followers::count(db, LocalActor::Chapter.as_str()).await?,
        follows: db::follows::list(db).await?.len() as i64,
        waiting: review::waiting(db).await?
            + db::freshness::pending_edits(db, 1000).await?.len() as i64,
        comments: crate::domain::comment::waiting(db).await?,
        reports: crate::domain::report::open_count(db).await?,
        duplicates: crate::domain::duplicates::count_open(db).await?,
        failing,
        sources_failing: crate::domain::sources::failing(db).await?,
        sources_refusing: crate::domain::sources::refusing(db).await?,
        subscribers: state_count(&db::subscriptions::counts(db).await?, "active"),
        mails: {
            let counts = db::mails::counts(db).await?;
            (
                state_count(&counts, "pending"),
                state_count(&counts, "failed"),
            )
        },
    })
}

fn state_count(counts: &[(String, i64)], state: &str) -> i64 {
    counts
        .iter()
        .find(|(s, _)| s == state)
        .map_or(0, |(_, n)| *n)
}

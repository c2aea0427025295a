//! `/admin/deliveries`, for admins: what federation could not deliver yet, by host, and
//! "retry now".

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, csrf_field};
use super::{done, failed, frame, log, problem, refused, when};
use crate::app::AppState;
use crate::{db, domain};

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    let db = &state.db;
    let loaded = async {
        Ok::<_, sqlx::Error>((
            db::deliveries::counts(db).await?,
            db::deliveries::failed_by_host(db, 100).await?,
            db::deliveries::pending_by_host(db, 100).await?,
            db::deliveries::unavailable_hosts(db).await?,
            db::deliveries::problems(db, 50).await?,
        ))
    };
    let (counts, failed_hosts, pending_hosts, unavailable, problems) = match loaded.await {
        Ok(all) => all,
        Err(e) => return failed(&state, &ui, e),
    };
    let retry = |host: &str| -> Markup {
        html! {
            form.inline method="post" action="/admin/deliveries/retry" {
                (csrf_field(&signed))
                input type="hidden" name="host" value=(host);
                button type="submit" { (ui.t("deliveries-retry")) }
            }
        }
    };
    let main = html! {
        dl.figures { @for (state_name, n) in &counts { div { dt { (ui.t(&format!("delivery-{state_name}"))) } dd { (n) } } } }
        @if !unavailable.is_empty() {
            h2 { (ui.t("deliveries-unavailable")) }
            p { (ui.t("deliveries-unavailable-text")) }
            table.admin-list { tbody { @for h in &unavailable {
                tr { td { (h.host) } td { (ui.locale.tr("deliveries-failures", &[("count", h.failures.into())])) }
                     td { @if let Some(since) = h.unavailable_since { (when(&state, since)) } } td { (retry(&h.host)) } }
            } } }
        }
        @if !failed_hosts.is_empty() {
            h2 { (ui.t("deliveries-failed")) }
            table.admin-list { tbody { @for (host, n) in &failed_hosts {
                tr { td { (host) } td { (n) } td { (retry(host)) } }
            } } }
        }
        @if !pending_hosts.is_empty() {
            h2 { (ui.t("deliveries-pending")) }
            table.admin-list { tbody { @for (host, n) in &pending_hosts {
                tr { td { (host) } td { (n) } td { (retry(host)) } }
            } } }
        }
        @if !problems.is_empty() {
            h2 { (ui.t("deliveries-errors")) }
            table.admin-list {
                thead { tr { th { (ui.t("deliveries-inbox")) } th { (ui.t("deliveries-attempts")) } th { (ui.t("deliveries-error")) } } }
                tbody { @for p in &problems {
                    tr { td { (p.inbox) } td { (p.attempts) } td { (p.last_status.map(|s| s.to_string()).unwrap_or_default()) " " (p.last_error.clone().unwrap_or_default()) } }
                } }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-deliveries"), main),
    )
}

pub async fn retry(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let host = form.get("host");
    if host.is_empty() {
        return refused(
            &state,
            &ui,
            domain::Error::Invalid(problem("host", "is required")),
        );
    }
    match db::deliveries::retry_host(&state.db, host, domain::now()).await {
        Ok(n) => {
            state.federation.context().deliveries_queued.notify_one();
            log(
                &state,
                &signed,
                "deliveries.retry",
                &format!("{host} ({n})"),
            )
            .await;
            done("/admin/deliveries", "retried")
        }
        Err(e) => failed(&state, &ui, e),
    }
}

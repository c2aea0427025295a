//! `partage mail send-due` and `partage mail preview KIND`.

use crate::app::{AppState, open_database};
use crate::config::Settings;

pub async fn send_due(settings: Settings) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let state = AppState::new(db.clone(), settings).await?;
    let planned = crate::mail::worker::plan(&state.mailer).await?;
    let report = crate::mail::send_due(&state.mailer).await?;
    db.close().await;
    println!(
        "Queued {} notice message(s) and {} digest(s); sent {}, to retry {}, failed {}, waiting for the next hour {}.",
        planned.notices,
        planned.digests,
        report.sent,
        report.retried,
        report.failed,
        report.postponed
    );
    Ok(())
}

pub fn preview(settings: &Settings, kind: &str, lang: &str) -> anyhow::Result<()> {
    let base = settings.base_url();
    let rendered = crate::mail::preview(&settings.instance.name, base.as_str(), kind, lang)
        .ok_or_else(|| anyhow::anyhow!("no message of kind {kind:?}"))?;
    println!("Subject: {}", rendered.subject);
    if let Some(unsubscribe) = &rendered.unsubscribe {
        println!("List-Unsubscribe: <{unsubscribe}>");
    }
    println!("\n{}\n----- HTML -----\n{}", rendered.text, rendered.html);
    Ok(())
}

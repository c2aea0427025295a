//! `partage doctor`: prints each check and what to fix.

use anyhow::bail;

use crate::app::open_database;
use crate::config::Settings;

pub async fn doctor(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let checks = crate::ops::doctor::run(settings, &db).await;
    db.close().await;
    for check in &checks {
        let mark = if check.ok { "ok  " } else { "FAIL" };
        println!("{mark} {:<14} {}", check.name, check.detail);
        if let Some(fix) = &check.fix {
            println!("     {:<14} → {fix}", "");
        }
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    if failed > 0 {
        bail!("{failed} of {} checks failed", checks.len());
    }
    println!("Everything looks right.");
    Ok(())
}

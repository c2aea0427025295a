//! Copies of remote pictures (mirrored entries', `image_url`s): fetched through the same client
//! as remote actors, within the upload limits, processed like uploads and served from our own
//! store; and the sweep that removes the files nothing shows any more.

use chrono::{Duration, Utc};
use url::Url;

use super::{Context, Error};
use crate::db;
use crate::db::media::MediaRow;
use crate::domain::{now, pictures};
use crate::media::{MediaError, Refused};

/// Remote pictures fetched in one round.
const PER_ROUND: i64 = 8;
/// Uploads never shown by an entry are removed after this long.
const UNUSED_FOR: Duration = Duration::hours(24);

/// Fetches the remote pictures due now (after adopting the `image_url`s of imported
/// initiatives); how many it tried.
pub async fn fetch_due(ctx: &Context) -> Result<usize, Error> {
    pictures::adopt_image_urls(&ctx.db, 200)
        .await
        .map_err(super::outbox::domain_error)?;
    let started = now();
    // Taken for as long as a round may last; a crash lets them be taken again after it.
    let lease = started + Duration::minutes(10);
    let due = db::media::take_due(&ctx.db, started, lease, PER_ROUND).await?;
    for row in &due {
        match copy(ctx, row).await {
            Ok(files) => {
                pictures::fetched(&ctx.db, row, &files)
                    .await
                    .map_err(super::outbox::domain_error)?;
                ctx.deliveries_queued.notify_one();
            }
            Err((why, again)) => {
                let next = again.then(|| now() + retry_after(row.attempts));
                tracing::info!(picture = row.key, source = ?row.source_url, "Cannot copy a picture: {why}");
                db::media::not_fetched(&ctx.db, row.id, &why, next).await?;
            }
        }
    }
    Ok(due.len())
}

/// A picture fetched, processed and stored; else why, and whether to try again.
async fn copy(ctx: &Context, row: &MediaRow) -> Result<db::media::Files, (String, bool)> {
    let source = row.source_url.as_deref().unwrap_or_default();
    let url = Url::parse(source).map_err(|e| (format!("{source:?}: {e}"), false))?;
    super::check_remote_url(&url, ctx.debug()).map_err(|why| (why, false))?;
    let limit = ctx.settings.media.max_upload_bytes;
    let bytes = crate::media::fetch::fetch(&ctx.client, &url, limit)
        .await
        .map_err(|why| (why, true))?;
    let processed = ctx.media.process(bytes).await.map_err(|e| match e {
        // The same file will be refused again.
        MediaError::Refused(
            Refused::Unsupported(why) | Refused::TooLarge(why) | Refused::Broken(why),
        ) => (why, false),
        other => (other.to_string(), true),
    })?;
    ctx.media
        .save(&row.key, &processed)
        .await
        .map_err(|e| (e.to_string(), true))?;
    Ok(crate::domain::pictures::files_of(&processed))
}

/// 5 minutes, 30 minutes, 6 hours, then a day.
fn retry_after(attempts: i32) -> Duration {
    match attempts {
        0 => Duration::minutes(5),
        1 => Duration::minutes(30),
        2 => Duration::hours(6),
        _ => Duration::days(1),
    }
}

/// Removes the files of pictures nothing shows: uploads never used for a day, and pictures of
/// deleted entries (or removed from theirs) once the deliveries queued before are out, so that
/// a server reading the entry's last `Update` still finds them. How many it removed.
pub async fn sweep(ctx: &Context) -> Result<usize, Error> {
    let now = Utc::now();
    db::media::mark_orphans(&ctx.db, now).await?;
    let mut removed = 0;
    loop {
        let rows = db::media::removable(&ctx.db, now - UNUSED_FOR, 100).await?;
        if rows.is_empty() {
            return Ok(removed);
        }
        for row in rows {
            if let Some(media_type) = &row.media_type
                && let Err(e) = ctx.media.remove(&row.key, media_type).await
            {
                tracing::warn!(error = %e, picture = row.key, "Cannot remove a picture's files yet");
                return Ok(removed);
            }
            db::media::delete(&ctx.db, row.id).await?;
            removed += 1;
        }
    }
}

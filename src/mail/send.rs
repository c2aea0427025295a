//! Sending what is due: leased from the queue, rendered, handed to the transport, recorded;
//! retried with backoff when the server answers "later", within the hourly cap.

use chrono::{DateTime, Duration, Utc};

use super::Mailer;
use crate::db::{DbError, mails};

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    /// Not sent, to be tried again.
    pub retried: usize,
    /// Refused for good, or no longer meaningful.
    pub failed: usize,
    /// Left for the next hour: the cap was reached.
    pub postponed: usize,
}

/// Messages leased at once.
const BATCH: i64 = 50;
/// A transient failure is retried for this long after the message was queued.
const GIVE_UP_AFTER: Duration = Duration::days(3);
/// A permanent refusal (5xx) is tried this many times: some servers answer 5xx to a burst.
const PERMANENT_TRIES: i32 = 3;

/// Sends every due message, within the hour's cap. Returns what happened.
pub async fn send_due(mailer: &Mailer) -> Result<SendReport, DbError> {
    let _sending = mailer.inner.sending.lock().await;
    let db = mailer.db();
    let mut report = SendReport::default();
    loop {
        let now = crate::domain::now();
        let leased = mails::lease_due(db, now, now + Duration::minutes(5), BATCH).await?;
        if leased.is_empty() {
            return Ok(report);
        }
        let (sent_this_hour, first) = mails::sent_since(db, now - Duration::hours(1)).await?;
        let mut room = i64::from(mailer.inner.max_per_hour) - sent_this_hour;
        for mail in leased {
            if room <= 0 {
                let next = first.unwrap_or(now) + Duration::hours(1);
                mails::postpone(db, mail.id, next.max(now + Duration::minutes(1))).await?;
                report.postponed += 1;
                continue;
            }
            let rendered = match super::render::render(mailer, &mail).await {
                Ok(Some(message)) => message,
                Ok(None) => {
                    mails::not_sent(db, mail.id, "no longer needed", None).await?;
                    report.failed += 1;
                    continue;
                }
                Err(e) => {
                    tracing::error!(mail.id = mail.id, error = %e, "Cannot render a message");
                    let next = retry_at(now, mail.attempts);
                    mails::not_sent(db, mail.id, &format!("cannot render: {e}"), Some(next))
                        .await?;
                    report.retried += 1;
                    continue;
                }
            };
            match mailer.deliver(rendered).await {
                Ok(()) => {
                    mails::sent(db, mail.id, crate::domain::now()).await?;
                    tracing::info!(mail.id = mail.id, kind = %mail.kind, "Sent a message");
                    report.sent += 1;
                    room -= 1;
                }
                Err(e) => {
                    let attempts = mail.attempts + 1;
                    let gives_up = if e.transient {
                        now - mail.created_at > GIVE_UP_AFTER
                    } else {
                        attempts >= PERMANENT_TRIES
                    };
                    let next = (!gives_up).then(|| retry_at(now, mail.attempts));
                    tracing::warn!(mail.id = mail.id, kind = %mail.kind, error = %e.message,
                        retry = ?next, "A message was not sent");
                    mails::not_sent(db, mail.id, &e.message, next).await?;
                    if gives_up {
                        report.failed += 1;
                    } else {
                        report.retried += 1;
                    }
                }
            }
        }
    }
}

/// When to try again after `attempts` failed tries: 1, 5, 15, 30 minutes, then hourly doubling
/// up to 12 hours.
fn retry_at(now: DateTime<Utc>, attempts: i32) -> DateTime<Utc> {
    let minutes = match attempts {
        0 => 1,
        1 => 5,
        2 => 15,
        3 => 30,
        n => (60_i64 << (n - 4).min(4)).min(720),
    };
    now + Duration::minutes(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_twelve_hours() {
        let now = Utc::now();
        let delays: Vec<i64> = (0..10)
            .map(|n| (retry_at(now, n) - now).num_minutes())
            .collect();
        assert_eq!(delays, [1, 5, 15, 30, 60, 120, 240, 480, 720, 720]);
    }
}

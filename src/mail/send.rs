//! Sending what is due: leased from the queue, rendered, handed to the transport, recorded;
//! retried with backoff when the server answers "later", within the hourly cap.

use chrono::{DateTime, Duration, Utc};

use super::Mailer;
use futures::StreamExt;

use crate::db::{DbError, mails, mails::MailRow};

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
/// Messages rendered and sent at once (lettre's pool keeps as many connections open).
const AT_ONCE: usize = 8;
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
        let mut leased = mails::lease_due(db, now, now + Duration::minutes(5), BATCH).await?;
        if leased.is_empty() {
            return Ok(report);
        }
        let (sent_this_hour, first) = mails::sent_since(db, now - Duration::hours(1)).await?;
        let room = (i64::from(mailer.inner.max_per_hour) - sent_this_hour).max(0) as usize;
        let later = leased.split_off(room.min(leased.len()));
        for mail in &later {
            let next = first.unwrap_or(now) + Duration::hours(1);
            mails::postpone(db, mail.id, next.max(now + Duration::minutes(1))).await?;
            report.postponed += 1;
        }
        let mut outcomes = futures::stream::iter(leased)
            .map(|mail| send_one(mailer, mail, now))
            .buffer_unordered(AT_ONCE);
        while let Some(outcome) = outcomes.next().await {
            match outcome? {
                Outcome::Sent => report.sent += 1,
                Outcome::Retry => report.retried += 1,
                Outcome::Failed => report.failed += 1,
            }
        }
        if !later.is_empty() {
            return Ok(report);
        }
    }
}

enum Outcome {
    Sent,
    Retry,
    Failed,
}

/// Renders and sends one leased message, and records what became of it.
async fn send_one(mailer: &Mailer, mail: MailRow, now: DateTime<Utc>) -> Result<Outcome, DbError> {
    let db = mailer.db();
    let rendered = match super::render::render(mailer, &mail).await {
        Ok(Some(message)) => message,
        Ok(None) => {
            mails::not_sent(db, mail.id, "no longer needed", None).await?;
            return Ok(Outcome::Failed);
        }
        Err(e) => {
            tracing::error!(mail.id = mail.id, error = %e, "Cannot render a message");
            let next = retry_at(now, mail.attempts);
            mails::not_sent(db, mail.id, &format!("cannot render: {e}"), Some(next)).await?;
            return Ok(Outcome::Retry);
        }
    };
    match mailer.deliver(rendered).await {
        Ok(()) => {
            mails::sent(db, mail.id, crate::domain::now()).await?;
            tracing::info!(mail.id = mail.id, kind = %mail.kind, "Sent a message");
            Ok(Outcome::Sent)
        }
        Err(e) => {
            let gives_up = if e.transient {
                now - mail.created_at > GIVE_UP_AFTER
            } else {
                mail.attempts + 1 >= PERMANENT_TRIES
            };
            let next = (!gives_up).then(|| retry_at(now, mail.attempts));
            tracing::warn!(mail.id = mail.id, kind = %mail.kind, error = %e.message,
                retry = ?next, "A message was not sent");
            mails::not_sent(db, mail.id, &e.message, next).await?;
            Ok(if gives_up {
                Outcome::Failed
            } else {
                Outcome::Retry
            })
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

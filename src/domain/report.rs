//! Reports: what a reader ("Report a problem" on an entry's page) or another server (a `Flag`)
//! says is wrong with an entry or a comment. Each is stored open, with a notice to the admins in
//! the same transaction, until an admin or an editor resolves or dismisses it.

use serde::Deserialize;

use super::audit::{self, Actor};
use super::validate::{self, Problems};
use super::{Error, event, initiative, notice};
use crate::db::origin::Entries;
use crate::db::reports::{NewReport, ReportRow};
use crate::db::{self, Db};

/// A reader's message is at most this long; a Flag's text is cut at [`MAX_FLAG_MESSAGE`].
pub const MAX_MESSAGE: usize = 2_000;
pub const MAX_FLAG_MESSAGE: usize = 5_000;
/// The states a report can be in.
pub const STATES: [&str; 3] = ["open", "resolved", "dismissed"];

/// Why a reader reports an entry; `fediverse` for a Flag (its text says why).
pub const READER_REASONS: [&str; 4] = ["closed", "wrong", "duplicate", "inappropriate"];

/// A report as a reader's form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// `initiative` or `event`.
    pub kind: String,
    /// The entry's address name.
    pub slug: String,
    /// `closed`, `wrong` (wrong information), `duplicate` or `inappropriate`.
    pub reason: String,
    /// What is wrong, in the reader's words (at most 2,000 characters).
    #[serde(default)]
    pub message: Option<String>,
    /// An address to answer to, if the reader wants an answer.
    #[serde(default)]
    pub email: Option<String>,
}

/// The published entry a reader reports.
#[derive(Debug, Clone)]
pub struct Reported {
    pub entries: Entries,
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// Entries as a kind is named in a path or an input (`initiative` or `initiatives`).
pub fn entries_of(kind: &str) -> Option<Entries> {
    match kind {
        "initiative" | "initiatives" => Some(Entries::Initiatives),
        "event" | "events" => Some(Entries::Events),
        _ => None,
    }
}

/// The published entry with this address name (404 for anything else).
pub async fn reported(db: &Db, entries: Entries, slug: &str) -> Result<Reported, Error> {
    Ok(match entries {
        Entries::Initiatives => {
            let i = initiative::get_published(db, slug).await?;
            Reported {
                entries,
                id: i.id,
                slug: i.slug,
                name: i.data.name,
            }
        }
        Entries::Events => {
            let e = event::get_published(db, slug).await?;
            Reported {
                entries,
                id: e.id,
                slug: e.slug,
                name: e.data.name,
            }
        }
    })
}

/// Stores a reader's report of a published entry; the report's id.
pub async fn submit(db: &Db, input: ReportInput) -> Result<i64, Error> {
    let mut problems = Problems::default();
    let entries = entries_of(&input.kind);
    if entries.is_none() {
        problems.add("kind", "must be initiative or event");
    }
    if !READER_REASONS.contains(&input.reason.as_str()) {
        problems.add(
            "reason",
            "choose one of closed, wrong, duplicate, inappropriate",
        );
    }
    let message = validate::text(
        input.message.unwrap_or_default().trim().to_owned(),
        MAX_MESSAGE,
    )
    .unwrap_or_else(|why| {
        problems.add("message", why);
        String::new()
    });
    let email = match input.email.filter(|e| !e.trim().is_empty()) {
        None => None,
        Some(email) => validate::email(email).map(Some).unwrap_or_else(|_| {
            problems.add(
                "email",
                "is not a valid e-mail address (leave it empty if you want no answer)",
            );
            None
        }),
    };
    let Some(entries) = entries.filter(|_| problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let entry = reported(db, entries, &input.slug).await?;
    let label = format!("{} ({}): {}", entry.name, input.reason, snippet(&message));
    let report = NewReport {
        ap_id: None,
        actor_id: None,
        email,
        reason: input.reason,
        message,
        entry: Some((entry.entries, entry.id)),
        comment_id: None,
        objects: "[]".into(),
    };
    let id = store(db, &report, &label).await?;
    Ok(id.expect("a reader's report has no id to repeat"))
}

/// A Flag from another server, naming at least one thing of ours.
#[derive(Debug, Clone)]
pub struct Flag {
    pub ap_id: String,
    pub actor_id: i64,
    /// Plain text.
    pub message: String,
    pub entry: Option<(Entries, i64)>,
    pub comment_id: Option<i64>,
    /// Every address it names.
    pub objects: Vec<String>,
    /// Who sent it, for the admins' notice.
    pub sender: String,
}

/// Stores a Flag as an open report; `None` when it was stored before (a redelivery).
pub async fn receive_flag(db: &Db, flag: Flag) -> Result<Option<i64>, Error> {
    let message: String = flag.message.trim().chars().take(MAX_FLAG_MESSAGE).collect();
    let label = format!("{}: {}", flag.sender, snippet(&message));
    let report = NewReport {
        ap_id: Some(flag.ap_id),
        actor_id: Some(flag.actor_id),
        email: None,
        reason: "fediverse".into(),
        message,
        entry: flag.entry,
        comment_id: flag.comment_id,
        objects: serde_json::to_string(&flag.objects).unwrap_or_else(|_| "[]".into()),
    };
    store(db, &report, &label).await
}

/// The report and its notice, in one transaction.
async fn store(db: &Db, report: &NewReport, label: &str) -> Result<Option<i64>, Error> {
    let mut tx = db.begin().await?;
    let Some(id) = db::reports::insert(&mut tx, report, super::now()).await? else {
        return Ok(None);
    };
    let cause = format!("report:{id}");
    notice::record(
        &mut tx,
        notice::Kind::Report,
        "/admin/reports",
        label,
        &cause,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        report.id = id,
        reason = report.reason,
        "Report {id} received"
    );
    Ok(Some(id))
}

fn snippet(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// The reports in one of `states`, the latest changed first (at most `limit`).
pub async fn list(db: &Db, states: &[&str], limit: i64) -> Result<Vec<ReportRow>, Error> {
    Ok(db::reports::in_states(db, states, limit).await?)
}

pub async fn by_id(db: &Db, id: i64) -> Result<ReportRow, Error> {
    db::reports::by_id(db, id)
        .await?
        .ok_or(Error::NotFound("report"))
}

pub async fn open_count(db: &Db) -> Result<i64, Error> {
    Ok(db::reports::count_open(db).await?)
}

/// What a moderator does about a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    RemoveEntry,
    RemoveComment,
    BlockActor,
    BlockDomain,
    Dismiss,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::RemoveEntry,
        Action::RemoveComment,
        Action::BlockActor,
        Action::BlockDomain,
        Action::Dismiss,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::RemoveEntry => "remove_entry",
            Action::RemoveComment => "remove_comment",
            Action::BlockActor => "block_actor",
            Action::BlockDomain => "block_domain",
            Action::Dismiss => "dismiss",
        }
    }

    pub fn parse(value: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == value.trim())
    }
}

/// The remote actor a report is about: a comment's author, or a mirrored entry's origin.
pub fn reported_actor(report: &ReportRow) -> Option<&str> {
    report
        .comment_author
        .as_deref()
        .or(report.entry_origin.as_deref())
}

/// Whether the report's entry is one of the chapter's own (not mirrored).
pub fn names_own_entry(report: &ReportRow) -> bool {
    report.entry_slug.is_some() && report.entry_origin.is_none()
}

/// Closes a report (and `also`, the other open reports the action settled): `dismissed` for
/// [`Action::Dismiss`], else `resolved`, with `resolution` in words; logged. A report that is
/// not open any more is a conflict.
pub async fn close(
    db: &Db,
    by: Actor<'_>,
    id: i64,
    action: Action,
    resolution: &str,
    also: &[i64],
) -> Result<(), Error> {
    let state = if action == Action::Dismiss {
        "dismissed"
    } else {
        "resolved"
    };
    let now = super::now();
    if db::reports::close(db, &[id], state, resolution, now).await? == 0 {
        return Err(Error::Conflict(format!("report {id} is not open any more")));
    }
    let others: Vec<i64> = also.iter().copied().filter(|o| *o != id).collect();
    let others = db::reports::close(
        db,
        &others,
        state,
        &format!("{resolution} (report {id})"),
        now,
    )
    .await?;
    let target = format!(
        "report {id}: {resolution}{}",
        if others > 0 {
            format!("; {others} more closed")
        } else {
            String::new()
        }
    );
    audit::record(db, by, &format!("report.{}", action.as_str()), &target).await?;
    Ok(())
}

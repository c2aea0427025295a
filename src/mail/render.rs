//! A queued message made into an e-mail: its data loaded as it is now, its links minted, its
//! template filled in the recipient's language, its headers set (RFC 8058 one-click
//! unsubscribe on every message that is not a direct answer).

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use serde::Deserialize;

use super::Mailer;
use super::templates::{self, Chapter, Content, Item};
use crate::db::{self, mails::MailRow, subscriptions::SubscriptionRow};
use crate::domain::mail::{Purpose, link};
use crate::domain::{event, initiative, pictures};
use crate::i18n::Locale;

/// The e-mail for a queued message; `None` when it no longer has a reason to go (the
/// subscription ended, the entries are gone).
pub(super) async fn render(mailer: &Mailer, row: &MailRow) -> anyhow::Result<Option<Message>> {
    let locale = Locale::find(&row.locale).unwrap_or_else(Locale::fallback);
    let Some(content) = content(mailer, locale, &row.kind, &row.params).await? else {
        return Ok(None);
    };
    let to: Mailbox = row.recipient.parse()?;
    let host = mailer
        .inner
        .list_id
        .split_once('.')
        .map_or("localhost", |(_, h)| h);
    let mut builder = Message::builder()
        .from(mailer.inner.from.clone())
        .to(to)
        .subject(content.subject)
        .date(std::time::SystemTime::now())
        .message_id(Some(format!(
            "<partage.{}.{}@{host}>",
            row.id,
            row.created_at.timestamp()
        )));
    if let Some(reply_to) = &mailer.inner.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    let mut message = builder.multipart(MultiPart::alternative_plain_html(
        content.text,
        content.html,
    ))?;
    let headers = message.headers_mut();
    let raw = |name: &'static str, value: String| {
        HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
    };
    headers.insert_raw(raw("Auto-Submitted", "auto-generated".into()));
    if let Some(unsubscribe) = content.unsubscribe {
        headers.insert_raw(raw("List-Id", format!("<{}>", mailer.inner.list_id)));
        headers.insert_raw(raw("List-Unsubscribe", format!("<{unsubscribe}>")));
        headers.insert_raw(raw(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ));
    }
    Ok(Some(message))
}

#[derive(Deserialize)]
struct Params {
    #[serde(default)]
    subscription: i64,
    #[serde(default)]
    since: Option<DateTime<Utc>>,
    #[serde(default)]
    initiatives: Vec<i64>,
    #[serde(default)]
    events: Vec<i64>,
    #[serde(default)]
    more_initiatives: usize,
    #[serde(default)]
    more_events: usize,
    #[serde(default)]
    notices: Vec<i64>,
    #[serde(default)]
    user: String,
    #[serde(default)]
    initiative: i64,
    #[serde(default)]
    reminder: i32,
}

async fn content(
    mailer: &Mailer,
    l: &'static Locale,
    kind: &str,
    params: &str,
) -> anyhow::Result<Option<Content>> {
    let p: Params = serde_json::from_str(params)?;
    let db = mailer.db();
    let home = mailer.url("/");
    let chapter = Chapter {
        name: &mailer.inner.chapter,
        url: home.trim_end_matches('/'),
    };
    Ok(match kind {
        "confirm" => {
            let Some(sub) = db::subscriptions::get(db, p.subscription).await? else {
                return Ok(None);
            };
            if sub.state == "ended" {
                return Ok(None);
            }
            let secret = link(db, Purpose::Confirm, sub.id).await?;
            let url = mailer.url(&format!("/subscriptions/confirm/{secret}"));
            Some(templates::confirm(l, &chapter, &sub, &url))
        }
        "digest" => {
            let Some(sub) = db::subscriptions::get(db, p.subscription).await? else {
                return Ok(None);
            };
            if sub.state != "active" {
                return Ok(None);
            }
            let sections = digest_sections(mailer, l, &sub, &p).await?;
            if sections.iter().all(|(_, items, _, _)| items.is_empty()) {
                return Ok(None);
            }
            let secret = link(db, Purpose::Manage, sub.id).await?;
            let manage = mailer.url(&format!("/subscriptions/{secret}"));
            let unsubscribe = format!("{manage}/unsubscribe");
            let since = p.since.unwrap_or_else(crate::domain::now);
            Some(templates::digest(
                l,
                &chapter,
                &sub,
                since,
                &sections,
                &manage,
                &unsubscribe,
            ))
        }
        "notices" | "notices-daily" => {
            let notices = db::notices::by_ids(db, &p.notices).await?;
            if notices.is_empty() {
                return Ok(None);
            }
            let Some(user) = db::users::by_username(db, &p.user).await? else {
                return Ok(None);
            };
            let secret = link(db, Purpose::Notices, user.id).await?;
            let settings = mailer.url("/admin/account");
            let unsubscribe = mailer.url(&format!("/admin/notices/{secret}/off"));
            Some(templates::notices(
                l,
                &chapter,
                kind == "notices-daily",
                &notices,
                &settings,
                &unsubscribe,
            ))
        }
        "reminder" => {
            let Some(entry) = initiative::get_by_id(db, p.initiative).await? else {
                return Ok(None);
            };
            if entry.origin.is_some() || entry.data.email.is_none() {
                return Ok(None);
            }
            let secret = link(db, Purpose::Freshness, entry.id).await?;
            let page = mailer.url(&format!("/initiatives/{}", entry.slug));
            let (active, edit, closed) = (
                mailer.url(&format!("/fresh/{secret}/active")),
                mailer.url(&format!("/owner/{secret}")),
                mailer.url(&format!("/fresh/{secret}/closed")),
            );
            let links = templates::ReminderLinks {
                page: &page,
                active: &active,
                edit: &edit,
                closed: &closed,
            };
            Some(templates::reminder(
                l,
                &chapter,
                &entry.data.name,
                p.reminder > 1,
                &links,
            ))
        }
        "owner-link" => {
            let Some(entry) = initiative::get_by_id(db, p.initiative).await? else {
                return Ok(None);
            };
            let secret = link(db, Purpose::OwnerEdit, entry.id).await?;
            let url = mailer.url(&format!("/owner/{secret}"));
            Some(templates::owner_link(l, &chapter, &entry.data.name, &url))
        }
        other => anyhow::bail!("no template for {other:?}"),
    })
}

/// The sections of a digest: (title, items, how many more, the list they come from).
async fn digest_sections(
    mailer: &Mailer,
    l: &Locale,
    sub: &SubscriptionRow,
    p: &Params,
) -> anyhow::Result<Vec<(String, Vec<Item>, usize, String)>> {
    let db = mailer.db();
    let since = p.since.unwrap_or_else(crate::domain::now);
    let media = &mailer.inner.media;
    let picture = |pics: &[pictures::Picture]| {
        pics.first().and_then(|pic| {
            let files = pic.files.as_ref()?;
            let (_, preview) = crate::media::file_names(&pic.key, &files.media_type);
            Some((media.url(&preview).to_string(), pic.description.clone()))
        })
    };
    let query = list_query(sub);
    let mut initiatives = Vec::new();
    for id in &p.initiatives {
        if let Some(i) = initiative::get_by_id(db, *id).await? {
            initiatives.push(i);
        }
    }
    pictures::load(db, &mut initiatives).await?;
    let initiative_items = initiatives
        .iter()
        .map(|i| Item {
            name: i.data.name.clone(),
            line: i.data.summary.clone(),
            url: mailer.url(&format!("/initiatives/{}", i.slug)),
            picture: picture(&i.pictures),
            new: i.created_at > since,
        })
        .collect();
    let mut events = Vec::new();
    for id in &p.events {
        if let Some(e) = event::get_by_id(db, *id).await? {
            events.push(e);
        }
    }
    pictures::load(db, &mut events).await?;
    let event_items = events
        .iter()
        .map(|e| {
            let when = e.data.starts_at.with_timezone(&e.data.timezone);
            let mut line = when
                .format_localized("%A %e %B %Y, %H:%M", l.chrono)
                .to_string();
            if let Some(place) = &e.data.location {
                line.push_str(" · ");
                line.push_str(&place.one_line());
            }
            Item {
                name: e.data.name.clone(),
                line,
                url: mailer.url(&format!("/events/{}", e.slug)),
                picture: picture(&e.pictures),
                new: e.created_at > since,
            }
        })
        .collect();
    Ok(vec![
        (
            l.t("mail-digest-initiatives").into_owned(),
            initiative_items,
            p.more_initiatives,
            mailer.url(&format!("/initiatives{query}")),
        ),
        (
            l.t("mail-digest-events").into_owned(),
            event_items,
            p.more_events,
            mailer.url(&format!("/events{query}")),
        ),
    ])
}

/// The public lists' query for a subscription's area.
fn list_query(sub: &SubscriptionRow) -> String {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    if let (Some(lat), Some(lon)) = (sub.latitude, sub.longitude) {
        pairs.append_pair("near", &format!("{lat},{lon}"));
        pairs.append_pair("radius_km", &sub.radius_km.unwrap_or(10.0).to_string());
    }
    if !sub.categories.is_empty() {
        pairs.append_pair("category", &sub.categories);
    }
    if sub.origin == "local" {
        pairs.append_pair("origin", "local");
    }
    let query = pairs.finish();
    if query.is_empty() {
        query
    } else {
        format!("?{query}")
    }
}

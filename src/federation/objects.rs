//! Our initiatives and events as ActivityStreams objects (their text shaped by [`super::post`]).

use chrono::{DateTime, Utc};
use url::Url;

use super::Context;
use super::post::{Post, Shaped, describe_time};
use super::protocol::objects::{
    Attachment, EntryObject, EventObject, Hashtag, PageObject, Place, PostalAddress, Replies,
    Tombstone,
};
use super::protocol::{PUBLIC, context};
use super::urls::{LocalActor, ObjectKind};
use crate::domain::event::{Event, EventStatus, JoinMode};
use crate::domain::initiative::{Initiative, Status};
use crate::domain::location::Location;
use crate::domain::pictures::Picture;
use crate::domain::{category, text};

/// An initiative as a `Page`.
pub fn initiative_object(ctx: &Context, i: &Initiative, with_context: bool) -> PageObject {
    let urls = &ctx.urls;
    let d = &i.data;
    let language = d
        .languages
        .first()
        .unwrap_or(&ctx.settings.instance.languages[0]);
    let french = language.starts_with("fr");
    let mut facts = Vec::new();
    // Said first, as an event's cancellation is: a reader of the post must not go there.
    match d.status {
        Status::Closed if french => facts.push("🚫 FERMÉ DÉFINITIVEMENT".into()),
        Status::Closed => facts.push("🚫 CLOSED FOR GOOD".into()),
        Status::Paused if french => facts.push("⏸ EN PAUSE".into()),
        Status::Paused => facts.push("⏸ PAUSED".into()),
        Status::Active => {}
    }
    if !d.summary.is_empty() {
        facts.push(d.summary.clone());
    }
    if let Some(place) = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty())
    {
        facts.push(format!("📍 {place}"));
    }
    if let Some(hours) = &d.opening_hours {
        facts.push(format!("🕒 {hours}"));
    }
    let attachment = pictures(ctx, &i.pictures);
    let url = urls.initiative_page(&i.slug);
    let post = Post {
        name: &d.name,
        language,
        facts,
        url: &url,
        description_html: &i.description_html,
        description: &d.description,
        name_in_content: true,
    };
    PageObject {
        entry: entry(
            ctx,
            Entry {
                id: urls.initiative(i.id),
                kind: "Page",
                text: post.shape(),
                description: d.description.clone(),
                url: url.clone(),
                published: i.created_at,
                updated: i.updated_at,
                tag: hashtags(ctx, &d.categories, &d.tags),
                attachment,
                location: d.location.as_ref().map(place),
                categories: d.categories.clone(),
            },
            with_context,
        ),
        headline: d.summary.clone(),
        opening_hours: d.opening_hours.clone(),
        website: d.website.clone(),
        email: d.email.clone(),
        telephone: d.phone.clone(),
        initiative_status: d.status.as_str(),
        languages: d.languages.clone(),
        confirmed: i.confirmation.confirmed_at,
        unconfirmed_since: i.confirmation.unconfirmed_since,
        same_as: i
            .same_as
            .iter()
            .map(|e| match &e.origin {
                Some(o) => o.ap_id.clone(),
                None => urls.initiative(e.id).to_string(),
            })
            .collect(),
    }
}

/// An event as an `Event`.
pub fn event_object(ctx: &Context, e: &Event, with_context: bool) -> EventObject {
    let urls = &ctx.urls;
    let d = &e.data;
    let language = d
        .language
        .clone()
        .unwrap_or_else(|| ctx.settings.instance.languages[0].clone());
    let french = language.starts_with("fr");
    let mut facts = Vec::new();
    match d.status {
        EventStatus::Cancelled => facts.push(
            if french {
                "❌ ANNULÉ"
            } else {
                "❌ CANCELLED"
            }
            .into(),
        ),
        EventStatus::Postponed => facts.push(
            if french {
                "⏸ REPORTÉ"
            } else {
                "⏸ POSTPONED"
            }
            .into(),
        ),
        EventStatus::Scheduled => {}
    }
    facts.push(format!(
        "📅 {}",
        describe_time(d.starts_at, d.ends_at, d.timezone, &language)
    ));
    if let Some(place) = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty())
    {
        facts.push(format!("📍 {place}"));
    }
    let online = d.online_url.as_deref().and_then(|u| Url::parse(u).ok());
    if let Some(online) = &online {
        let label = if french { "En ligne" } else { "Online" };
        facts.push(format!("💻 {label}: {online}"));
    }
    let local = |t: DateTime<Utc>| t.with_timezone(&d.timezone).fixed_offset();
    let mut attachment = pictures(ctx, &e.pictures);
    if let Some(online) = &online {
        // Mobilizon reads a text/html Link named "Website" as the online meeting's address.
        attachment.push(Attachment {
            kind: "Link",
            media_type: "text/html".into(),
            name: Some("Website".into()),
            href: Some(online.clone()),
            ..Attachment::default()
        });
    }
    let location = match (&d.location, &online) {
        (Some(l), _) => Some(place(l)),
        // Online only: a place all the same, where Gancio reads the address (without one, it
        // hides the event, and refuses its updates).
        (None, Some(online)) => Some(Place {
            kind: "VirtualLocation",
            name: Some(if french { "En ligne" } else { "Online" }.into()),
            address: Some(PostalAddress {
                kind: "VirtualLocation",
                url: Some(online.clone()),
                // Gancio's Update takes the place's address from its street or locality.
                address_locality: Some(if french { "En ligne" } else { "Online" }.into()),
                ..PostalAddress::default()
            }),
            url: Some(online.clone()),
            latitude: None,
            longitude: None,
        }),
        (None, None) => None,
    };
    let url = urls.event_page(&e.slug);
    let post = Post {
        name: &d.name,
        language: &language,
        facts,
        url: &url,
        description_html: &e.description_html,
        description: &d.description,
        name_in_content: false,
    };
    EventObject {
        entry: entry(
            ctx,
            Entry {
                id: urls.event(e.id),
                kind: "Event",
                text: post.shape(),
                description: d.description.clone(),
                url: url.clone(),
                published: e.created_at,
                updated: e.updated_at,
                tag: hashtags(ctx, &d.categories, &d.tags),
                attachment,
                location,
                categories: d.categories.clone(),
            },
            with_context,
        ),
        start_time: local(d.starts_at),
        end_time: d.ends_at.map(local),
        timezone: d.timezone.name().to_owned(),
        event_status: match d.status {
            EventStatus::Scheduled => "EventScheduled",
            EventStatus::Cancelled => "EventCancelled",
            EventStatus::Postponed => "EventPostponed",
        },
        status: match d.status {
            EventStatus::Scheduled => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
            EventStatus::Postponed => "TENTATIVE",
        },
        // We handle no RSVPs: participation is external, or not through ActivityPub (FEP-8a8e).
        join_mode: if d.join_mode == JoinMode::External {
            "external"
        } else {
            "none"
        },
        external_participation_url: d
            .registration_url
            .as_deref()
            .and_then(|u| Url::parse(u).ok()),
        maximum_attendee_capacity: d.capacity,
        is_online: d.online_url.is_some() && d.location.is_none(),
        in_language: d.language.clone(),
        category: d
            .categories
            .first()
            .and_then(|c| category::find(c))
            .map(|c| c.event_category),
    }
}

/// An event as the agendas following the application actor get it (Gancio): its description
/// alone as `content` (an agenda shows the date and the place itself), and no attachment but
/// its pictures (Gancio downloads the first attachment of an `Update` as the event's picture,
/// whatever it is, and fails the update when it is the online meeting's `Link`).
pub fn agenda_event(ctx: &Context, e: &Event) -> EventObject {
    let mut event = event_object(ctx, e, false);
    let entry = &mut event.entry;
    entry.content = e.description_html.clone();
    for content in entry.content_map.values_mut() {
        content.clone_from(&e.description_html);
    }
    entry
        .attachment
        .retain(|a| a.media_type.starts_with("image/"));
    event
}

/// What an initiative's and an event's objects are made of alike.
struct Entry {
    id: Url,
    kind: &'static str,
    text: Shaped,
    description: String,
    url: Url,
    published: DateTime<Utc>,
    updated: DateTime<Utc>,
    tag: Vec<Hashtag>,
    attachment: Vec<Attachment>,
    location: Option<Place>,
    categories: Vec<String>,
}

fn entry(ctx: &Context, e: Entry, with_context: bool) -> EntryObject {
    let chapter = ctx.urls.actor(LocalActor::Chapter);
    let replies = Replies::of(&e.id);
    EntryObject {
        context: with_context.then(context),
        id: e.id,
        kind: e.kind,
        name: e.text.name,
        name_map: e.text.name_map,
        summary_map: e.text.summary_map,
        content: e.text.content,
        content_map: e.text.content_map,
        media_type: "text/html",
        source: e.text.source,
        description: e.description,
        url: e.url,
        attributed_to: chapter.clone(),
        audience: chapter,
        to: vec![PUBLIC.into()],
        cc: vec![ctx.urls.followers().into()],
        published: e.published,
        updated: (e.updated > e.published).then_some(e.updated),
        tag: e.tag,
        image: e.attachment.first().filter(|a| a.kind == "Image").cloned(),
        attachment: e.attachment,
        location: e.location,
        categories: e.categories,
        replies,
    }
}

/// What a deleted object's URL answers.
pub fn tombstone(ctx: &Context, kind: ObjectKind, id: i64, deleted: DateTime<Utc>) -> Tombstone {
    let (id, former_type) = match kind {
        ObjectKind::Initiative => (ctx.urls.initiative(id), "Page"),
        ObjectKind::Event => (ctx.urls.event(id), "Event"),
    };
    Tombstone {
        context: context(),
        id,
        kind: "Tombstone",
        former_type: former_type.into(),
        deleted,
    }
}

fn hashtags(ctx: &Context, categories: &[String], tags: &[String]) -> Vec<Hashtag> {
    let mut names: Vec<String> = Vec::new();
    for name in categories.iter().chain(tags) {
        if !names.iter().any(|n| text::fold(n) == text::fold(name)) {
            names.push(name.clone());
        }
    }
    names
        .into_iter()
        .map(|name| Hashtag {
            kind: "Hashtag",
            href: ctx.urls.tag(&text::fold(&name)),
            name: format!("#{name}"),
        })
        .collect()
}

fn place(l: &Location) -> Place {
    let has_address = l.street.is_some()
        || l.postal_code.is_some()
        || l.locality.is_some()
        || l.region.is_some()
        || l.country.is_some();
    // A place given by its name alone (an iCalendar LOCATION, often "name, street, town"):
    // that text is its address too, as Gancio makes it on a Create; its Update refuses a
    // place without an address, and the event would stay as it was there.
    let street = match (has_address, &l.name) {
        (false, Some(name)) => Some(name.clone()),
        _ => l.street.clone(),
    };
    Place {
        kind: "Place",
        name: l.name.clone().or_else(|| l.locality.clone()),
        address: (has_address || street.is_some()).then(|| PostalAddress {
            kind: "PostalAddress",
            url: None,
            street_address: street,
            postal_code: l.postal_code.clone(),
            address_locality: l.locality.clone(),
            address_region: l.region.clone(),
            address_country: l.country.clone(),
        }),
        url: None,
        latitude: l.latitude,
        longitude: l.longitude,
    }
}

/// An entry's pictures that have their files, as `Image` attachments, the main one first.
fn pictures(ctx: &Context, pictures: &[Picture]) -> Vec<Attachment> {
    pictures
        .iter()
        .filter_map(|p| {
            let files = p.files.as_ref()?;
            let (full, _) = crate::media::file_names(&p.key, &files.media_type);
            Some(Attachment {
                kind: "Image",
                media_type: files.media_type.clone(),
                name: Some(p.description.clone()),
                url: Some(ctx.media.url(&full)),
                width: Some(files.width),
                height: Some(files.height),
                blurhash: Some(files.blurhash.clone()),
                focal_point: p.focus.map(|(x, y)| [x, y]),
                ..Attachment::default()
            })
        })
        .collect()
}

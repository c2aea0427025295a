//! Events: workshops, meetups and conferences, at a place, online, or both.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::fields::{parse_json, parse_languages, parse_slug, parse_tags, set, set_opt};
use super::listing::{ListParams, Page};
use super::location::{Location, LocationInput};
use super::origin::{Origin, Review};
use super::validate::{self, Field, Problems};
use super::{Error, Outgoing, Rules, category, entry, pictures, series, text};
use crate::db::events::{EventRecord, EventRow};
use crate::db::filters::Total;
use crate::db::origin::Entries;
use crate::db::slugs::Table;
use crate::db::{self, Db, Mirror, Tx};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { #[default] $($variant),* }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(value: &str) -> Result<Self, String> {
                match value.trim() {
                    $($text => Ok($name::$variant),)*
                    other => Err(format!(
                        "{other:?} is not one of {}", [$($text),*].join(", ")
                    )),
                }
            }
        }
    };
}

string_enum! {
    /// Whether the event takes place.
    EventStatus { Scheduled = "scheduled", Cancelled = "cancelled", Postponed = "postponed" }
}

string_enum! {
    /// How people join: just come, register elsewhere, or not at all (a closed event).
    JoinMode { Free = "free", External = "external", None = "none" }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub slug: String,
    /// Where a mirrored entry comes from; `None` for our own.
    pub origin: Option<Origin>,
    pub review: Review,
    pub data: EventData,
    pub description_html: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its pictures, the main one first (loaded by the reads that show them).
    pub pictures: Vec<pictures::Picture>,
}

/// The fields an admin edits, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct EventData {
    pub name: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub timezone: Tz,
    pub location: Option<Location>,
    pub online_url: Option<String>,
    /// The slug of the local initiative that runs it.
    pub initiative: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub capacity: Option<i64>,
    pub join_mode: JoinMode,
    pub registration_url: Option<String>,
    pub status: EventStatus,
    pub language: Option<String>,
}

/// An event as the API receives it, unchecked; see [`super::initiative::InitiativeInput`].
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    #[serde(default)]
    #[schema(value_type = String, example = "Repair workshop")]
    pub name: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub slug: Field<String>,
    /// Markdown.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub description: Field<String>,
    /// RFC 3339 (`2026-12-05T14:00:00+01:00`), or a local time (`2026-12-05T14:00`) in
    /// `timezone`. Required on creation.
    #[serde(default)]
    #[schema(value_type = String, example = "2026-12-05T14:00:00+01:00")]
    pub starts_at: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub ends_at: Field<String>,
    /// IANA time zone the event is shown in; defaults to the chapter's.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "Europe/Paris")]
    pub timezone: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<LocationInput>)]
    pub location: Field<LocationInput>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub online_url: Field<String>,
    /// Slug of one of our initiatives.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub initiative: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub categories: Field<Vec<String>>,
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub tags: Field<Vec<String>>,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub capacity: Field<i64>,
    #[serde(default)]
    #[schema(value_type = Option<JoinMode>)]
    pub join_mode: Field<String>,
    /// Where to register; required when `join_mode` is `external`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub registration_url: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<EventStatus>)]
    pub status: Field<String>,
    /// BCP 47 tag of the language spoken.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub language: Field<String>,
    /// The ids of uploaded pictures (`POST /api/v1/media`), the main one first (the flyer);
    /// `null` or `[]` removes them all.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub images: Field<Vec<String>>,
}

impl Event {
    pub fn from_row(row: EventRow) -> Event {
        Event {
            origin: Origin::from_columns(&row.origin),
            review: Review::parse(&row.origin.review),
            id: row.id,
            slug: row.slug,
            description_html: row.description_html,
            created_at: row.created_at,
            updated_at: row.updated_at,
            pictures: Vec::new(),
            data: EventData {
                name: row.name,
                description: row.description,
                starts_at: row.starts_at,
                ends_at: row.ends_at,
                timezone: row.timezone.parse().unwrap_or(Tz::UTC),
                location: row.location.as_deref().map(parse_json),
                online_url: row.online_url,
                initiative: row.initiative_slug,
                categories: parse_json(&row.categories),
                tags: parse_json(&row.tags),
                capacity: row.capacity,
                join_mode: JoinMode::parse(&row.join_mode).unwrap_or_default(),
                registration_url: row.registration_url,
                status: EventStatus::parse(&row.status).unwrap_or_default(),
                language: row.language,
            },
        }
    }
}

impl EventData {
    pub(super) fn empty(timezone: Tz) -> Self {
        EventData {
            name: String::new(),
            description: String::new(),
            starts_at: DateTime::UNIX_EPOCH,
            ends_at: None,
            timezone,
            location: None,
            online_url: None,
            initiative: None,
            categories: Vec::new(),
            tags: Vec::new(),
            capacity: None,
            join_mode: JoinMode::Free,
            registration_url: None,
            status: EventStatus::Scheduled,
            language: None,
        }
    }

    /// Applies an input over these fields, then checks the rules that tie fields together.
    pub(super) fn apply(mut self, input: EventInput, problems: &mut Problems) -> Self {
        set(problems, "name", input.name, &mut self.name, |v| {
            validate::line(v, 200)
        });
        set(
            problems,
            "description",
            input.description,
            &mut self.description,
            |v| validate::text(v, 50_000),
        );
        // The zone first: times without an offset are read in it.
        set(
            problems,
            "timezone",
            input.timezone,
            &mut self.timezone,
            validate::timezone,
        );
        let tz = self.timezone;
        set(
            problems,
            "starts_at",
            input.starts_at,
            &mut self.starts_at,
            |v| parse_time(&v, tz),
        );
        set_opt(problems, "ends_at", input.ends_at, &mut self.ends_at, |v| {
            parse_time(&v, tz)
        });
        set_opt(
            problems,
            "location",
            input.location,
            &mut self.location,
            Location::parse_field,
        );
        set_opt(
            problems,
            "online_url",
            input.online_url,
            &mut self.online_url,
            |v| validate::web_url(v).map(String::from),
        );
        set_opt(
            problems,
            "initiative",
            input.initiative,
            &mut self.initiative,
            |v| Ok::<_, String>(v.trim().to_owned()),
        );
        set(
            problems,
            "categories",
            input.categories,
            &mut self.categories,
            category::parse_list,
        );
        set(problems, "tags", input.tags, &mut self.tags, parse_tags);
        set_opt(
            problems,
            "capacity",
            input.capacity,
            &mut self.capacity,
            |v| {
                if (1..=1_000_000).contains(&v) {
                    Ok(v)
                } else {
                    Err("must be between 1 and 1000000".to_owned())
                }
            },
        );
        set(
            problems,
            "join_mode",
            input.join_mode,
            &mut self.join_mode,
            |v| JoinMode::parse(&v),
        );
        set_opt(
            problems,
            "registration_url",
            input.registration_url,
            &mut self.registration_url,
            |v| validate::web_url(v).map(String::from),
        );
        set(problems, "status", input.status, &mut self.status, |v| {
            EventStatus::parse(&v)
        });
        set_opt(
            problems,
            "language",
            input.language,
            &mut self.language,
            |v| parse_languages(vec![v]).map(|mut l| l.remove(0)),
        );

        self
    }

    pub(super) fn check_rules(&self, problems: &mut Problems) {
        if self.ends_at.is_some_and(|end| end <= self.starts_at) {
            problems.add("ends_at", "must be after starts_at");
        }
        if self.location.is_none() && self.online_url.is_none() {
            problems.add(
                "location",
                "an event needs a location, an online_url, or both",
            );
        }
        if self.join_mode == JoinMode::External && self.registration_url.is_none() {
            problems.add("registration_url", "is required when join_mode is external");
        }
    }

    fn search_text(&self) -> String {
        let mut parts = vec![self.name.clone(), self.description.clone()];
        parts.extend(self.tags.iter().cloned());
        parts.extend(self.location.as_ref().map(Location::one_line));
        text::fold(&parts.join(" "))
    }

    /// The fields that differ, by their API names (every field named, so that a new one cannot
    /// be forgotten here).
    pub fn changed(&self, b: &EventData) -> Vec<&'static str> {
        let EventData {
            name,
            description,
            starts_at,
            ends_at,
            timezone,
            location,
            online_url,
            initiative,
            categories,
            tags,
            capacity,
            join_mode,
            registration_url,
            status,
            language,
        } = self;
        [
            ("name", *name != b.name),
            ("description", *description != b.description),
            ("starts_at", *starts_at != b.starts_at),
            ("ends_at", *ends_at != b.ends_at),
            ("timezone", *timezone != b.timezone),
            ("location", *location != b.location),
            ("online_url", *online_url != b.online_url),
            ("initiative", *initiative != b.initiative),
            ("categories", *categories != b.categories),
            ("tags", *tags != b.tags),
            ("capacity", *capacity != b.capacity),
            ("join_mode", *join_mode != b.join_mode),
            ("registration_url", *registration_url != b.registration_url),
            ("status", *status != b.status),
            ("language", *language != b.language),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect()
    }

    pub(super) fn record(
        &self,
        slug: &str,
        initiative_id: Option<i64>,
        mirror: Option<Mirror>,
    ) -> EventRecord {
        let point = self.location.as_ref().and_then(Location::point);
        EventRecord {
            slug: slug.to_owned(),
            name: self.name.clone(),
            description: self.description.clone(),
            description_html: text::markdown_to_html(&self.description),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            timezone: self.timezone.name().to_owned(),
            location: self
                .location
                .as_ref()
                .map(|l| serde_json::to_string(l).expect("a location serialises")),
            latitude: point.map(|p| p.0),
            longitude: point.map(|p| p.1),
            online_url: self.online_url.clone(),
            initiative_id,
            categories: self.categories.clone(),
            tags: self.tags.clone(),
            tag_keys: self.tags.iter().map(|t| text::fold(t)).collect(),
            capacity: self.capacity,
            join_mode: self.join_mode.as_str().to_owned(),
            registration_url: self.registration_url.clone(),
            status: self.status.as_str().to_owned(),
            language: self.language.clone(),
            search_text: self.search_text(),
            mirror,
        }
    }
}

/// Reads an RFC 3339 instant, or a local date and time in `tz`.
pub fn parse_time(value: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    let instant = if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        t.with_timezone(&Utc)
    } else {
        let local = [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .ok_or_else(|| {
            format!("{value:?} is not a date and time like \"2026-12-05T14:00:00+01:00\"")
        })?;
        tz.from_local_datetime(&local)
            .earliest()
            .ok_or_else(|| format!("{value:?} does not exist in {tz} (a clock change)"))?
            .with_timezone(&Utc)
    };
    let year = instant.format("%Y").to_string().parse::<i32>().unwrap_or(0);
    if !(1900..=2200).contains(&year) {
        return Err("must be between the years 1900 and 2200".into());
    }
    Ok(chrono::SubsecRound::trunc_subsecs(instant, 0))
}

pub async fn get_by_id(db: &Db, id: i64) -> Result<Option<Event>, Error> {
    let row = db::events::by_id(db, id).await?;
    with_pictures(db, row.map(Event::from_row)).await
}

async fn with_pictures(db: &Db, found: Option<Event>) -> Result<Option<Event>, Error> {
    let mut found: Vec<Event> = found.into_iter().collect();
    pictures::load(db, &mut found).await?;
    Ok(found.pop())
}

/// Our published events not finished by `now`, soonest first: `limit` of them, and how many
/// there are in all.
pub async fn upcoming(db: &Db, now: DateTime<Utc>, limit: i64) -> Result<(Vec<Event>, i64), Error> {
    let params = ListParams {
        per_page: Some(limit.to_string()),
        origin: Some("local".into()),
        ..Default::default()
    };
    let (events, total, _) = search(db, &params, now).await?;
    Ok((events, total.count))
}

/// Our published events not finished yet, the most recently added first, and their number:
/// the chapter's agenda as the application actor publishes it.
pub async fn agenda(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Event>, i64), Error> {
    let (rows, total) = db::events::agenda(db, now, limit, offset).await?;
    let mut events: Vec<Event> = rows.into_iter().map(Event::from_row).collect();
    pictures::load(db, &mut events).await?;
    Ok((events, total))
}

pub async fn get(db: &Db, slug: &str) -> Result<Event, Error> {
    let row = db::events::by_slug(db, slug).await?;
    with_pictures(db, row.map(Event::from_row))
        .await?
        .ok_or(Error::NotFound("event"))
}

/// An event the public may see: not one waiting for review or rejected.
pub async fn get_published(db: &Db, slug: &str) -> Result<Event, Error> {
    let found = get(db, slug).await?;
    if found.review == Review::Published {
        Ok(found)
    } else {
        Err(Error::NotFound("event"))
    }
}

/// One page of the events matching a list query, by start time, and how many match in all.
pub async fn search(
    db: &Db,
    params: &ListParams,
    now: DateTime<Utc>,
) -> Result<(Vec<Event>, Total, Page), Error> {
    let (filter, page) = params.events(now).map_err(Error::BadQuery)?;
    search_filter(db, params, filter, page).await
}

/// Like [`search`], but up to `limit` events from the first, whatever the page (for feeds).
pub async fn search_limited(
    db: &Db,
    params: &ListParams,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<(Vec<Event>, Total, Page), Error> {
    let (filter, page) = first(params, now, limit)?;
    search_filter(db, params, filter, page).await
}

/// The ids of up to `limit` events matching a list query, from the first, whatever the page: a
/// map layer's, whose entries are then read a chunk at a time ([`published`]).
pub async fn found_limited(
    db: &Db,
    params: &ListParams,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<i64>, Error> {
    let (filter, _) = first(params, now, limit)?;
    Ok(found_filter(db, params, filter).await?.0)
}

/// The filter of a list query for up to `limit` events from the first, whatever its page.
fn first(
    params: &ListParams,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<(db::events::Filter, Page), Error> {
    let (mut filter, page) = params.events(now).map_err(Error::BadQuery)?;
    filter.limit = limit;
    filter.offset = 0;
    Ok((filter, page))
}

/// The events of `ids` still published, in that order.
pub async fn published(db: &Db, ids: &[i64]) -> Result<Vec<Event>, Error> {
    loaded(db, ids, Some(Review::Published.as_str())).await
}

async fn search_filter(
    db: &Db,
    params: &ListParams,
    filter: db::events::Filter,
    page: Page,
) -> Result<(Vec<Event>, Total, Page), Error> {
    let review = filter.review.clone();
    let (ids, total) = found_filter(db, params, filter).await?;
    Ok((loaded(db, &ids, review.as_deref()).await?, total, page))
}

async fn found_filter(
    db: &Db,
    params: &ListParams,
    mut filter: db::events::Filter,
) -> Result<(Vec<i64>, Total), Error> {
    if let Some(slug) = &params.initiative {
        let found = db::initiatives::by_slug(db, slug.trim()).await?;
        // One waiting for review is not known to the public either.
        let Some(row) = found.filter(|r| Review::parse(&r.origin.review).is_public()) else {
            let mut problems = Problems::default();
            problems.add("initiative", format!("there is no initiative {slug:?}"));
            return Err(Error::BadQuery(problems));
        };
        filter.initiative_id = Some(row.id);
    }
    Ok(db::events::found(db, &filter).await?)
}

/// The events of `ids` in that order, with their pictures; with `review`, only those still in
/// that state.
async fn loaded(db: &Db, ids: &[i64], review: Option<&str>) -> Result<Vec<Event>, Error> {
    let rows = db::events::rows(db, ids, review).await?;
    let mut events: Vec<Event> = rows.into_iter().map(Event::from_row).collect();
    pictures::load(db, &mut events).await?;
    Ok(events)
}

/// Looks the event's initiative up; an unknown slug is a problem of the input.
pub(super) async fn initiative_id(tx: &mut Tx, data: &EventData) -> Result<Option<i64>, Error> {
    let Some(slug) = &data.initiative else {
        return Ok(None);
    };
    match db::initiatives::by_slug_in(tx, slug).await? {
        Some(row) => Ok(Some(row.id)),
        None => {
            let mut problems = Problems::default();
            problems.add("initiative", format!("there is no initiative {slug:?}"));
            Err(Error::Invalid(problems))
        }
    }
}

/// Creates an event; `rules.timezone` is the zone used when the input names none.
pub async fn create(db: &Db, input: EventInput, rules: &Rules) -> Result<Event, Error> {
    create_as(db, input, rules, Review::Published).await
}

/// Creates an event that waits for review: a suggestion from the public, announced to nobody
/// until an admin approves it.
pub async fn submit(db: &Db, input: EventInput, rules: &Rules) -> Result<Event, Error> {
    create_as(db, input, rules, Review::Pending).await
}

async fn create_as(
    db: &Db,
    mut input: EventInput,
    rules: &Rules,
    review: Review,
) -> Result<Event, Error> {
    let mut problems = Problems::default();
    let images = pictures::requested(std::mem::take(&mut input.images), &mut problems);
    let checked = check_new(input, rules.timezone);
    if let Err(Error::Invalid(mut more)) = checked {
        for p in problems.iter() {
            more.add(p.field.clone(), p.message.clone());
        }
        return Err(Error::Invalid(more));
    }
    let (slug, data) = checked?;
    problems.into_result(())?;
    let mut tx = db.begin().await?;
    let (id, slug) = insert(&mut tx, slug, &data, review).await?;
    let per_entry = rules.pictures_per_entry;
    pictures::apply(
        &mut tx,
        Entries::Events,
        id,
        images.as_deref(),
        None,
        per_entry,
    )
    .await?;
    tx.commit().await?;
    get(db, &slug).await
}

/// Creates a repeating event: one ordinary event per occurrence of `rule`, each with the first
/// one's details at its own date, all or none. Slugs end with their date.
pub async fn create_series(
    db: &Db,
    mut input: EventInput,
    rules: &Rules,
    rule: series::Rule,
    count: u32,
) -> Result<Vec<Event>, Error> {
    // A picture belongs to one entry: a series' events have none of their own.
    input.images = Field::Absent;
    let (slug, first) = check_new(input, rules.timezone)?;
    let tz = first.timezone;
    let start = first.starts_at.with_timezone(&tz).naive_local();
    let length = first
        .ends_at
        .map(|end| end.with_timezone(&tz).naive_local() - start);
    let mut tx = db.begin().await?;
    let mut slugs = Vec::new();
    for local in series::occurrences(start, rule, count) {
        let mut data = first.clone();
        data.starts_at = series::instant(tz, local);
        data.ends_at = length.map(|l| series::instant(tz, local + l));
        let base = slug.as_deref().unwrap_or(&data.name);
        let dated = text::slugify(&format!("{base} {}", local.format("%Y-%m-%d")));
        let chosen = db::slugs::free(&mut tx, Table::Events, &dated).await?;
        slugs.push(
            insert(&mut tx, Some(chosen), &data, Review::Published)
                .await?
                .1,
        );
    }
    tx.commit().await?;
    let mut created = Vec::new();
    for slug in slugs {
        created.push(get(db, &slug).await?);
    }
    Ok(created)
}

/// Checks a new event without writing anything: every problem it has.
pub fn problems_of_new(input: EventInput, timezone: Tz) -> Problems {
    match check_new(input, timezone) {
        Err(Error::Invalid(problems)) => problems,
        _ => Problems::default(),
    }
}

/// Checks a new event: its slug if given, and its data.
fn check_new(mut input: EventInput, timezone: Tz) -> Result<(Option<String>, EventData), Error> {
    let mut problems = Problems::default();
    let slug = problems.optional("slug", std::mem::take(&mut input.slug));
    let slug = problems.check("slug", slug, parse_slug);
    for (name, absent) in [
        ("name", matches!(input.name, Field::Absent)),
        ("starts_at", matches!(input.starts_at, Field::Absent)),
    ] {
        if absent {
            problems.add(name, "is required");
        }
    }
    let data = EventData::empty(timezone).apply(input, &mut problems);
    if problems.is_empty() {
        data.check_rules(&mut problems);
    }
    Ok(problems.into_result((slug, data))?)
}

/// Inserts a checked event; returns its id and slug.
async fn insert(
    tx: &mut Tx,
    slug: Option<String>,
    data: &EventData,
    review: Review,
) -> Result<(i64, String), Error> {
    let initiative_id = initiative_id(tx, data).await?;
    let slug = entry::choose_slug(tx, Table::Events, slug, &data.name).await?;
    let id = db::events::insert(tx, &data.record(&slug, initiative_id, None), super::now())
        .await
        .map_err(entry::slug_conflict(&slug))?;
    entry::publish_or_hold(tx, Entries::Events, id, &data.name, review).await?;
    Ok((id, slug))
}

pub async fn update(
    db: &Db,
    slug: &str,
    mut input: EventInput,
    rules: &Rules,
) -> Result<Event, Error> {
    let mut tx = db.begin().await?;
    let current = db::events::by_slug_in(&mut tx, slug)
        .await?
        .map(Event::from_row)
        .ok_or(Error::NotFound("event"))?;
    entry::refuse_mirrored(current.origin.as_ref())?;
    let mut problems = Problems::default();
    let new_slug = problems.optional("slug", std::mem::take(&mut input.slug));
    let new_slug = problems.check("slug", new_slug, parse_slug);
    let images = pictures::requested(std::mem::take(&mut input.images), &mut problems);
    let data = current.data.clone().apply(input, &mut problems);
    if problems.is_empty() {
        data.check_rules(&mut problems);
    }
    problems.into_result(())?;

    let initiative_id = initiative_id(&mut tx, &data).await?;
    let slug = entry::rename(&mut tx, Table::Events, &current.slug, new_slug).await?;
    let per_entry = rules.pictures_per_entry;
    let pictures_changed = pictures::apply(
        &mut tx,
        Entries::Events,
        current.id,
        images.as_deref(),
        None,
        per_entry,
    )
    .await?;
    if data == current.data && slug == current.slug && !pictures_changed {
        return Ok(current);
    }
    // A field edited here is ours from now on, when a source brought the event.
    let changed = current.data.changed(&data);
    super::sources::note_edits(&mut tx, Entries::Events, current.id, &changed).await?;
    db::events::update(
        &mut tx,
        current.id,
        &data.record(&slug, initiative_id, None),
        super::now(),
    )
    .await
    .map_err(entry::slug_conflict(&slug))?;
    if current.review == Review::Published {
        Outgoing::EventUpdated { id: current.id }
            .record(&mut tx)
            .await?;
    }
    tx.commit().await?;
    get(db, &slug).await
}

pub async fn delete(db: &Db, slug: &str) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    let current = db::events::by_slug_in(&mut tx, slug)
        .await?
        .ok_or(Error::NotFound("event"))?;
    entry::refuse_mirrored(Origin::from_columns(&current.origin).as_ref())?;
    db::events::delete(&mut tx, current.id).await?;
    // Its comments and reactions go with it (their authors' posts stay theirs: nothing is sent).
    db::comments::delete_for_entry(&mut tx, Entries::Events, current.id).await?;
    // A suggestion never published leaves no trace outside.
    if Review::parse(&current.origin.review) == Review::Published {
        entry::leave_tombstone(&mut tx, "event", current.id, &current.slug, "Event").await?;
        Outgoing::EventDeleted {
            id: current.id,
            slug: current.slug,
            finished: Some(current.ends_at.unwrap_or(current.starts_at)),
        }
        .record(&mut tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

impl pictures::Pictured for Event {
    const ENTRIES: Entries = Entries::Events;

    fn id(&self) -> i64 {
        self.id
    }

    fn pictures_mut(&mut self) -> &mut Vec<pictures::Picture> {
        &mut self.pictures
    }
}

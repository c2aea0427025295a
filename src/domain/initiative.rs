//! Initiatives: the directory's entries (a repair café, a tool library, a food co-op…).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::duplicates::{self, ContactKeys};
use super::fields::{parse_json, parse_languages, parse_slug, parse_tags, set, set_opt};
use super::freshness::Confirmation;
use super::listing::{ListParams, Page};
use super::location::{Location, LocationInput};
use super::origin::{Origin, Review};
use super::validate::{self, Field, Problems};
use super::{Error, Outgoing, Rules, category, entry, pictures, text};
use crate::db::filters::Total;
use crate::db::initiatives::{InitiativeRecord, InitiativeRow};
use crate::db::origin::Entries;
use crate::db::slugs::Table;
use crate::db::{self, Db, Mirror, Tx};

/// Whether an initiative is running.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Paused,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Result<Self, String> {
        match value.trim() {
            "active" => Ok(Status::Active),
            "paused" => Ok(Status::Paused),
            "closed" => Ok(Status::Closed),
            other => Err(format!("{other:?} is not one of active, paused, closed")),
        }
    }
}

/// A stored initiative.
#[derive(Debug, Clone, PartialEq)]
pub struct Initiative {
    pub id: i64,
    pub slug: String,
    /// Where a mirrored entry comes from; `None` for our own.
    pub origin: Option<Origin>,
    pub review: Review,
    pub data: InitiativeData,
    pub description_html: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether its contact still says it is true.
    pub confirmation: Confirmation,
    /// Its pictures, the main one first (loaded by the reads that show them).
    pub pictures: Vec<pictures::Picture>,
    /// The entries an admin linked to it as the same, listed elsewhere (loaded with pictures).
    pub same_as: Vec<duplicates::Listed>,
}

/// The fields an admin edits, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InitiativeData {
    pub name: String,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub location: Option<Location>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opening_hours: Option<String>,
    pub languages: Vec<String>,
    pub image_url: Option<String>,
    pub status: Status,
}

/// An initiative as the API receives it: every field optional, checked by [`create`] and
/// [`update`]. In an update, an absent field is kept and `null` clears an optional one.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeInput {
    /// The name, one line (required on creation).
    #[serde(default)]
    #[schema(value_type = String, example = "Repair Café Belleville")]
    pub name: Field<String>,
    /// The URL name; derived from the name on creation when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "repair-cafe-belleville")]
    pub slug: Field<String>,
    /// What it is, in one line.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub summary: Field<String>,
    /// A longer description in Markdown.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub description: Field<String>,
    /// Category ids from `GET /api/v1/categories`.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>, example = json!(["repair"]))]
    pub categories: Field<Vec<String>>,
    /// Free hashtags, without `#`.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub tags: Field<Vec<String>>,
    #[serde(default)]
    #[schema(value_type = Option<LocationInput>)]
    pub location: Field<LocationInput>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub website: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub email: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub phone: Field<String>,
    /// OpenStreetMap `opening_hours` syntax, e.g. `Sa 14:00-18:00`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub opening_hours: Field<String>,
    /// BCP 47 language tags spoken there.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub languages: Field<Vec<String>>,
    /// Deprecated: give `images` instead. A picture's address: it is fetched once and kept
    /// here, as the main picture.
    #[serde(default)]
    #[schema(value_type = Option<String>, deprecated)]
    pub image_url: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<Status>)]
    pub status: Field<String>,
    /// The ids of uploaded pictures (`POST /api/v1/media`), the main one first; `null` or
    /// `[]` removes them all.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub images: Field<Vec<String>>,
}

impl Initiative {
    /// Reads a row; its JSON columns were written by this module, so they parse.
    pub fn from_row(row: InitiativeRow) -> Initiative {
        Initiative {
            origin: Origin::from_columns(&row.origin),
            review: Review::parse(&row.origin.review),
            id: row.id,
            slug: row.slug,
            description_html: row.description_html,
            created_at: row.created_at,
            updated_at: row.updated_at,
            confirmation: Confirmation {
                confirmed_at: row.confirmed_at,
                unconfirmed_since: row.unconfirmed_since,
            },
            pictures: Vec::new(),
            same_as: Vec::new(),
            data: InitiativeData {
                name: row.name,
                summary: row.summary,
                description: row.description,
                categories: parse_json(&row.categories),
                tags: parse_json(&row.tags),
                location: row.location.as_deref().map(parse_json),
                website: row.website,
                email: row.email,
                phone: row.phone,
                opening_hours: row.opening_hours,
                languages: parse_json(&row.languages),
                image_url: row.image_url,
                status: Status::parse(&row.status).unwrap_or_default(),
            },
        }
    }
}

impl InitiativeData {
    /// Applies an input over these fields, collecting every problem.
    pub(super) fn apply(mut self, input: InitiativeInput, problems: &mut Problems) -> Self {
        use validate::{line, text as free_text};
        set(problems, "name", input.name, &mut self.name, |v| {
            line(v, 200)
        });
        set(problems, "summary", input.summary, &mut self.summary, |v| {
            if v.trim().is_empty() {
                Ok(String::new())
            } else {
                line(v, 300)
            }
        });
        set(
            problems,
            "description",
            input.description,
            &mut self.description,
            |v| free_text(v, 50_000),
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
            "location",
            input.location,
            &mut self.location,
            Location::parse_field,
        );
        set_opt(problems, "website", input.website, &mut self.website, |v| {
            validate::web_url(v).map(String::from)
        });
        set_opt(
            problems,
            "email",
            input.email,
            &mut self.email,
            validate::email,
        );
        set_opt(
            problems,
            "phone",
            input.phone,
            &mut self.phone,
            validate::phone,
        );
        set_opt(
            problems,
            "opening_hours",
            input.opening_hours,
            &mut self.opening_hours,
            validate::opening_hours,
        );
        set(
            problems,
            "languages",
            input.languages,
            &mut self.languages,
            parse_languages,
        );
        set_opt(
            problems,
            "image_url",
            input.image_url,
            &mut self.image_url,
            |v| validate::web_url(v).map(String::from),
        );
        set(problems, "status", input.status, &mut self.status, |v| {
            Status::parse(&v)
        });
        self
    }

    fn search_text(&self) -> String {
        let mut parts = vec![self.name.as_str(), &self.summary, &self.description];
        parts.extend(self.tags.iter().map(String::as_str));
        let place = self.location.as_ref().map(|l| {
            [&l.name, &l.street, &l.locality, &l.region, &l.postal_code]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        });
        parts.extend(place.as_deref());
        text::fold(&parts.join(" "))
    }

    /// The fields that differ, by their API names (every field named, so that a new one cannot be
    /// forgotten here).
    pub fn changed(&self, b: &InitiativeData) -> Vec<&'static str> {
        let InitiativeData {
            name,
            summary,
            description,
            categories,
            tags,
            location,
            website,
            email,
            phone,
            opening_hours,
            languages,
            image_url,
            status,
        } = self;
        [
            ("name", *name != b.name),
            ("summary", *summary != b.summary),
            ("description", *description != b.description),
            ("categories", *categories != b.categories),
            ("tags", *tags != b.tags),
            ("location", *location != b.location),
            ("website", *website != b.website),
            ("email", *email != b.email),
            ("phone", *phone != b.phone),
            ("opening_hours", *opening_hours != b.opening_hours),
            ("languages", *languages != b.languages),
            ("image_url", *image_url != b.image_url),
            ("status", *status != b.status),
        ]
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect()
    }

    /// Its website, e-mail and phone as keys for finding duplicates.
    pub fn contact_keys(&self) -> ContactKeys {
        ContactKeys::new(
            self.website.as_deref(),
            self.email.as_deref(),
            self.phone.as_deref(),
        )
    }

    pub(super) fn record(&self, slug: &str, mirror: Option<Mirror>) -> InitiativeRecord {
        let point = self.location.as_ref().and_then(Location::point);
        let keys = self.contact_keys();
        InitiativeRecord {
            slug: slug.to_owned(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            description_html: text::markdown_to_html(&self.description),
            categories: self.categories.clone(),
            tags: self.tags.clone(),
            tag_keys: self.tags.iter().map(|t| text::fold(t)).collect(),
            location: self
                .location
                .as_ref()
                .map(|l| serde_json::to_string(l).expect("a location serialises")),
            latitude: point.map(|p| p.0),
            longitude: point.map(|p| p.1),
            website: self.website.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website_key: keys.website,
            email_key: keys.email,
            phone_key: keys.phone,
            opening_hours: self.opening_hours.clone(),
            languages: serde_json::to_string(&self.languages).expect("strings serialise"),
            image_url: self.image_url.clone(),
            status: self.status.as_str().to_owned(),
            sort_key: text::fold(&self.name),
            search_text: self.search_text(),
            mirror,
        }
    }
}

pub async fn get_by_id(db: &Db, id: i64) -> Result<Option<Initiative>, Error> {
    let row = db::initiatives::by_id(db, id).await?;
    with_pictures(db, row.map(Initiative::from_row)).await
}

pub async fn get(db: &Db, slug: &str) -> Result<Initiative, Error> {
    let row = db::initiatives::by_slug(db, slug).await?;
    with_pictures(db, row.map(Initiative::from_row))
        .await?
        .ok_or(Error::NotFound("initiative"))
}

async fn with_pictures(db: &Db, found: Option<Initiative>) -> Result<Option<Initiative>, Error> {
    let mut found: Vec<Initiative> = found.into_iter().collect();
    pictures::load(db, &mut found).await?;
    duplicates::load_links(db, &mut found).await?;
    Ok(found.pop())
}

/// An initiative the public may see: not one waiting for review or rejected.
pub async fn get_published(db: &Db, slug: &str) -> Result<Initiative, Error> {
    let found = get(db, slug).await?;
    if found.review.is_public() {
        Ok(found)
    } else {
        Err(Error::NotFound("initiative"))
    }
}

/// One page of the initiatives matching a list query, and how many match in all.
/// `open_now` keeps those open at that local time.
pub async fn search(
    db: &Db,
    params: &ListParams,
    local_now: NaiveDateTime,
) -> Result<(Vec<Initiative>, Total, Page), Error> {
    let (filter, page) = params.initiatives().map_err(Error::BadQuery)?;
    let (items, total) = search_filter(db, filter, local_now).await?;
    Ok((items, total, page))
}

/// The ids of up to `limit` initiatives matching a list query, from the first, whatever the
/// page: a map layer's, whose entries are then read a chunk at a time ([`published`]).
pub async fn found_limited(
    db: &Db,
    params: &ListParams,
    local_now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<i64>, Error> {
    let (mut filter, _) = params.initiatives().map_err(Error::BadQuery)?;
    filter.limit = limit;
    filter.offset = 0;
    Ok(found_filter(db, filter, local_now).await?.0)
}

/// The initiatives of `ids` still published, in that order.
pub async fn published(db: &Db, ids: &[i64]) -> Result<Vec<Initiative>, Error> {
    loaded(db, ids, Some(Review::Published.as_str())).await
}

async fn search_filter(
    db: &Db,
    filter: db::initiatives::Filter,
    local_now: NaiveDateTime,
) -> Result<(Vec<Initiative>, Total), Error> {
    let review = filter.review.clone();
    let (ids, total) = found_filter(db, filter, local_now).await?;
    Ok((loaded(db, &ids, review.as_deref()).await?, total))
}

async fn found_filter(
    db: &Db,
    mut filter: db::initiatives::Filter,
    local_now: NaiveDateTime,
) -> Result<(Vec<i64>, Total), Error> {
    if filter.with_hours {
        let open = db::initiatives::hours(db, &filter)
            .await?
            .into_iter()
            .filter(|(_, hours)| is_open(hours, local_now))
            .map(|(id, _)| id)
            .collect();
        filter.ids = Some(open);
    }
    Ok(db::initiatives::found(db, &filter).await?)
}

/// The initiatives of `ids` in that order, with their pictures and links; with `review`, only
/// those still in that state.
async fn loaded(db: &Db, ids: &[i64], review: Option<&str>) -> Result<Vec<Initiative>, Error> {
    let rows = db::initiatives::rows(db, ids, review).await?;
    let mut items: Vec<Initiative> = rows.into_iter().map(Initiative::from_row).collect();
    pictures::load(db, &mut items).await?;
    duplicates::load_links(db, &mut items).await?;
    Ok(items)
}

/// Creates an initiative. Its slug comes from the input or, when absent, from its name.
pub async fn create(db: &Db, input: InitiativeInput, rules: &Rules) -> Result<Initiative, Error> {
    create_as(db, input, rules, Review::Published).await
}

/// Creates an initiative that waits for review: a suggestion from the public, announced to
/// nobody until an admin approves it.
pub async fn submit(db: &Db, input: InitiativeInput, rules: &Rules) -> Result<Initiative, Error> {
    create_as(db, input, rules, Review::Pending).await
}

async fn create_as(
    db: &Db,
    mut input: InitiativeInput,
    rules: &Rules,
    review: Review,
) -> Result<Initiative, Error> {
    let mut problems = Problems::default();
    let slug = problems.optional("slug", std::mem::take(&mut input.slug));
    let slug = problems.check("slug", slug, parse_slug);
    if matches!(input.name, Field::Absent) {
        problems.add("name", "is required");
    }
    let images = pictures::requested(std::mem::take(&mut input.images), &mut problems);
    let data = InitiativeData::default().apply(input, &mut problems);
    problems.into_result(())?;

    let mut tx = db.begin().await?;
    let slug = entry::choose_slug(&mut tx, Table::Initiatives, slug, &data.name).await?;
    let now = super::now();
    let id = db::initiatives::insert(&mut tx, &data.record(&slug, None), now)
        .await
        .map_err(entry::slug_conflict(&slug))?;
    let main = data
        .image_url
        .as_deref()
        .map(|url| main_picture(&data, url));
    pictures::apply(
        &mut tx,
        Entries::Initiatives,
        id,
        images.as_deref(),
        main,
        rules.pictures_per_entry,
    )
    .await?;
    entry::publish_or_hold(&mut tx, Entries::Initiatives, id, &data.name, review).await?;
    duplicates::check(&mut tx, &[id], now).await?;
    tx.commit().await?;
    get(db, &slug).await
}

/// The picture an `image_url` names, described by the initiative's name.
fn main_picture(data: &InitiativeData, url: &str) -> pictures::RemotePicture {
    pictures::RemotePicture {
        url: url.to_owned(),
        description: data.name.clone(),
        focus: None,
    }
}

/// Applies a partial update. Giving `slug` renames it (409 when taken).
pub async fn update(
    db: &Db,
    slug: &str,
    mut input: InitiativeInput,
    rules: &Rules,
) -> Result<Initiative, Error> {
    let mut tx = db.begin().await?;
    let current = db::initiatives::by_slug_in(&mut tx, slug)
        .await?
        .map(Initiative::from_row)
        .ok_or(Error::NotFound("initiative"))?;
    entry::refuse_mirrored(current.origin.as_ref())?;
    let mut problems = Problems::default();
    let new_slug = problems.optional("slug", std::mem::take(&mut input.slug));
    let new_slug = problems.check("slug", new_slug, parse_slug);
    let images = pictures::requested(std::mem::take(&mut input.images), &mut problems);
    let data = current.data.clone().apply(input, &mut problems);
    problems.into_result(())?;

    let slug = entry::rename(&mut tx, Table::Initiatives, &current.slug, new_slug).await?;
    let main = (data.image_url != current.data.image_url)
        .then(|| {
            data.image_url
                .as_deref()
                .map(|url| main_picture(&data, url))
        })
        .flatten();
    let per_entry = rules.pictures_per_entry;
    let pictures_changed = pictures::apply(
        &mut tx,
        Entries::Initiatives,
        current.id,
        images.as_deref(),
        main,
        per_entry,
    )
    .await?;
    if data == current.data && slug == current.slug && !pictures_changed {
        return Ok(current);
    }
    let now = super::now();
    // A field edited here is ours from now on, when a source brought the entry.
    let changed = current.data.changed(&data);
    super::sources::note_edits(&mut tx, Entries::Initiatives, current.id, &changed).await?;
    db::initiatives::update(&mut tx, current.id, &data.record(&slug, None), now)
        .await
        .map_err(entry::slug_conflict(&slug))?;
    duplicates::check(&mut tx, &[current.id], now).await?;
    if current.review == Review::Published {
        Outgoing::InitiativeUpdated { id: current.id }
            .record(&mut tx)
            .await?;
    }
    tx.commit().await?;
    get(db, &slug).await
}

pub async fn delete(db: &Db, slug: &str) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    let current = db::initiatives::by_slug_in(&mut tx, slug)
        .await?
        .ok_or(Error::NotFound("initiative"))?;
    remove(&mut tx, current, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes one of our initiatives in `tx` (a mirrored one is refused), with its comments; one
/// that was published leaves a tombstone and is announced deleted. One merged into another
/// (`merged_into`) always leaves a tombstone, so that its address redirects.
pub(super) async fn remove(
    tx: &mut Tx,
    current: InitiativeRow,
    merged_into: Option<i64>,
) -> Result<(), Error> {
    entry::refuse_mirrored(Origin::from_columns(&current.origin).as_ref())?;
    db::initiatives::delete(tx, current.id).await?;
    // Its comments and reactions go with it (their authors' posts stay theirs: nothing is sent).
    db::comments::delete_for_entry(tx, Entries::Initiatives, current.id).await?;
    // A suggestion never published leaves no trace outside.
    let published = Review::parse(&current.origin.review) == Review::Published;
    if published || merged_into.is_some() {
        let former = ("initiative", current.id, current.slug.as_str(), "Page");
        entry::leave_tombstone_to(tx, former, merged_into).await?;
    }
    if published {
        Outgoing::InitiativeDeleted {
            id: current.id,
            slug: current.slug,
        }
        .record(tx)
        .await?;
    }
    Ok(())
}

/// Whether OpenStreetMap opening hours say open at that local time (unreadable: no).
pub fn is_open(hours: &str, local: NaiveDateTime) -> bool {
    hours
        .parse::<opening_hours::OpeningHours>()
        .is_ok_and(|h| h.is_open(local))
}

impl pictures::Pictured for Initiative {
    const ENTRIES: Entries = Entries::Initiatives;

    fn id(&self) -> i64 {
        self.id
    }

    fn pictures_mut(&mut self) -> &mut Vec<pictures::Picture> {
        &mut self.pictures
    }
}

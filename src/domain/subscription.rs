//! Readers' subscriptions to what is new in an area: asked for with an address (double opt-in:
//! nothing is sent before the confirmation link is followed), changed or ended through the signed
//! link every message carries, and the digests planned for them.

use chrono::Duration;
use serde::Deserialize;

use super::mail::{self, LinkProblem, Mail, Purpose};
use super::validate::Problems;
use super::{Error, category};
use crate::db::subscriptions::SubscriptionRow;
use crate::db::{self, Db, DbError};

/// A subscription as a form or the API asks for it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SubscriptionInput {
    pub email: String,
    /// `all` (default), `initiatives` or `events`.
    #[serde(default)]
    pub kinds: Option<String>,
    /// The area's centre, `latitude,longitude`; none: the whole directory.
    #[serde(default)]
    pub near: Option<String>,
    /// The area's radius in kilometres (default 10).
    #[serde(default)]
    pub radius_km: Option<f64>,
    /// The area's name as the reader knows it ("Montreuil"), for the messages.
    #[serde(default)]
    pub place: Option<String>,
    /// Category ids; none: every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// `all` (default: the whole network) or `local` (this chapter's own entries).
    #[serde(default)]
    pub origin: Option<String>,
    /// `weekly` (default) or `daily`.
    #[serde(default)]
    pub frequency: Option<String>,
    /// The language of the messages (a tag of `locales/`).
    #[serde(default)]
    pub locale: Option<String>,
}

/// Checks a subscription; `locale` is the one to use when the input names none we have.
pub fn check(input: SubscriptionInput, locale: &str) -> Result<SubscriptionRow, Error> {
    let mut problems = Problems::default();
    let email = match super::validate::email(input.email) {
        Ok(email) => email,
        Err(_) => {
            problems.add("email", "is not a valid e-mail address");
            String::new()
        }
    };
    let choice = |problems: &mut Problems, field: &str, value: Option<String>, allowed: &[&str]| {
        let value = value.unwrap_or_else(|| allowed[0].to_owned());
        if allowed.contains(&value.as_str()) {
            value
        } else {
            problems.add(field, format!("must be one of {}", allowed.join(", ")));
            allowed[0].to_owned()
        }
    };
    let kinds = choice(
        &mut problems,
        "kinds",
        input.kinds,
        &["all", "initiatives", "events"],
    );
    let origin = choice(&mut problems, "origin", input.origin, &["all", "local"]);
    let frequency = choice(
        &mut problems,
        "frequency",
        input.frequency,
        &["weekly", "daily"],
    );
    let (latitude, longitude) = match input.near.as_deref().map(str::trim) {
        None | Some("") => (None, None),
        Some(near) => match super::location::parse_point(near) {
            Some((lat, lon)) => (Some(lat), Some(lon)),
            None => {
                problems.add("near", "must be latitude,longitude");
                (None, None)
            }
        },
    };
    let radius_km = input.radius_km.unwrap_or(10.0);
    if !(0.1..=500.0).contains(&radius_km) {
        problems.add("radius_km", "must be between 0.1 and 500");
    }
    let categories = match category::parse_list(input.categories) {
        Ok(ids) => ids.join(","),
        Err(why) => {
            problems.add("categories", why);
            String::new()
        }
    };
    let place: String = input
        .place
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    problems.into_result(())?;
    let locale = input
        .locale
        .as_deref()
        .and_then(crate::i18n::Locale::find)
        .map_or(locale, |l| l.tag);
    Ok(SubscriptionRow {
        email,
        locale: locale.to_owned(),
        kinds,
        radius_km: latitude.map(|_| radius_km),
        latitude,
        longitude,
        place,
        categories,
        origin,
        frequency,
        state: "pending".into(),
        ..SubscriptionRow::default()
    })
}

/// Asks for a subscription: it is stored unconfirmed and its confirmation is queued, unless this
/// address already asked for one in the last day (then nothing happens; the answer is the same,
/// so that nobody learns which addresses are known, nor floods a stranger's mailbox).
pub async fn subscribe(db: &Db, row: SubscriptionRow) -> Result<(), Error> {
    let now = super::now();
    if db::subscriptions::asked_since(db, &row.email, now - Duration::days(1)).await? > 0 {
        tracing::info!("A subscription asked again within a day for one address: not sent");
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let id = db::subscriptions::insert(&mut tx, &row, now).await?;
    let params = serde_json::json!({ "subscription": id });
    let confirm = Mail {
        cause: format!("confirm:{id}").into(),
        kind: "confirm",
        recipient: &row.email,
        locale: &row.locale,
        params,
    };
    mail::queue(&mut tx, &confirm).await?;
    tx.commit().await?;
    Ok(())
}

/// Follows a confirmation link: the subscription is active (again: nothing changes).
pub async fn confirm(db: &Db, secret: &str) -> Result<Result<SubscriptionRow, LinkProblem>, Error> {
    let id = match mail::check(db, secret, Purpose::Confirm).await? {
        Ok(id) => id,
        Err(problem) => return Ok(Err(problem)),
    };
    if !db::subscriptions::confirm(db, id, super::now()).await? {
        return Ok(Err(LinkProblem::Used));
    }
    Ok(db::subscriptions::get(db, id)
        .await?
        .ok_or(LinkProblem::Unknown))
}

/// The subscription a manage link is for.
pub async fn managed(db: &Db, secret: &str) -> Result<Result<SubscriptionRow, LinkProblem>, Error> {
    match mail::check(db, secret, Purpose::Manage).await? {
        Ok(id) => Ok(db::subscriptions::get(db, id)
            .await?
            .ok_or(LinkProblem::Unknown)),
        Err(problem) => Ok(Err(problem)),
    }
}

/// Ends the subscription a manage link is for (again: nothing changes).
pub async fn unsubscribe(
    db: &Db,
    secret: &str,
) -> Result<Result<SubscriptionRow, LinkProblem>, Error> {
    let found = managed(db, secret).await?;
    if let Ok(row) = &found {
        db::subscriptions::end(db, row.id, super::now()).await?;
    }
    Ok(found)
}

/// Changes how often the subscription a manage link is for is sent.
pub async fn set_frequency(
    db: &Db,
    secret: &str,
    frequency: &str,
) -> Result<Result<(), LinkProblem>, Error> {
    if !["daily", "weekly"].contains(&frequency) {
        let mut problems = Problems::default();
        problems.add("frequency", "must be daily or weekly");
        return Err(Error::Invalid(problems));
    }
    match managed(db, secret).await? {
        Ok(row) => Ok(Ok(
            db::subscriptions::set_frequency(db, row.id, frequency).await?
        )),
        Err(problem) => Ok(Err(problem)),
    }
}

/// Subscriptions per state, for admins (never the addresses).
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    db::subscriptions::counts(db).await
}

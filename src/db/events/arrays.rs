//! New events inserted on PostgreSQL with one array per column (`UNNEST`), not rows of values.
//!
//! A multi-row `VALUES` has a text of its own for each number of rows, and 28 parameters a
//! row: PostgreSQL parsed and planned each batch of the inbox's writer anew (its transactions
//! plan for the values, `Db::begin_planned`). Arrays make one text, 28 parameters, and a plan
//! that does not grow with the batch.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::EventRecord;
use crate::db::DbError;
use crate::db::labels::category_bits;

const INSERT: &str = "INSERT INTO events (slug, name, description, description_html, \
    starts_at, ends_at, finishes_at, timezone, location, latitude, longitude, online_url, \
    initiative_id, categories, category_bits, tags, capacity, join_mode, registration_url, \
    status, language, search_text, origin_id, ap_id, origin_url, review, created_at, updated_at) \
    SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], \
    $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[], $10::float8[], $11::float8[], \
    $12::text[], $13::int8[], $14::text[], $15::int8[], $16::text[], $17::int8[], $18::text[], \
    $19::text[], $20::text[], $21::text[], $22::text[], $23::int8[], $24::text[], $25::text[], \
    $26::text[], $27::timestamptz[], $27::timestamptz[]) RETURNING id, slug";

/// Inserts the rows of `records` (each created at its time); returns `(id, slug)` of each, in
/// no particular order.
pub async fn insert(
    conn: &mut PgConnection,
    records: &[(&EventRecord, DateTime<Utc>)],
) -> Result<Vec<(i64, String)>, DbError> {
    // One array of a column: `$e` of each record `$r`.
    macro_rules! column {
        (|$r:ident| $e:expr) => {
            records.iter().map(|($r, _)| $e).collect::<Vec<_>>()
        };
    }
    let json = |v: &[String]| serde_json::to_string(v).expect("strings serialise");
    sqlx::query_as(INSERT)
        .bind(column!(|r| r.slug.as_str()))
        .bind(column!(|r| r.name.as_str()))
        .bind(column!(|r| r.description.as_str()))
        .bind(column!(|r| r.description_html.as_str()))
        .bind(column!(|r| r.starts_at))
        .bind(column!(|r| r.ends_at))
        .bind(column!(|r| r.ends_at.unwrap_or(r.starts_at)))
        .bind(column!(|r| r.timezone.as_str()))
        .bind(column!(|r| r.location.as_deref()))
        .bind(column!(|r| r.latitude))
        .bind(column!(|r| r.longitude))
        .bind(column!(|r| r.online_url.as_deref()))
        .bind(column!(|r| r.initiative_id))
        .bind(column!(|r| json(&r.categories)))
        .bind(column!(|r| category_bits(&r.categories)))
        .bind(column!(|r| json(&r.tags)))
        .bind(column!(|r| r.capacity))
        .bind(column!(|r| r.join_mode.as_str()))
        .bind(column!(|r| r.registration_url.as_deref()))
        .bind(column!(|r| r.status.as_str()))
        .bind(column!(|r| r.language.as_deref()))
        .bind(column!(|r| r.search_text.as_str()))
        .bind(column!(|r| r.mirror.as_ref().map(|m| m.origin_id)))
        .bind(column!(|r| r.mirror.as_ref().map(|m| m.ap_id.as_str())))
        .bind(column!(|r| r
            .mirror
            .as_ref()
            .and_then(|m| m.origin_url.as_deref())))
        .bind(column!(|r| r
            .mirror
            .as_ref()
            .map_or("published", |m| m.review.as_str())))
        .bind(records.iter().map(|(_, at)| *at).collect::<Vec<_>>())
        .fetch_all(conn)
        .await
}

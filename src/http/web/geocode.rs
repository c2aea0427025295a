//! Turning a typed address into coordinates: the directory's own places first, then a
//! Nominatim-compatible geocoder (`website.geocoder`), with answers cached as its policy asks.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;

use crate::db::Db;
use crate::domain::place;

/// The most answers kept.
const CACHE_SIZE: usize = 1000;

pub struct Geocoder {
    client: reqwest::Client,
    url: Option<url::Url>,
    cache: Mutex<HashMap<String, Option<(f64, f64)>>>,
}

#[derive(Deserialize)]
struct Found {
    lat: String,
    lon: String,
}

impl Geocoder {
    /// `url` is the geocoder's search address; empty: the directory's places only.
    pub fn new(url: &str, user_agent: &str) -> anyhow::Result<Geocoder> {
        let url = match url.trim() {
            "" => None,
            url => Some(url::Url::parse(url)?),
        };
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(Duration::from_secs(4))
            .build()?;
        Ok(Geocoder {
            client,
            url,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// Where `text` is: coordinates as typed, a place of the directory, or the geocoder's
    /// first answer. `None` when nobody knows.
    pub async fn locate(&self, db: &Db, text: &str, language: &str) -> Option<(f64, f64)> {
        if let Some(point) = place::coordinates(text) {
            return Some(point);
        }
        match place::locate(db, text).await {
            Ok(Some(point)) => return Some(point),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "could not search the directory's places"),
        }
        let key = text.trim().to_lowercase();
        if let Some(known) = self.cache.lock().expect("not poisoned").get(&key) {
            return *known;
        }
        let found = self.ask(text, language).await;
        let mut cache = self.cache.lock().expect("not poisoned");
        if cache.len() >= CACHE_SIZE {
            cache.clear();
        }
        if let Ok(answer) = found {
            cache.insert(key, answer);
        }
        found.ok().flatten()
    }

    async fn ask(&self, text: &str, language: &str) -> Result<Option<(f64, f64)>, ()> {
        let mut url = self.url.clone().ok_or(())?;
        url.query_pairs_mut()
            .append_pair("q", text)
            .append_pair("format", "jsonv2")
            .append_pair("limit", "1");
        let response = self
            .client
            .get(url)
            .header(reqwest::header::ACCEPT_LANGUAGE, language)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| tracing::warn!(error = %e, "the geocoder did not answer"))?;
        let found: Vec<Found> = response
            .json()
            .await
            .map_err(|e| tracing::warn!(error = %e, "the geocoder's answer is unreadable"))?;
        Ok(found
            .first()
            .and_then(|f| place::coordinates(&format!("{},{}", f.lat, f.lon))))
    }
}

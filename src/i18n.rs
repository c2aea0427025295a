//! The languages of the interface and of messages: one Fluent file per language in `locales/`,
//! compiled in, and the choice of one for a request (`?lang=`, then the `lang` cookie, then
//! `Accept-Language`).

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The language every other one falls back to, key by key.
const FALLBACK: &str = "en";

/// One language of the interface.
pub struct Locale {
    /// Its tag, as in `fr` (the file's name).
    pub tag: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// chrono's locale for month and day names.
    pub chrono: chrono::Locale,
}

static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(|| {
    files::FILES
        .iter()
        .map(|(tag, source)| Locale::load(tag, source))
        .collect()
});

impl Locale {
    fn load(tag: &'static str, source: &str) -> Locale {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("locales/{tag}.ftl does not parse: {errors:?}"));
        let id: LanguageIdentifier = tag.parse().expect("the file name is a language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks would show up in attributes and copied text.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{tag}.ftl repeats keys: {errors:?}"));
        let mut locale = Locale {
            tag,
            bundle,
            chrono: chrono::Locale::POSIX,
        };
        // From this file only: the fallback language may not be loaded yet.
        let chrono_locale = locale
            .bundle
            .get_message("meta-chrono-locale")
            .and_then(|m| m.value())
            .map(|pattern| {
                let mut errors = Vec::new();
                let name = locale.bundle.format_pattern(pattern, None, &mut errors);
                chrono::Locale::try_from(name.as_ref()).unwrap_or(chrono::Locale::POSIX)
            });
        locale.chrono = chrono_locale.unwrap_or(chrono::Locale::POSIX);
        locale
    }

    /// Every language, in the order of their tags.
    pub fn all() -> &'static [Locale] {
        &LOCALES
    }

    /// The language with this tag (`fr`, `fr-BE` and `FR` all give French).
    pub fn find(tag: &str) -> Option<&'static Locale> {
        let primary = tag.split(['-', '_']).next()?.trim();
        Locale::all()
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(primary))
    }

    pub fn fallback() -> &'static Locale {
        Locale::find(FALLBACK).expect("locales/en.ftl exists")
    }

    /// The language's name in itself, as in `Français`.
    pub fn name(&self) -> Cow<'_, str> {
        self.t("meta-language-name")
    }

    /// The message `key`, from this language or else from English.
    pub fn t(&self, key: &str) -> Cow<'_, str> {
        self.format(key, None)
    }

    /// The message `key` with its arguments, as in `tr("results", &[("count", 3.into())])`.
    pub fn tr(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        self.format(key, Some(&fluent)).into_owned()
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> Cow<'_, str> {
        for locale in [self, Locale::fallback()] {
            if let Some(pattern) = locale.bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = locale.bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(key, lang = locale.tag, ?errors, "translation error");
                }
                return text;
            }
        }
        tracing::warn!(key, lang = self.tag, "missing translation");
        Cow::Owned(key.to_owned())
    }

    /// Every message key of this language.
    pub fn keys(&self) -> Vec<String> {
        let source = files::FILES
            .iter()
            .find(|(tag, _)| *tag == self.tag)
            .map(|(_, s)| *s)
            .unwrap_or_default();
        source
            .lines()
            .filter_map(|line| line.split_once(" ="))
            .map(|(key, _)| key.trim())
            .filter(|key| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_owned)
            .collect()
    }
}

/// The language for a request: an explicit choice, then a remembered one, then the browser's
/// preferences, then the chapter's first language, then English.
pub fn choose(
    asked: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
    chapter_languages: &[String],
) -> &'static Locale {
    asked
        .and_then(Locale::find)
        .or_else(|| cookie.and_then(Locale::find))
        .or_else(|| accept_language.and_then(from_accept_language))
        .or_else(|| chapter_languages.iter().find_map(|l| Locale::find(l)))
        .unwrap_or_else(Locale::fallback)
}

/// The preferred language we have among `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5`.
fn from_accept_language(header: &str) -> Option<&'static Locale> {
    let mut ranges: Vec<(&str, f32)> = header
        .split(',')
        .take(20)
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (quality > 0.0 && !tag.is_empty()).then_some((tag, quality))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranges.into_iter().find_map(|(tag, _)| Locale::find(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_of_english() {
        let english = Locale::fallback().keys();
        assert!(english.len() > 50, "{english:?}");
        for locale in Locale::all() {
            let keys = locale.keys();
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag);
            assert_ne!(locale.chrono, chrono::Locale::POSIX, "{}", locale.tag);
        }
    }

    #[test]
    fn accept_language_is_read_by_quality() {
        let fr = Some("fr");
        assert_eq!(
            from_accept_language("de, fr;q=0.9, en;q=0.8").map(|l| l.tag),
            fr
        );
        assert_eq!(from_accept_language("en;q=0.1, fr-CA").map(|l| l.tag), fr);
        assert_eq!(
            from_accept_language("fr;q=0, en").map(|l| l.tag),
            Some("en")
        );
        assert!(from_accept_language("de, it;q=nope").is_none());
        assert_eq!(choose(Some("xx"), Some("fr"), Some("en"), &[]).tag, "fr");
        assert_eq!(choose(None, None, None, &["fr".into()]).tag, "fr");
    }
}

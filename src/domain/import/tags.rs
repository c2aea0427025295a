//! Tags as spreadsheets write them (`open-source`, `time banking`), made the hashtags Mastodon
//! users type (`opensource`, `timebanking`), each change told as a warning.
//!
//! The choice follows Mastodon. Its `Tag` model keeps a hashtag's `display_name` as typed,
//! less every character that is not a letter, a digit or a separator
//! (`HASHTAG_INVALID_CHARS_RE`), and compares names through `HashtagNormalizer` (NFKC,
//! lowercase, ASCII folding, the same removal). `#open-source` typed on Mastodon links `#open`:
//! the tag people use is `#opensource`. `#OpenSource` is the same tag there and stays
//! `OpenSource` here: case and accents are kept (our tags too are unique regardless of them);
//! hyphens, spaces, dots and apostrophes go. NFKC comes first, so that full-width letters and
//! ligatures become the letters people type. Mastodon's other separators (the middle dot of
//! Catalan `col·lectiu`, the katakana middle dot, the zero-width non-joiner) are not in our
//! tags' alphabet: they are dropped like a hyphen.

use unicode_normalization::UnicodeNormalization;

use super::RowWarning;
use crate::domain::validate::Field;

/// A tag in Mastodon's form: NFKC, then only letters, digits and underscores. `#` and spaces
/// around it are not counted as changes (the domain drops them).
pub fn hashtag(tag: &str) -> String {
    tag.trim()
        .trim_start_matches('#')
        .nfkc()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Rewrites the tags of the row at `line` in Mastodon's form and returns a warning for each one
/// changed. A tag with nothing left is kept as written, for the domain to refuse with its reason.
pub(crate) fn normalise(
    line: usize,
    column: Option<&String>,
    tags: &mut Field<Vec<String>>,
) -> Vec<RowWarning> {
    let Field::Value(tags) = tags else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    for tag in tags.iter_mut() {
        let written = tag.trim().trim_start_matches('#');
        let normal = hashtag(written);
        if normal.is_empty() || normal == written {
            continue;
        }
        warnings.push(RowWarning {
            line,
            column: column.cloned(),
            message: format!("{written:?} → {normal:?}"),
        });
        *tag = normal;
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_mastodon_users_type_them() {
        for (written, tag) in [
            ("open-source", "opensource"),
            ("time-banking", "timebanking"),
            ("Open Source", "OpenSource"),
            ("#zéro-déchet", "zérodéchet"),
            ("l'économie", "léconomie"),
            ("fair_trade", "fair_trade"),
            ("ｒｅｐａｉｒ", "repair"),
            ("co·op", "coop"),
            ("web3.0", "web30"),
            ("---", ""),
        ] {
            assert_eq!(hashtag(written), tag, "{written}");
        }
    }

    #[test]
    fn each_change_is_a_warning_and_nothing_left_stays() {
        let mut tags = Field::Value(vec![
            "#repair".to_owned(),
            "open-source".to_owned(),
            "!!".to_owned(),
        ]);
        let warnings = normalise(7, Some(&"Mots-clés".to_owned()), &mut tags);
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["line 7, column \"Mots-clés\": \"open-source\" → \"opensource\""]
        );
        assert!(matches!(tags, Field::Value(t) if t == ["#repair", "opensource", "!!"]));
    }
}

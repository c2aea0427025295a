//! How alike two names are: folded (case and accents aside), filler words dropped, words
//! matched with a small edit distance (`strsim`), the field's generic words counting less.

use super::super::text;
use super::words::{FILLER, FORM, KIND, SAME_AS};

/// Two words this alike (normalised Damerau–Levenshtein) are the same word misspelt.
const SAME_WORD: f64 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Form,
    Kind,
    Proper,
}

impl Class {
    fn weight(self) -> f64 {
        match self {
            Class::Form => 0.2,
            Class::Kind => 0.4,
            Class::Proper => 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Word {
    /// As written (folded), for joining compounds.
    raw: String,
    /// The word, or its usual form in the field ("velo" → "bike").
    text: String,
    class: Class,
    /// Its digits, for a word that has some ("20e" → "20"): numbers tell entries apart.
    number: Option<String>,
}

/// A name ready for comparing: its words, without filler.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    words: Vec<Word>,
}

impl Name {
    pub fn new(name: &str) -> Name {
        let folded = text::fold(name);
        let words = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty() && !FILLER.contains(w))
            .map(word)
            .collect();
        Name { words }
    }

    fn weight(&self) -> f64 {
        self.words.iter().map(|w| w.class.weight()).sum()
    }

    fn numbers(&self) -> impl Iterator<Item = &str> {
        self.words.iter().filter_map(|w| w.number.as_deref())
    }
}

fn word(raw: &str) -> Word {
    let text = SAME_AS
        .iter()
        .find(|(w, _)| *w == raw)
        .map_or(raw, |(_, same)| same);
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let class = if FORM.contains(&text) {
        Class::Form
    } else if KIND.contains(&text) {
        Class::Kind
    } else {
        Class::Proper
    };
    Word {
        raw: raw.to_owned(),
        text: text.to_owned(),
        class,
        number: (!digits.is_empty()).then_some(digits),
    }
}

/// How alike two names are, from 0 to 1: the words they share (weighted), as a share of the
/// shorter name (most words shared) and of the longer (few words besides). Lowered by a
/// quarter when each name has a word of its own that tells what it is ("Repair Café Mitte"
/// and "Tauschring Mitte"), and halved when both carry numbers and none is common ("Paris 11"
/// and "Paris 12" are two places).
pub fn similarity(a: &Name, b: &Name) -> f64 {
    let (a, b) = (join_as(a, b), join_as(b, a));
    let (wa, wb) = (a.weight(), b.weight());
    if wa == 0.0 || wb == 0.0 {
        return 0.0;
    }
    let mut free: Vec<&Word> = b.words.iter().collect();
    let mut shared = 0.0;
    let mut own_a = false;
    // The same words first, then the misspelt ones, so that a near word does not take the
    // place of an exact one.
    let mut left = Vec::new();
    for x in &a.words {
        match free.iter().position(|y| y.text == x.text) {
            Some(i) => shared += x.class.weight().min(free.swap_remove(i).class.weight()),
            None => left.push(x),
        }
    }
    for x in left {
        let best = free
            .iter()
            .enumerate()
            .map(|(i, y)| (i, word_similarity(x, y)))
            .filter(|(_, s)| *s >= SAME_WORD)
            .max_by(|l, r| l.1.total_cmp(&r.1));
        match best {
            Some((i, s)) => shared += s * x.class.weight().min(free.swap_remove(i).class.weight()),
            None => own_a |= x.class != Class::Form,
        }
    }
    let own_b = free.iter().any(|y| y.class != Class::Form);
    let contained = (shared / wa.min(wb)).min(1.0);
    let covered = shared / wa.max(wb);
    let mut score = (contained + covered) / 2.0;
    if own_a && own_b {
        score *= 0.75;
    }
    let (na, nb): (Vec<&str>, Vec<&str>) = (a.numbers().collect(), b.numbers().collect());
    if !na.is_empty() && !nb.is_empty() && !na.iter().any(|n| nb.contains(n)) {
        score /= 2.0;
    }
    score
}

/// 1 for the same word, or the same number ("15" and "15e"), or a word and the same with an
/// article stuck to it ("LaMyne" and "Myne"); their edit similarity for words of four letters
/// or more; 0.9 for an abbreviation (a word of four letters or more that begins the other).
fn word_similarity(x: &Word, y: &Word) -> f64 {
    if x.number.is_some() || y.number.is_some() {
        return if x.number == y.number { 1.0 } else { 0.0 };
    }
    let (x, y) = (x.text.as_str(), y.text.as_str());
    if x == y || glued(x, y) || glued(y, x) {
        return 1.0;
    }
    if x.len() < 4 || y.len() < 4 {
        return 0.0;
    }
    if x.starts_with(y) || y.starts_with(x) {
        return 0.9;
    }
    strsim::normalized_damerau_levenshtein(x, y)
}

/// Whether `long` is `short` with an article before it ("lamyne", "myne").
fn glued(long: &str, short: &str) -> bool {
    long.strip_suffix(short)
        .is_some_and(|article| FILLER.contains(&article))
}

/// `name` with each run of two or three of its words that spell one word of `other` joined:
/// "Reparatur-Café" and "Reparaturcafé", "Col·lectiva" and "Colectiva".
fn join_as(name: &Name, other: &Name) -> Name {
    let mut words = Vec::with_capacity(name.words.len());
    let mut i = 0;
    'outer: while i < name.words.len() {
        for len in [3, 2] {
            if let Some(run) = name.words.get(i..i + len) {
                let joined = word(&run.iter().map(|w| w.raw.as_str()).collect::<String>());
                if other.words.iter().any(|w| {
                    w.text == joined.text
                        || (w.text.len() >= 6
                            && strsim::normalized_damerau_levenshtein(&w.text, &joined.text)
                                >= 0.85)
                }) {
                    words.push(joined);
                    i += len;
                    continue 'outer;
                }
            }
        }
        words.push(name.words[i].clone());
        i += 1;
    }
    Name { words }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        similarity(&Name::new(a), &Name::new(b))
    }

    #[test]
    fn accents_case_and_filler_aside() {
        assert_eq!(
            sim("Repair Café Belleville", "repair cafe de belleville"),
            1.0
        );
        assert_eq!(sim("AMAP des Lilas", "Amap les Lilas"), 1.0);
    }

    #[test]
    fn compounds_typos_and_languages() {
        assert_eq!(sim("Reparaturcafé Kreuzberg", "Repair Café Kreuzberg"), 1.0);
        assert!(sim("La Col·lectiva", "La Colectiva") > 0.85);
        assert_eq!(sim("Repair Café Saint-Denis", "Repair Café St-Denis"), 1.0);
        assert_eq!(
            sim("Reparatur-Café Neukölln", "Reparaturcafé Neukölln"),
            1.0
        );
        assert!(
            sim(
                "Ressourcerie La Petite Rockette",
                "Ressourcerie la Petite Rokette"
            ) > 0.8
        );
    }

    #[test]
    fn places_and_numbers_tell_apart() {
        assert!(sim("Repair Café Belleville", "Repair Café Ménilmontant") < 0.5);
        assert!(sim("Repair Café Paris 11", "Repair Café Paris 12") < 0.5);
        assert!(sim("Repair Café Paris 15", "Repair Café Paris 15e") > 0.9);
        assert!(sim("Tauschring Mitte", "Reparaturcafé Mitte") < 0.6);
        assert_eq!(sim("", "Repair Café"), 0.0);
    }
}

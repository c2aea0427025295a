//! The fixed vocabulary of categories: stable ids, English and French labels, event mapping.

use serde::Serialize;

/// One category of the collaborative economy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Category {
    /// Stable identifier, used in the API, URLs and federation.
    pub id: &'static str,
    pub label_en: &'static str,
    pub label_fr: &'static str,
    pub description_en: &'static str,
    pub description_fr: &'static str,
    /// The nearest FEP-8a8e / Mobilizon event category, for federation.
    pub event_category: &'static str,
}

macro_rules! categories {
    ($($id:literal, $en:literal, $fr:literal, $den:literal, $dfr:literal, $ev:literal;)*) => {
        /// Every category, in display order.
        pub const CATEGORIES: &[Category] = &[$(Category {
            id: $id, label_en: $en, label_fr: $fr,
            description_en: $den, description_fr: $dfr, event_category: $ev,
        }),*];
    };
}

categories! {
    "mobility", "Mobility", "Mobilité",
        "Car sharing, carpooling, bike sharing and repair",
        "Autopartage, covoiturage, vélos partagés et ateliers vélo", "COMMUNITY";
    "food", "Food", "Alimentation",
        "Food co-ops, community gardens, community-supported agriculture, anti-waste",
        "Coopératives alimentaires, jardins partagés, AMAP, anti-gaspillage", "FOOD_DRINK";
    "housing", "Housing", "Habitat",
        "Cohousing, home sharing, housing co-ops",
        "Habitat participatif, colocation solidaire, coopératives d'habitants", "COMMUNITY";
    "spaces", "Shared spaces", "Lieux partagés",
        "Coworking, third places, makerspaces, shared venues",
        "Coworking, tiers-lieux, fablabs, lieux mutualisés", "NETWORKING";
    "goods", "Goods", "Objets",
        "Lending, swapping and second-hand: tool libraries, free shops, give-away",
        "Prêt, troc et seconde main : outilthèques, gratiferias, dons", "COMMUNITY";
    "repair", "Repair", "Réparation",
        "Repair cafés and do-it-yourself workshops",
        "Repair cafés et ateliers d'autoréparation", "CRAFTS";
    "skills", "Skills", "Savoirs",
        "Skill sharing, time banks, peer learning",
        "Partage de savoirs, banques de temps, apprentissage entre pairs", "LEARNING";
    "finance", "Finance", "Finance",
        "Crowdfunding, local currencies, solidarity savings",
        "Financement participatif, monnaies locales, épargne solidaire", "BUSINESS";
    "energy", "Energy", "Énergie",
        "Energy co-ops and community renewables",
        "Coopératives d'énergie et renouvelables citoyennes", "CAUSES";
    "culture", "Culture", "Culture",
        "Shared culture: book swaps, community arts, free music",
        "Culture partagée : boîtes à livres, arts participatifs, musique libre", "LANGUAGE_CULTURE";
    "digital", "Digital commons", "Communs numériques",
        "Open source, open data, community networks and commons",
        "Logiciel libre, données ouvertes, réseaux citoyens et communs", "SCIENCE_TECH";
    "care", "Care", "Entraide",
        "Mutual aid, solidarity networks, neighbourhood help",
        "Entraide, réseaux de solidarité, aide entre voisins", "CAUSES";
}

/// Looks a category up by its id.
pub fn find(id: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

/// Checks a list of category ids, dropping duplicates and keeping the given order.
pub fn parse_list(ids: Vec<String>) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    let mut unknown = Vec::new();
    for id in ids {
        let id = id.trim().to_lowercase();
        match find(&id) {
            Some(_) if out.contains(&id) => {}
            Some(_) => out.push(id),
            None => unknown.push(format!("{id:?}")),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        let known: Vec<&str> = CATEGORIES.iter().map(|c| c.id).collect();
        Err(format!(
            "unknown categor{} {}; the categories are {}",
            if unknown.len() == 1 { "y" } else { "ies" },
            unknown.join(", "),
            known.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_lowercase() {
        for (i, c) in CATEGORIES.iter().enumerate() {
            assert!(c.id.chars().all(|ch| ch.is_ascii_lowercase()));
            assert!(CATEGORIES[i + 1..].iter().all(|o| o.id != c.id));
        }
    }

    /// The database keeps each entry's categories as a mask too, bit n for the n-th category:
    /// a category added, moved or removed needs a migration of the masks.
    #[test]
    fn the_database_masks_know_every_category() {
        let ids: Vec<&str> = CATEGORIES.iter().map(|c| c.id).collect();
        assert_eq!(ids, crate::db::labels::CATEGORY_BITS);
    }

    #[test]
    fn parse_list_rejects_unknown_and_dedups() {
        assert_eq!(
            parse_list(vec!["Food".into(), "food".into(), "repair".into()]),
            Ok(vec!["food".to_owned(), "repair".to_owned()])
        );
        assert!(
            parse_list(vec!["spaceships".into()])
                .unwrap_err()
                .contains("spaceships")
        );
    }
}

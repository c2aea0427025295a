//! A realistic directory of 100,000 rows, generated the same on every run: half with a generic
//! name repeated across streets and cities ("Repair Café", "AMAP"), half with a name of their
//! own; streets named after people, points around each city, hyphenated tags.

use std::fmt::Write as _;

pub const ROWS: usize = 100_000;

const GENERIC: [&str; 30] = [
    "Repair Café",
    "AMAP",
    "Accorderie",
    "Grainothèque",
    "Jardin partagé",
    "Ressourcerie",
    "Fablab",
    "SEL",
    "Outilthèque",
    "Boîte à livres",
    "Recyclerie",
    "Épicerie solidaire",
    "Café associatif",
    "Atelier vélo",
    "Friperie",
    "Compost collectif",
    "Tiers-lieu",
    "Bibliothèque d'objets",
    "Ruche",
    "Coopérative",
    "Troc'livres",
    "Jardin des voisins",
    "Repair Café des Voisins",
    "Monnaie locale",
    "Cantine solidaire",
    "Atelier couture",
    "Donnerie",
    "Répar'Café",
    "Maison du vélo",
    "Zone de gratuité",
];
const STREET_KINDS: [&str; 8] = [
    "rue",
    "avenue",
    "boulevard",
    "place",
    "chemin",
    "allée",
    "impasse",
    "quai",
];
/// Streets are named after people: 900 names of each kind in each city.
const FIRST: [&str; 30] = [
    "Victor",
    "Jean",
    "Louise",
    "Émile",
    "Jules",
    "Marie",
    "Pierre",
    "Simone",
    "Rosa",
    "Paul",
    "George",
    "Olympe",
    "Camille",
    "Lucie",
    "Henri",
    "Jeanne",
    "Albert",
    "Berthe",
    "Marcel",
    "Colette",
    "Aimé",
    "Gisèle",
    "Léon",
    "Marguerite",
    "André",
    "Hélène",
    "Louis",
    "Suzanne",
    "Édouard",
    "Madeleine",
];
const LAST: [&str; 30] = [
    "Hugo",
    "Jaurès",
    "Michel",
    "Zola",
    "Ferry",
    "Curie",
    "Brossolette",
    "Veil",
    "Parks",
    "Éluard",
    "Sand",
    "de Gouges",
    "Claudel",
    "Aubrac",
    "Barbusse",
    "d'Arc",
    "Camus",
    "Morisot",
    "Pagnol",
    "Colette",
    "Césaire",
    "Halimi",
    "Blum",
    "Yourcenar",
    "Malraux",
    "Boucher",
    "Pasteur",
    "Lenglen",
    "Manet",
    "Brès",
];
const CITIES: [(&str, f64, f64); 40] = [
    ("Paris", 48.856, 2.352),
    ("Lyon", 45.764, 4.835),
    ("Marseille", 43.296, 5.370),
    ("Toulouse", 43.604, 1.444),
    ("Nantes", 47.218, -1.553),
    ("Bordeaux", 44.837, -0.579),
    ("Lille", 50.629, 3.057),
    ("Rennes", 48.117, -1.677),
    ("Strasbourg", 48.573, 7.752),
    ("Grenoble", 45.188, 5.724),
    ("Montpellier", 43.610, 3.876),
    ("Nice", 43.710, 7.262),
    ("Dijon", 47.322, 5.041),
    ("Angers", 47.478, -0.563),
    ("Brest", 48.390, -4.486),
    ("Tours", 47.394, 0.684),
    ("Limoges", 45.833, 1.261),
    ("Amiens", 49.894, 2.295),
    ("Metz", 49.119, 6.175),
    ("Besançon", 47.237, 6.024),
    ("Orléans", 47.902, 1.909),
    ("Rouen", 49.443, 1.099),
    ("Caen", 49.182, -0.370),
    ("Nancy", 48.692, 6.184),
    ("Poitiers", 46.580, 0.340),
    ("Pau", 43.295, -0.370),
    ("Perpignan", 42.699, 2.895),
    ("La Rochelle", 46.160, -1.151),
    ("Avignon", 43.949, 4.806),
    ("Nîmes", 43.837, 4.360),
    ("Clermont-Ferrand", 45.778, 3.087),
    ("Le Mans", 48.006, 0.199),
    ("Reims", 49.258, 4.032),
    ("Saint-Étienne", 45.439, 4.387),
    ("Toulon", 43.124, 5.928),
    ("Annecy", 45.899, 6.129),
    ("Quimper", 47.996, -4.102),
    ("Valence", 44.933, 4.892),
    ("Chambéry", 45.564, 5.917),
    ("Lorient", 47.748, -3.370),
];
const TAGS: [&str; 16] = [
    "open-source",
    "time-banking",
    "zero-waste",
    "low-tech",
    "circular-economy",
    "fair-trade",
    "do-it-yourself",
    "économie sociale",
    "repair",
    "vrac",
    "bio",
    "local",
    "partage",
    "upcycling",
    "entraide",
    "mobilité",
];

/// A small deterministic generator (xorshift), so that every run reads the same file.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Half the rows carry a generic name (repeated across places), half a name of their own.
pub fn directory() -> String {
    let mut rng = Rng(0x5eed_cafe);
    let mut csv =
        String::from("nom;adresse;code_postal;ville;latitude;longitude;mots-clés;site web\n");
    for i in 0..ROWS {
        let generic = GENERIC[rng.below(GENERIC.len())];
        let name = if rng.below(2) == 0 {
            generic.to_owned()
        } else {
            format!("{generic} n°{i}")
        };
        let street = format!(
            "{} {} {} {}",
            1 + rng.below(120),
            STREET_KINDS[rng.below(STREET_KINDS.len())],
            FIRST[rng.below(FIRST.len())],
            LAST[rng.below(LAST.len())]
        );
        let (city, lat, lon) = CITIES[rng.below(CITIES.len())];
        let jitter = |rng: &mut Rng| (rng.below(4000) as f64 - 2000.0) / 100_000.0;
        let tags: Vec<&str> = (0..rng.below(4))
            .map(|_| TAGS[rng.below(TAGS.len())])
            .collect();
        let _ = writeln!(
            csv,
            "{name};{street};{:05};{city};{:.5};{:.5};\"{}\";https://example.org/{i}",
            1000 + rng.below(94000),
            lat + jitter(&mut rng),
            lon + jitter(&mut rng),
            tags.join(", ")
        );
    }
    csv
}

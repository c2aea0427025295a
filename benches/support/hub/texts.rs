//! The entries of the hub benchmark's chapters, generated from their number: each chapter lives
//! around one of the eight cities (or a town of its country), writes in its country's language
//! (French, German, Spanish, Italian, Dutch, Portuguese; Brussels in French and Dutch), and its
//! entries' kinds, summaries, descriptions, streets and hashtags read as its people write them.
//! The same number gives the same entry on every run.

use crate::support::{CITIES, Rng};

/// One entry, as its chapter's `Page` carries it.
pub struct Entry {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub language: &'static str,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub street: String,
    pub postal_code: String,
    pub locality: String,
    pub country: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    pub opening_hours: &'static str,
    pub published: String,
}

/// Our category of each of the eight kinds.
const CATEGORIES: [&str; 8] = [
    "repair", "goods", "food", "food", "goods", "mobility", "skills", "spaces",
];
const SECOND: [&str; 4] = ["energy", "skills", "spaces", "goods"];

struct Language {
    code: &'static str,
    kinds: [&'static str; 8],
    summaries: [&'static str; 3],
    sentences: [&'static str; 5],
    street: [&'static str; 4],
    tags: [&'static str; 4],
}

const LANGUAGES: [Language; 7] = [
    Language {
        code: "fr",
        kinds: [
            "Repair café",
            "Outilthèque",
            "Jardin partagé",
            "AMAP",
            "Ressourcerie",
            "Atelier vélo",
            "Banque de temps",
            "Coworking associatif",
        ],
        summaries: [
            "Un lieu ouvert à toutes et tous pour partager, réparer et apprendre ensemble à {}.",
            "Des voisins qui s'entraident à {} : on prête, on répare, on cultive.",
            "Association de quartier à {}, bénévoles bienvenus.",
        ],
        sentences: [
            "Bénévoles, outils et café : venez avec ce qui est cassé.",
            "Nous prêtons perceuses, échelles et tondeuses aux adhérents.",
            "Les paniers de légumes sont distribués le jeudi soir.",
            "Chaque premier samedi du mois, atelier ouvert à tous.",
            "L'adhésion est à prix libre ; personne n'est refusé.",
        ],
        street: [
            "rue de la Coopération",
            "avenue Jean Jaurès",
            "place de la République",
            "rue des Lilas",
        ],
        tags: ["ZeroDéchet", "entraide", "circuitcourt", "réemploi"],
    },
    Language {
        code: "de",
        kinds: [
            "Reparatur-Café",
            "Leihladen",
            "Gemeinschaftsgarten",
            "Solidarische Landwirtschaft",
            "Umsonstladen",
            "Fahrradwerkstatt",
            "Zeitbank",
            "Gemeinschaftsbüro",
        ],
        summaries: [
            "Ein offener Ort in {} zum Teilen, Reparieren und gemeinsamen Lernen.",
            "Nachbarschaftshilfe in {}: leihen statt kaufen.",
            "Ein Verein in {}, Ehrenamtliche willkommen.",
        ],
        sentences: [
            "Ehrenamtliche helfen bei Toastern, Lampen und Fahrrädern.",
            "Bohrmaschinen, Leitern und Zelte für alle Mitglieder.",
            "Die Gemüsekisten werden donnerstags verteilt.",
            "Jeden ersten Samstag im Monat offene Werkstatt.",
            "Der Beitrag ist frei wählbar; niemand wird abgewiesen.",
        ],
        street: ["Hauptstraße", "Gartenweg", "Kastanienallee", "Marktplatz"],
        tags: ["ZeroWaste", "Nachbarschaft", "Tauschen", "Reparieren"],
    },
    Language {
        code: "es",
        kinds: [
            "Repair café",
            "Biblioteca de herramientas",
            "Huerto comunitario",
            "Grupo de consumo",
            "Tienda gratis",
            "Taller de bicis",
            "Banco del tiempo",
            "Coworking cooperativo",
        ],
        summaries: [
            "Un espacio abierto en {} para compartir, reparar y aprender juntos.",
            "Vecinos de {} que se ayudan: prestar, reparar, cultivar.",
            "Asociación de barrio en {}, voluntarios bienvenidos.",
        ],
        sentences: [
            "Voluntarios, herramientas y café: trae lo que esté roto.",
            "Prestamos taladros, escaleras y tiendas de campaña.",
            "Las cestas de verdura se reparten los jueves.",
            "Cada primer sábado del mes, taller abierto.",
            "La cuota es libre; nadie se queda fuera.",
        ],
        street: [
            "Calle Mayor",
            "Carrer de la Cooperativa",
            "Plaza del Sol",
            "Avenida de la Libertad",
        ],
        tags: ["ResiduoCero", "ayudamutua", "kilometrocero", "reutilizar"],
    },
    Language {
        code: "it",
        kinds: [
            "Repair café",
            "Biblioteca degli attrezzi",
            "Orto condiviso",
            "Gruppo d'acquisto solidale",
            "Negozio gratuito",
            "Ciclofficina",
            "Banca del tempo",
            "Coworking sociale",
        ],
        summaries: [
            "Un luogo aperto a {} per condividere, riparare e imparare insieme.",
            "Vicini di {} che si aiutano: prestare, riparare, coltivare.",
            "Associazione di quartiere a {}, volontari benvenuti.",
        ],
        sentences: [
            "Volontari, attrezzi e caffè: porta ciò che è rotto.",
            "Prestiamo trapani, scale e tende ai soci.",
            "Le cassette di verdura si distribuiscono il giovedì.",
            "Ogni primo sabato del mese, laboratorio aperto.",
            "La quota è libera; nessuno resta fuori.",
        ],
        street: [
            "Via Roma",
            "Via Garibaldi",
            "Piazza del Popolo",
            "Corso Italia",
        ],
        tags: ["RifiutiZero", "mutuoaiuto", "kmzero", "riuso"],
    },
    Language {
        code: "nl",
        kinds: [
            "Repair café",
            "Gereedschapsbibliotheek",
            "Buurtmoestuin",
            "Voedselcoöperatie",
            "Weggeefwinkel",
            "Fietswerkplaats",
            "Tijdbank",
            "Coworking in de buurt",
        ],
        summaries: [
            "Een open plek in {} om samen te delen, te repareren en te leren.",
            "Buren in {} die elkaar helpen: lenen, repareren, kweken.",
            "Buurtvereniging in {}, vrijwilligers welkom.",
        ],
        sentences: [
            "Vrijwilligers, gereedschap en koffie: neem mee wat kapot is.",
            "We lenen boormachines, ladders en tenten uit.",
            "De groentepakketten worden op donderdag verdeeld.",
            "Elke eerste zaterdag van de maand open werkplaats.",
            "De bijdrage is vrij; niemand wordt geweigerd.",
        ],
        street: ["Kerkstraat", "Dorpsstraat", "Molenweg", "Marktplein"],
        tags: ["ZeroWaste", "burenhulp", "lokaal", "hergebruik"],
    },
    Language {
        code: "pt",
        kinds: [
            "Repair café",
            "Biblioteca de ferramentas",
            "Horta comunitária",
            "Cooperativa alimentar",
            "Loja grátis",
            "Oficina de bicicletas",
            "Banco de tempo",
            "Coworking comunitário",
        ],
        summaries: [
            "Um espaço aberto em {} para partilhar, reparar e aprender juntos.",
            "Vizinhos de {} que se ajudam: emprestar, reparar, cultivar.",
            "Associação de bairro em {}, voluntários bem-vindos.",
        ],
        sentences: [
            "Voluntários, ferramentas e café: traga o que está avariado.",
            "Emprestamos berbequins, escadas e tendas aos sócios.",
            "Os cabazes de legumes são distribuídos à quinta-feira.",
            "Todos os primeiros sábados do mês, oficina aberta.",
            "A quota é livre; ninguém fica de fora.",
        ],
        street: [
            "Rua Augusta",
            "Avenida da Liberdade",
            "Largo do Carmo",
            "Rua das Flores",
        ],
        tags: ["LixoZero", "entreajuda", "local", "reutilizar"],
    },
    Language {
        code: "en",
        kinds: [
            "Repair café",
            "Tool library",
            "Community garden",
            "Food co-op",
            "Free shop",
            "Bike workshop",
            "Time bank",
            "Community coworking",
        ],
        summaries: [
            "An open place in {} to share, repair and learn together with neighbours.",
            "Neighbours in {} helping each other: lend, mend, grow.",
            "A community group in {}, volunteers welcome.",
        ],
        sentences: [
            "Volunteers help you repair lamps, bikes and toasters.",
            "Drills, ladders and tents to borrow for members.",
            "Vegetable boxes are handed out on Thursday evenings.",
            "Open workshop every first Saturday of the month.",
            "Pay what you can; nobody is turned away.",
        ],
        street: ["High Street", "Church Lane", "Market Square", "Mill Road"],
        tags: ["ZeroWaste", "mutualaid", "local", "reuse"],
    },
];

/// Towns of each country, around which chapters other than the cities' own live.
fn towns(country: &str) -> [&'static str; 4] {
    match country {
        "FR" => ["Villeurbanne", "Montreuil", "Grenoble", "Nantes"],
        "DE" => ["Potsdam", "Leipzig", "Kassel", "Freiburg"],
        "ES" => ["Sabadell", "Girona", "Zaragoza", "Valencia"],
        "IT" => ["Bergamo", "Torino", "Bologna", "Brescia"],
        "NL" => ["Utrecht", "Haarlem", "Leiden", "Zwolle"],
        "PT" => ["Sintra", "Coimbra", "Setúbal", "Porto"],
        _ => ["Gent", "Namur", "Leuven", "Liège"],
    }
}

pub fn slug(chapter: usize) -> String {
    format!("chapter{chapter}")
}

/// A chapter's home: (town, country, latitude, longitude). The first eight are the cities.
pub fn home(chapter: usize) -> (&'static str, &'static str, f64, f64) {
    let (city, country, lat, lon) = CITIES[chapter % CITIES.len()];
    if chapter < CITIES.len() {
        return (city, country, lat, lon);
    }
    let mut rng = Rng(0x5eed ^ (chapter as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let town = towns(country)[(chapter / CITIES.len()) % 4];
    (
        town,
        country,
        lat + (rng.unit() - 0.5) * 2.4,
        lon + (rng.unit() - 0.5) * 3.2,
    )
}

fn language(country: &str, chapter: usize) -> &'static Language {
    let code = match country {
        "FR" => "fr",
        "DE" => "de",
        "ES" => "es",
        "IT" => "it",
        "NL" => "nl",
        "PT" => "pt",
        _ if chapter.is_multiple_of(2) => "fr",
        _ => "nl",
    };
    LANGUAGES.iter().find(|l| l.code == code).unwrap()
}

/// Entry `n` of `chapter` (of `entries`): one in ten is written in English.
pub fn entry(chapter: usize, entries: usize, n: usize) -> Entry {
    let mut rng = Rng((chapter * entries + n + 1) as u64 * 0x2545_f491_4f6c_dd1d);
    let (town, country, lat, lon) = home(chapter);
    let lang = if rng.next().is_multiple_of(10) {
        &LANGUAGES[6]
    } else {
        language(country, chapter)
    };
    let k = (rng.next() % 8) as usize;
    let number = chapter * entries + n;
    let name = format!("{} {town} {number}", lang.kinds[k]);
    let summary = lang.summaries[rng.next() as usize % 3].replace("{}", town);
    let first = rng.next() as usize % 5;
    let description = format!(
        "{} {} **{}**",
        lang.sentences[first],
        lang.sentences[(first + 1 + rng.next() as usize % 4) % 5],
        lang.tags[rng.next() as usize % 4]
    );
    let mut categories = vec![CATEGORIES[k].to_owned()];
    if rng.next().is_multiple_of(3) {
        let second = rng.pick(&SECOND);
        if second != CATEGORIES[k] {
            categories.push(second.to_owned());
        }
    }
    let published = chrono::DateTime::from_timestamp(1_767_225_600 + n as i64 * 3_600, 0)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Entry {
        slug: format!("{}-{number}", slug_of(lang.kinds[k])),
        name,
        summary,
        description,
        language: lang.code,
        categories,
        tags: vec![lang.tags[rng.next() as usize % 4].to_owned()],
        street: format!(
            "{} {}",
            lang.street[rng.next() as usize % 4],
            1 + rng.next() % 200
        ),
        postal_code: format!("{:05}", 10_000 + (chapter * 37 + n % 50) % 89_999),
        locality: town.to_owned(),
        country,
        latitude: lat + (rng.unit() - 0.5) * 0.3,
        longitude: lon + (rng.unit() - 0.5) * 0.4,
        opening_hours: ["Sa 14:00-18:00", "Mo-Fr 09:00-17:00", "We 18:00-21:00"]
            [rng.next() as usize % 3],
        published,
    }
}

fn slug_of(kind: &str) -> String {
    kind.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

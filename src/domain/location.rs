//! Places: a postal address with optional coordinates, as entered and as stored.

use serde::{Deserialize, Serialize};

use super::validate::{Field, Problems, line};

/// A place as the API receives it, unchecked.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationInput {
    /// The place's name, e.g. "Maison des Associations".
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub name: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub street: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub postal_code: Field<String>,
    /// City or town.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub locality: Field<String>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub region: Field<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. "FR".
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub country: Field<String>,
    /// WGS 84 latitude in degrees, -90 to 90; give it with `longitude`.
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub latitude: Field<f64>,
    /// WGS 84 longitude in degrees, -180 to 180; give it with `latitude`.
    #[serde(default)]
    #[schema(value_type = Option<f64>)]
    pub longitude: Field<f64>,
}

/// A checked place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Location {
    pub name: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Location {
    /// Checks a place, recording problems under `prefix` (`location.latitude`).
    pub fn parse(input: LocationInput, prefix: &str, problems: &mut Problems) -> Option<Location> {
        let before = problems.iter().count();
        let mut text = |key: &str, field: Field<String>, max: usize| {
            let name = format!("{prefix}.{key}");
            let value = problems.optional(&name, field);
            problems
                .check(&name, value, |v| line(v, max))
                .filter(|v| !v.is_empty())
        };
        let name = text("name", input.name, 200);
        let street = text("street", input.street, 200);
        let postal_code = text("postal_code", input.postal_code, 20);
        let locality = text("locality", input.locality, 100);
        let region = text("region", input.region, 100);
        let country = text("country", input.country, 2);
        let country_field = format!("{prefix}.country");
        let country = problems.check(&country_field, country, country_code);

        let before_coordinates = problems.iter().count();
        let mut coordinate = |key: &str, field: Field<f64>, limit: f64| {
            let name = format!("{prefix}.{key}");
            let value = problems.optional(&name, field);
            problems.check(&name, value, |v| in_range(v, limit))
        };
        let latitude = coordinate("latitude", input.latitude, 90.0);
        let longitude = coordinate("longitude", input.longitude, 180.0);
        let coordinates_parsed = problems.iter().count() == before_coordinates;
        match (latitude, longitude) {
            _ if !coordinates_parsed => {}
            (Some(_), None) => problems.add(
                format!("{prefix}.longitude"),
                "is required when latitude is given",
            ),
            (None, Some(_)) => problems.add(
                format!("{prefix}.latitude"),
                "is required when longitude is given",
            ),
            _ => {}
        }
        let location = Location {
            name,
            street,
            postal_code,
            locality,
            region,
            country,
            latitude,
            longitude,
        };
        if problems.iter().count() == before && location == Location::default() {
            problems.add(prefix, "must name a place or give coordinates");
        }
        (problems.iter().count() == before).then_some(location)
    }

    /// Checks the `location` field of an entry, with its problems on its inner fields.
    pub fn parse_field(input: LocationInput) -> Result<Location, Problems> {
        let mut problems = Problems::default();
        match Location::parse(input, "location", &mut problems) {
            Some(location) if problems.is_empty() => Ok(location),
            _ => Err(problems),
        }
    }

    /// The coordinates, when both are known.
    pub fn point(&self) -> Option<(f64, f64)> {
        Some((self.latitude?, self.longitude?))
    }

    /// A one-line human form: "Maison du Vélo, 12 rue X, 75011 Paris".
    pub fn one_line(&self) -> String {
        let town = [self.postal_code.as_deref(), self.locality.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        [
            self.name.as_deref(),
            self.street.as_deref(),
            Some(town.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
    }
}

fn in_range(value: f64, limit: f64) -> Result<f64, String> {
    if value.is_finite() && (-limit..=limit).contains(&value) {
        Ok(value)
    } else {
        Err(format!("must be between -{limit} and {limit}"))
    }
}

fn country_code(code: String) -> Result<String, String> {
    let code = code.to_ascii_uppercase();
    if COUNTRY_CODES.split(' ').any(|c| c == code) {
        Ok(code)
    } else {
        Err(format!(
            "{code:?} is not an ISO 3166-1 alpha-2 country code like \"FR\""
        ))
    }
}

/// ISO 3166-1 alpha-2, officially assigned codes.
const COUNTRY_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH \
BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR \
GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR \
KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV \
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE \
RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL \
TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// A point written `latitude,longitude` in degrees, like `48.85,2.35`.
pub fn parse_point(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon) = (
        lat.trim().parse::<f64>().ok()?,
        lon.trim().parse::<f64>().ok()?,
    );
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Location, Problems> {
        let input: LocationInput = serde_json::from_str(json).unwrap();
        let mut problems = Problems::default();
        let loc = Location::parse(input, "location", &mut problems);
        problems.into_result(loc.unwrap_or_default())
    }

    #[test]
    fn accepts_a_full_place() {
        let loc = parse(r#"{"name":"Atelier","locality":"Paris","country":"fr","latitude":48.85,"longitude":2.35}"#).unwrap();
        assert_eq!(loc.country.as_deref(), Some("FR"));
        assert_eq!(loc.point(), Some((48.85, 2.35)));
    }

    #[test]
    fn reports_every_bad_field() {
        let problems = parse(r#"{"country":"XX","latitude":400,"longitude":"east"}"#).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "location.country",
                "location.latitude",
                "location.longitude"
            ]
        );
    }
}

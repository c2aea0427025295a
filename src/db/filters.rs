//! Filters shared by the directory's lists: folded text terms and distance from a point.

use super::Sql;

/// Kilometres in one degree of latitude (mean Earth radius 6,371 km).
pub const KM_PER_DEGREE: f64 = 111.195;

/// A circle around a point, in degrees and kilometres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

impl Near {
    /// How much a degree of longitude shrinks at this latitude (never zero).
    fn lon_scale(&self) -> f64 {
        self.latitude.to_radians().cos().max(0.01)
    }
}

/// Appends ` AND` clauses requiring every term in `<alias>.search_text`. Terms are folded.
pub fn push_terms(sql: &mut Sql, alias: &str, terms: &[String]) {
    for term in terms {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push(&format!(" AND {alias}.search_text LIKE "));
        sql.bind(format!("%{escaped}%")).push(" ESCAPE '\\'");
    }
}

/// Appends ` AND` clauses keeping rows within the circle: a bounding box the index can use,
/// then the equirectangular distance, which both engines compute with plain arithmetic.
pub fn push_near(sql: &mut Sql, alias: &str, near: &Near) {
    let radius_deg = near.radius_km / KM_PER_DEGREE;
    let lon_radius = radius_deg / near.lon_scale();
    sql.push(&format!(" AND {alias}.latitude BETWEEN "));
    sql.bind(near.latitude - radius_deg).push(" AND ");
    sql.bind(near.latitude + radius_deg);
    sql.push(&format!(" AND {alias}.longitude BETWEEN "));
    sql.bind(near.longitude - lon_radius).push(" AND ");
    sql.bind(near.longitude + lon_radius);
    sql.push(" AND ");
    push_squared_distance(sql, alias, near);
    sql.push(" <= ").bind(radius_deg * radius_deg);
}

/// Appends the squared equirectangular distance in degrees from the circle's centre.
pub fn push_squared_distance(sql: &mut Sql, alias: &str, near: &Near) {
    let scale = near.lon_scale();
    sql.push(&format!("(({alias}.latitude - "));
    sql.bind(near.latitude);
    sql.push(&format!(") * ({alias}.latitude - "));
    sql.bind(near.latitude);
    sql.push(&format!(") + ({alias}.longitude - "));
    sql.bind(near.longitude);
    sql.push(") * (").bind(scale);
    sql.push(&format!(") * ({alias}.longitude - "));
    sql.bind(near.longitude);
    sql.push(") * (").bind(scale).push("))");
}

/// Great-circle distance in kilometres (haversine), for display.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_to_berlin() {
        let d = distance_km((48.8566, 2.3522), (52.52, 13.405));
        assert!((d - 878.0).abs() < 5.0, "{d}");
    }
}

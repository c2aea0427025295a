//! The grid of places among the narrow copy's words (migration postgres 0026): each row holds
//! its cell `@k:y:x` at every level k, and a circle becomes the cells that cover it, so that a
//! text in a circle is one query of the copy's text index.

use crate::db::filters::Near;

/// Levels of the grid: at level k a cell is 2^k / 64 degrees wide (1.7 km of latitude at level
/// 0, 445 km at level 8), as `initiative_place_words` writes them.
const LEVELS: u32 = 9;

/// Cells across a circle's diameter at most: the finest level whose cells are at least a
/// quarter of the diameter, whose cells covering the circle hold about 2 to 3 times its area
/// (a coarser level, up to 20 times: rows the query then reads and drops).
const ACROSS: f64 = 4.0;

/// Cells a circle is covered by at most (past it, far north or south where a degree of
/// longitude shrinks, a coarser level is taken).
const MOST: usize = 64;

/// The cells covering `near`'s bounding box, as a query of the copy's words
/// (`'@5:104:9' | '@5:104:10' | …`). `None` for a circle wider than the coarsest level covers
/// in [`MOST`] cells: its rows are then found without them.
pub fn covering(near: &Near) -> Option<String> {
    let [south, west, north, east] = near.bounding_box();
    (0..LEVELS).find_map(|level| {
        let per_degree = per_degree(level);
        if (north - south) * per_degree > ACROSS {
            return None;
        }
        let rows = index(south, per_degree)..=index(north, per_degree);
        let columns = index(west, per_degree)..=index(east, per_degree);
        if rows.clone().count() * columns.clone().count() > MOST {
            return None;
        }
        let cells: Vec<String> = rows
            .flat_map(|y| columns.clone().map(move |x| format!("'@{level}:{y}:{x}'")))
            .collect();
        Some(cells.join(" | "))
    })
}

/// Cells in a degree at `level`: a power of two, so that a coordinate's product is exact, as in
/// PostgreSQL's `floor(latitude * (64.0 / (1 << k)))`.
fn per_degree(level: u32) -> f64 {
    64.0 / f64::from(1u32 << level)
}

/// The cell's row or column of a coordinate.
fn index(degrees: f64, per_degree: f64) -> i64 {
    (degrees * per_degree).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(latitude: f64, longitude: f64, radius_km: f64) -> Near {
        Near {
            latitude,
            longitude,
            radius_km,
        }
    }

    #[test]
    fn a_circle_is_covered_by_a_few_cells_of_the_finest_level_that_fits() {
        // 1 km around Lyon: cells of 1/64 degree, two rows of them, three columns (a degree of
        // longitude is shorter).
        let cells = covering(&near(45.76, 4.84, 1.0)).unwrap();
        assert!(
            cells.contains("'@0:2928:309'"),
            "the centre's cell: {cells}"
        );
        assert_eq!(cells.split(" | ").count(), 6, "{cells}");
        // 100 km around Amsterdam: half-degree cells.
        let cells = covering(&near(52.37, 4.90, 100.0)).unwrap();
        assert!(cells.split(" | ").all(|c| c.starts_with("'@5:")), "{cells}");
        assert!(cells.contains("'@5:104:9'"), "the centre's cell: {cells}");
    }

    #[test]
    fn west_and_south_of_zero_are_negative_cells() {
        let cells = covering(&near(-33.45, -70.66, 5.0)).unwrap();
        assert!(
            cells.contains("'@1:-1071:-2262'"),
            "the centre's cell: {cells}"
        );
    }

    #[test]
    fn a_circle_wider_than_the_grid_has_no_cells() {
        assert_eq!(covering(&near(45.0, 5.0, 2_000.0)), None);
        // Near the pole a degree of longitude is short: a coarser level, then none.
        assert!(covering(&near(89.9, 0.0, 10.0)).is_none_or(|c| c.split(" | ").count() <= MOST));
    }
}

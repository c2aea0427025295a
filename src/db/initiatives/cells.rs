//! The grid of places among the narrow copy's words (migrations postgres 0026 and 0027): each
//! row holds its cell `@k:y:x` at every level k, and its words' first 3 letters in its cell of a
//! degree (`^res@6:52:4`); a circle becomes the cells that cover it, so that a text in a circle
//! is one query of the copy's text index. SQLite's text index holds the same cells
//! (`p5y464x729`, migration sqlite 0024).

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
    let words = covering_words(near, ACROSS, [0.0, 0.0], |level, y, x| {
        format!("'@{level}:{y}:{x}'")
    })?;
    Some(words.join(" | "))
}

/// Degrees SQLite's cells are counted from, south and west: 180 and 360 (migration sqlite
/// 0024), so that every row and column is positive.
const FTS_ORIGIN: [f64; 2] = [180.0, 360.0];

/// Cells across a circle's diameter at most on SQLite, whose text index costs 20 to 60 µs for
/// each cell of a query (a list to find and to step through), however few rows the words have
/// there: 24 cells of a fourth of the diameter took 1.8 ms for a rare word in 5 km of Paris,
/// 8 of a half 0.9 ms, at 100,000 entries (where the word alone took 0.1 ms).
const FTS_ACROSS: f64 = 2.0;

/// The cells covering `near` as a query of SQLite's text index of initiatives, whose column
/// `place_words` holds each one's cell at every level, counted from [`FTS_ORIGIN`]
/// (`p5y464x729`): `place_words : (p5y464x729 OR …)`, at most [`FTS_ACROSS`] across.
pub fn fts_covering(near: &Near) -> Option<String> {
    let words = covering_words(near, FTS_ACROSS, FTS_ORIGIN, |level, y, x| {
        format!("p{level}y{y}x{x}")
    })?;
    Some(format!("place_words : ({})", words.join(" OR ")))
}

/// The cells covering `near`'s bounding box at the finest level of which at most `across` span
/// its diameter, counted from `origin` (degrees south and west of 0), each written by `word`
/// from its level, row and column.
fn covering_words(
    near: &Near,
    across: f64,
    origin: [f64; 2],
    word: impl Fn(u32, i64, i64) -> String,
) -> Option<Vec<String>> {
    let [south, west, north, east] = near.bounding_box();
    let [y, x] = origin;
    let bounds = [south + y, west + x, north + y, east + x];
    (0..LEVELS).find_map(|level| {
        if (north - south) * per_degree(level) > across {
            return None;
        }
        Some(
            cells(bounds, level)?
                .map(|(y, x)| word(level, y, x))
                .collect(),
        )
    })
}

/// The level of the cells that the copy holds words' beginnings in (migration postgres 0027):
/// cells of one degree.
const BEGINNINGS_LEVEL: u32 = 6;

/// A word's first 3 letters in the cells of a degree covering `near`, as a query of the copy's
/// words (`'^res@6:52:4' | '^res@6:52:5' | …`): the rows of a common word in a dense circle,
/// a short list where the word's and the circle's are long (`q=res` within 100 km of Amsterdam:
/// 122,638 and 169,148 rows at 1,000,000 entries, none in common). `None` for a circle wider
/// than [`MOST`] of them, or a `beginning` other than 3 letters.
pub fn beginning_covering(near: &Near, beginning: &str) -> Option<String> {
    if beginning.len() != 3 {
        return None;
    }
    let words: Vec<String> = cells(near.bounding_box(), BEGINNINGS_LEVEL)?
        .map(|(y, x)| format!("'^{beginning}@{BEGINNINGS_LEVEL}:{y}:{x}'"))
        .collect();
    Some(words.join(" | "))
}

/// The cells of `level` covering a bounding box (`[south, west, north, east]`), as (row,
/// column); `None` past [`MOST`].
fn cells(bounds: [f64; 4], level: u32) -> Option<impl Iterator<Item = (i64, i64)>> {
    let [south, west, north, east] = bounds;
    let per_degree = per_degree(level);
    let rows = index(south, per_degree)..=index(north, per_degree);
    let columns = index(west, per_degree)..=index(east, per_degree);
    if rows.clone().count() * columns.clone().count() > MOST {
        return None;
    }
    Some(rows.flat_map(move |y| columns.clone().map(move |x| (y, x))))
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
    fn a_beginning_is_looked_for_in_the_cells_of_a_degree() {
        // 100 km around Amsterdam: 3 degrees of latitude, 4 of longitude.
        let cells = beginning_covering(&near(52.37, 4.90, 100.0), "res").unwrap();
        assert!(
            cells.contains("'^res@6:52:4'"),
            "the centre's cell: {cells}"
        );
        assert_eq!(cells.split(" | ").count(), 3 * 4, "{cells}");
        let cells = beginning_covering(&near(-33.45, -70.66, 5.0), "caf").unwrap();
        assert_eq!(cells, "'^caf@6:-34:-71'");
        assert_eq!(beginning_covering(&near(52.37, 4.90, 100.0), "re"), None);
        assert_eq!(beginning_covering(&near(45.0, 5.0, 2_000.0), "res"), None);
    }

    #[test]
    fn sqlite_s_index_counts_its_cells_from_the_south_west() {
        let words = |cells: &str| -> Vec<String> {
            let list = cells.strip_prefix("place_words : (").unwrap();
            let list = list.strip_suffix(')').unwrap();
            list.split(" OR ").map(str::to_owned).collect()
        };
        // 100 km around Amsterdam: cells of a degree, at most two across its diameter.
        let cells = fts_covering(&near(52.37, 4.90, 100.0)).unwrap();
        assert!(
            words(&cells).iter().all(|c| c.starts_with("p6y")),
            "{cells}"
        );
        let centre = format!("p6y{}x{}", 52 + 180, 4 + 360);
        assert!(
            words(&cells).contains(&centre),
            "the centre's cell: {cells}"
        );
        // 5 km around Santiago: cells of a sixteenth of a degree, from 180° south, 360° west.
        let cells = fts_covering(&near(-33.45, -70.66, 5.0)).unwrap();
        let centre = "p2y2344x4629".to_owned();
        assert!(
            words(&cells).contains(&centre),
            "the centre's cell: {cells}"
        );
        assert_eq!(fts_covering(&near(45.0, 5.0, 2_000.0)), None);
    }

    #[test]
    fn a_circle_wider_than_the_grid_has_no_cells() {
        assert_eq!(covering(&near(45.0, 5.0, 2_000.0)), None);
        // Near the pole a degree of longitude is short: a coarser level, then none.
        assert!(covering(&near(89.9, 0.0, 10.0)).is_none_or(|c| c.split(" | ").count() <= MOST));
    }
}

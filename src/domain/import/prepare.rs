//! What the file alone tells of its rows, before the directory is looked at: tags made
//! hashtags, slugs checked, a key used twice, one initiative written twice (one name at one
//! place), and the places of each name's rows, for choosing slugs.

use std::collections::HashMap;
use std::sync::Arc;

use super::place::Place;
use super::{InitiativeImport, Report, Row, RowError, tags};
use crate::domain::fields::parse_slug;
use crate::domain::initiative::InitiativeInput;
use crate::domain::text;
use crate::domain::validate::{Field, Problems};

/// The rows of a file, read and checked on their own, before the directory is looked at.
pub(super) struct File {
    pub rows: Vec<Prepared>,
    /// Each row's place, by its index in `rows`.
    pub places: Vec<Place>,
    /// The slug of a name → the indices of the rows of that name (without a slug column).
    pub homonyms: HashMap<String, Vec<usize>>,
}

/// One row. Its column names are shared with the rows that name the same columns: a file of
/// 100,000 rows holds a few maps, not 100,000.
pub(super) struct Prepared {
    pub line: usize,
    pub key: Option<String>,
    pub input: InitiativeInput,
    pub columns: Arc<HashMap<String, String>>,
    /// The row's `slug` column, checked.
    pub explicit: Option<String>,
    /// The slug of its name.
    pub base: Option<String>,
    pub problems: Problems,
}

/// Every row read: its tags made hashtags, its slug checked, and the rules that need only the
/// file (a key used twice, one initiative written twice).
pub(super) fn prepare<I: Into<InitiativeImport>>(
    rows: impl IntoIterator<Item = Result<Row<I>, RowError>>,
    report: &mut Report,
) -> File {
    let mut file = File {
        rows: Vec::new(),
        places: Vec::new(),
        homonyms: HashMap::new(),
    };
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut shared = Vec::new();
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let (line, columns) = (row.line, share(&mut shared, row.columns));
        let InitiativeImport { key, mut input } = row.input.into();
        report
            .warnings
            .extend(tags::normalise(line, columns.get("tags"), &mut input.tags));
        let mut problems = Problems::default();
        let explicit = problems.optional("slug", std::mem::take(&mut input.slug));
        let explicit = problems.check("slug", explicit, parse_slug);
        let base = match &input.name {
            Field::Value(name) => Some(text::slugify(name)),
            _ => None,
        };
        if explicit.is_none() && base.is_none() && key.is_none() {
            problems.add("name", "is required");
            report.fail_at(line, &columns, problems);
            continue;
        }
        if let Some(key) = &key
            && let Some(first) = keys.insert(key.clone(), line)
        {
            let column = columns.get("key").cloned();
            let what = column.as_deref().unwrap_or("key");
            report.errors.push(RowError {
                line,
                message: format!("the same {what} ({key}) as line {first}"),
                column,
            });
            continue;
        }
        let place = Place::of_input(&input);
        if let Some(base) = &base
            && explicit.is_none()
        {
            let earlier = file.homonyms.entry(base.clone()).or_default();
            if key.is_none()
                && let Some(first) = earlier
                    .iter()
                    .find(|&&i| !file.places[i].differs(&place))
                    .map(|&i| file.rows[i].line)
            {
                report.errors.push(RowError {
                    line,
                    column: None,
                    message: format!(
                        "the same initiative ({base}) as line {first}: the same name at the \
                         same place (give each its street, or an id or ref column)"
                    ),
                });
                continue;
            }
            earlier.push(file.rows.len());
        }
        file.rows.push(Prepared {
            line,
            key,
            input,
            columns,
            explicit,
            base,
            problems,
        });
        file.places.push(place);
    }
    file
}

/// The same map for rows that name the same columns (up to 64 different sets are kept).
fn share(
    shared: &mut Vec<Arc<HashMap<String, String>>>,
    columns: HashMap<String, String>,
) -> Arc<HashMap<String, String>> {
    if let Some(known) = shared.iter().find(|c| ***c == columns) {
        return known.clone();
    }
    let columns = Arc::new(columns);
    if shared.len() < 64 {
        shared.push(columns.clone());
    }
    columns
}

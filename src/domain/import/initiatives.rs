//! Importing initiatives. A row is the initiative of its key (an `id` or `ref` column), else of
//! its slug column, else of its name at its place: rows of one name at different places are
//! different initiatives, rows of one name at one place are one written twice (an error).
//! A row that changes nothing writes nothing.

use std::collections::HashMap;

use super::known::{Found, Known};
use super::place::Place;
use super::prepare::{File, Prepared, prepare};
use super::{InitiativeImport, Report, Row, RowError, finish, slug};
use crate::db::{self, Db, Tx};
use crate::domain::initiative::{Initiative, InitiativeData};
use crate::domain::{Error, Outgoing, text};

/// Imports initiatives (rows of [`InitiativeImport`], or of bare inputs, without keys); any
/// error, or `dry_run`, writes nothing.
pub async fn initiatives<I: Into<InitiativeImport>>(
    db: &Db,
    rows: impl IntoIterator<Item = Result<Row<I>, RowError>>,
    dry_run: bool,
    mut progress: impl FnMut(usize),
) -> Result<Report, Error> {
    let mut report = Report::default();
    let file = prepare(rows, &mut report);
    let mut tx = db.begin().await?;
    let mut known = Known::load(&mut tx).await?;
    let File {
        rows,
        places,
        homonyms,
    } = file;
    for (n, row) in rows.into_iter().enumerate() {
        progress(n + 1);
        match resolve(&known, &row, &places[n], &places) {
            Err(e) => report.errors.push(e),
            Ok(Some(i)) => update(&mut tx, &mut known, i, (n, row), &mut report).await?,
            Ok(None) => {
                let names = Names {
                    places: &places,
                    homonyms: &homonyms,
                };
                create(&mut tx, &mut known, (n, row), names, &mut report).await?;
            }
        }
    }
    finish(db, tx, &mut report, dry_run).await?;
    Ok(report)
}

/// The places of the file's rows and their names, for the slugs of new ones.
struct Names<'a> {
    places: &'a [Place],
    homonyms: &'a HashMap<String, Vec<usize>>,
}

impl Names<'_> {
    /// The places of the others named `base`, the file's (but the `n`-th row) and ours.
    fn others<'a>(&'a self, n: usize, base: &str, known: &'a Known) -> Vec<&'a Place> {
        self.homonyms
            .get(base)
            .into_iter()
            .flatten()
            .filter(|&&j| j != n)
            .map(|&j| &self.places[j])
            .chain(known.places(base))
            .collect()
    }
}

/// Which of ours the row is (`None`: a new one), or why that cannot be told.
fn resolve(
    known: &Known,
    p: &Prepared,
    place: &Place,
    places: &[Place],
) -> Result<Option<usize>, RowError> {
    let error = |column: Option<&str>, message: String| RowError {
        line: p.line,
        column: column.and_then(|c| p.columns.get(c)).cloned(),
        message,
    };
    let same_as = |i: usize| {
        known.claimed_by(i).map(|line| {
            let slug = &known.entry(i).slug;
            error(None, format!("the same initiative ({slug}) as line {line}"))
        })
    };
    let key = p.key.as_deref();
    if let Some(i) = key.and_then(|k| known.by_key(k)) {
        if let Some(e) = same_as(i) {
            return Err(e);
        }
        let slug = &known.entry(i).slug;
        return match &p.explicit {
            Some(explicit) if explicit != slug => Err(error(
                Some("slug"),
                format!("is {slug} for this {}: a slug does not change", key_name(p)),
            )),
            _ => Ok(Some(i)),
        };
    }
    if let Some(explicit) = &p.explicit {
        let Some(i) = known.by_slug(explicit) else {
            return Ok(None);
        };
        if let Some(e) = same_as(i) {
            return Err(e);
        }
        return match (&known.entry(i).key, key) {
            (Some(theirs), Some(_)) => Err(error(
                Some("slug"),
                format!("{explicit} is the initiative of {} {theirs}", key_name(p)),
            )),
            _ => Ok(Some(i)),
        };
    }
    let Some(base) = &p.base else {
        return Ok(None);
    };
    match known.find(base, place, key.is_some(), places) {
        Found::Entry(i) => Ok(Some(i)),
        Found::Nothing => Ok(None),
        Found::SameAs { line, slug } => Err(error(
            None,
            format!("the same initiative ({slug}) as line {line}"),
        )),
        Found::Several(slugs) => Err(error(
            Some("name"),
            format!(
                "may be any of {}: give its street, or an id or ref column",
                slugs.join(", ")
            ),
        )),
    }
}

/// The key column's name in the file.
fn key_name(p: &Prepared) -> &str {
    p.columns.get("key").map_or("key", String::as_str)
}

/// The row over one of ours: written only if something changes.
async fn update(
    tx: &mut Tx,
    known: &mut Known,
    i: usize,
    (n, p): (usize, Prepared),
    report: &mut Report,
) -> Result<(), Error> {
    let Prepared {
        line,
        key,
        input,
        columns,
        mut problems,
        ..
    } = p;
    let entry = known.entry(i);
    let id = entry.id;
    let new_key = key.clone().filter(|k| entry.key.as_ref() != Some(k));
    let Some(current) = db::initiatives::by_id_in(tx, id).await? else {
        let slug = &entry.slug;
        return Err(Error::Conflict(format!(
            "{slug} was deleted during the import"
        )));
    };
    let current = Initiative::from_row(current);
    let data = current.data.clone().apply(input, &mut problems);
    if !problems.is_empty() {
        report.fail_at(line, &columns, problems);
        return Ok(());
    }
    known.claim(i, line, n, key.as_deref());
    let mut fields = current.data.changed(&data);
    if !fields.is_empty() {
        let record = data.record(&current.slug, None);
        db::initiatives::update(tx, id, &record, crate::domain::now()).await?;
        Outgoing::InitiativeUpdated { id }.record(tx).await?;
    }
    if let Some(key) = new_key {
        db::initiatives::imports::set_key(tx, id, &key).await?;
        fields.push("key");
    }
    if fields.is_empty() {
        report.unchanged += 1;
    } else {
        report.updated(line, &current.slug, fields);
    }
    Ok(())
}

/// A new initiative, with the row's slug or one chosen by name and place.
async fn create(
    tx: &mut Tx,
    known: &mut Known,
    (n, p): (usize, Prepared),
    names: Names<'_>,
    report: &mut Report,
) -> Result<(), Error> {
    let Prepared {
        line,
        key,
        input,
        columns,
        explicit,
        base,
        mut problems,
    } = p;
    let data = InitiativeData::default().apply(input, &mut problems);
    if data.name.is_empty() && problems.is_empty() {
        problems.add("name", "is required");
    }
    if !problems.is_empty() {
        report.fail_at(line, &columns, problems);
        return Ok(());
    }
    let slug = match explicit {
        Some(explicit) => {
            if db::slugs::taken(tx, db::slugs::Table::Initiatives, &explicit).await? {
                report.errors.push(RowError {
                    line,
                    column: None,
                    message: format!("{explicit} is an entry mirrored from the network"),
                });
                return Ok(());
            }
            explicit
        }
        None => {
            let base = base.unwrap_or_else(|| text::slugify(&data.name));
            let others = names.others(n, &base, known);
            slug::choose(tx, &base, &names.places[n], &others).await?
        }
    };
    let record = data.record(&slug, None);
    let id = db::initiatives::insert(tx, &record, crate::domain::now()).await?;
    if let Some(key) = &key {
        db::initiatives::imports::set_key(tx, id, key).await?;
    }
    Outgoing::InitiativePublished { id }.record(tx).await?;
    let place = names.places[n].clone();
    let i = known.add(id, slug.clone(), &data.name, key, place);
    known.claim(i, line, n, None);
    report.created(line, &slug);
    Ok(())
}

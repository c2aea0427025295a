//! Moving a chapter from SQLite to PostgreSQL: the target is migrated to the same schema, then
//! every table is copied, ids kept, and identity sequences moved past them.

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use sqlx::{Column, Row};

use crate::db::{Db, Param, Sql, bind};

/// Tables in an order that respects foreign keys.
const TABLES: [&str; 16] = [
    "remote_actors",
    "initiatives",
    "events",
    "initiative_labels",
    "event_labels",
    "admin_tokens",
    "outgoing",
    "actor_keys",
    "followers",
    "follows",
    "activities",
    "deliveries",
    "hosts",
    "received_activities",
    "tombstones",
    "backup_meta",
];

/// Copies everything from `from` (SQLite) into `to` (an empty PostgreSQL database).
pub async fn copy(from: &Db, to: &Db) -> anyhow::Result<Vec<(String, u64)>> {
    let (Db::Sqlite(source, _), Db::Postgres(target)) = (from, to) else {
        bail!("migrate-db copies from SQLite to PostgreSQL");
    };
    to.migrate()
        .await
        .context("cannot create the schema in the target")?;
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(&sql).fetch_one(target).await?;
        if n > 0 {
            bail!(
                "the target database is not empty ({table} has {n} rows): migrate into a new, empty database"
            );
        }
    }
    let mut copied = Vec::new();
    let mut tx = target.begin().await?;
    for table in TABLES {
        // The target's column types say how to read each SQLite value.
        let columns: Vec<(String, String)> = sqlx::query_as(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_name = $1 AND table_schema = current_schema() AND is_generated = 'NEVER' \
             ORDER BY ordinal_position",
        )
        .bind(table)
        .fetch_all(&mut *tx)
        .await?;
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let select = format!("SELECT {} FROM {table}", names.join(", "));
        let rows = sqlx::query(&select).fetch_all(source).await?;
        for chunk in rows.chunks(200) {
            let mut insert = Sql::new(&format!(
                "INSERT INTO {table} ({}) VALUES ",
                names.join(", ")
            ));
            for (r, row) in chunk.iter().enumerate() {
                if r > 0 {
                    insert.push(", ");
                }
                insert.push("(");
                for (c, (name, kind)) in columns.iter().enumerate() {
                    if c > 0 {
                        insert.push(", ");
                    }
                    insert.bind(value(row, name, kind)?);
                }
                insert.push(")");
            }
            bind!(sqlx::query(insert.text()), insert)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("copying {table}"))?;
        }
        if names.contains(&"id") && columns.iter().any(|(n, t)| n == "id" && t == "bigint") {
            let reset = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(&reset).execute(&mut *tx).await?;
        }
        copied.push((table.to_owned(), rows.len() as u64));
    }
    tx.commit().await?;
    Ok(copied)
}

/// One SQLite value, read as the PostgreSQL column's type wants it.
fn value(row: &sqlx::sqlite::SqliteRow, name: &str, kind: &str) -> anyhow::Result<Param> {
    let _ = row
        .columns()
        .iter()
        .find(|c| c.name() == name)
        .context("a column is missing")?;
    Ok(match kind {
        "bigint" | "integer" => Param::OptInt(row.try_get(name)?),
        "double precision" | "real" => Param::OptReal(row.try_get(name)?),
        "boolean" => Param::OptBool(row.try_get(name)?),
        "timestamp with time zone" => {
            Param::OptTime(row.try_get::<Option<DateTime<Utc>>, _>(name)?)
        }
        _ => Param::OptText(row.try_get(name)?),
    })
}

//! A small SQL text builder with numbered placeholders, bound the same way on both engines.

use chrono::{DateTime, Utc};

use super::Engine;

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub enum Param {
    Text(String),
    OptText(Option<String>),
    Int(i64),
    OptInt(Option<i64>),
    Real(f64),
    OptReal(Option<f64>),
    Time(DateTime<Utc>),
    OptTime(Option<DateTime<Utc>>),
    OptBool(Option<bool>),
}

/// SQL text under construction and the values of its `$n` placeholders.
#[derive(Debug, Default, Clone)]
pub struct Sql {
    text: String,
    params: Vec<Param>,
    /// Placeholders written `?`, in the order of their values (SQLite only).
    anonymous: bool,
    /// Planned for its values at each run (PostgreSQL only): see [`Sql::plan_for_values`].
    for_values: bool,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_owned(),
            params: Vec::new(),
            anonymous: false,
            for_values: false,
        }
    }

    /// A statement of many values (a multi-row insert, a long `IN` list), whose placeholders
    /// are all added by [`Sql::bind`]. On SQLite they are written `?`: its parser looks each
    /// `$n` up in the list of the names before it, and sqlx looks each number's name up again
    /// to bind it, so that a statement of n values cost n² string comparisons (a third of the
    /// writer's time under the inbox load, with inserts of 64 rows).
    pub fn many(engine: Engine, text: &str) -> Self {
        Sql {
            anonymous: engine == Engine::Sqlite,
            ..Sql::new(text)
        }
    }

    /// Has PostgreSQL plan the statement for its values each time it runs, not from the generic
    /// plan that it keeps for a prepared statement after five runs. That plan cannot know how
    /// many rows a text matches: a rare word within 100 km of Lyon walked the circle's 12,400
    /// rows to check each one's words (23.6 ms), where the text index finds its one match in
    /// 0.03 ms. The statement is then unnamed, parsed and planned at each run (about 0.15 ms).
    /// SQLite keeps its statements prepared: its plans do not depend on the values.
    pub fn plan_for_values(&mut self, engine: Engine) -> &mut Self {
        self.for_values = engine == Engine::Postgres;
        self
    }

    /// Whether sqlx should keep the statement prepared for the connection.
    pub fn persistent(&self) -> bool {
        !self.for_values
    }

    /// Appends raw SQL.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `param`.
    pub fn bind(&mut self, param: impl Into<Param>) -> &mut Self {
        self.params.push(param.into());
        if self.anonymous {
            self.text.push('?');
        } else {
            self.text.push_str(&format!("${}", self.params.len()));
        }
        self
    }

    /// Appends `(${n}, ${n+1}, …)` for a list of values.
    pub fn bind_list<P: Into<Param>>(&mut self, params: impl IntoIterator<Item = P>) -> &mut Self {
        self.push("(");
        for (i, p) in params.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(p);
        }
        self.push(")")
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn params(&self) -> &[Param] {
        &self.params
    }
}

impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}
impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_owned())
    }
}
impl From<Option<String>> for Param {
    fn from(v: Option<String>) -> Self {
        Param::OptText(v)
    }
}
impl From<i64> for Param {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}
impl From<Option<i64>> for Param {
    fn from(v: Option<i64>) -> Self {
        Param::OptInt(v)
    }
}
impl From<f64> for Param {
    fn from(v: f64) -> Self {
        Param::Real(v)
    }
}
impl From<Option<f64>> for Param {
    fn from(v: Option<f64>) -> Self {
        Param::OptReal(v)
    }
}
impl From<DateTime<Utc>> for Param {
    fn from(v: DateTime<Utc>) -> Self {
        Param::Time(v)
    }
}
impl From<Option<DateTime<Utc>>> for Param {
    fn from(v: Option<DateTime<Utc>>) -> Self {
        Param::OptTime(v)
    }
}

/// Binds the placeholders of a [`Sql`] to a sqlx query built from its text, on either engine:
/// `bind!(sqlx::query_as::<_, Row>(sql.text()), sql)`.
macro_rules! bind {
    ($query:expr, $sql:expr) => {{
        let mut query = $query.persistent($sql.persistent());
        for param in $sql.params() {
            query = match param.clone() {
                $crate::db::Param::Text(v) => query.bind(v),
                $crate::db::Param::OptText(v) => query.bind(v),
                $crate::db::Param::Int(v) => query.bind(v),
                $crate::db::Param::OptInt(v) => query.bind(v),
                $crate::db::Param::Real(v) => query.bind(v),
                $crate::db::Param::OptReal(v) => query.bind(v),
                $crate::db::Param::Time(v) => query.bind(v),
                $crate::db::Param::OptTime(v) => query.bind(v),
                $crate::db::Param::OptBool(v) => query.bind(v),
            };
        }
        query
    }};
}

pub(crate) use bind;

//! `partage admin user …`: web admin accounts from the command line, for the first admin and
//! for an admin who lost their password.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};

use crate::app::open_database;
use crate::config::Settings;
use crate::domain;
use crate::domain::account::{self, Role};
use crate::domain::audit::{self, Actor};

pub async fn create(settings: &Settings, username: &str, role: &str) -> anyhow::Result<()> {
    let role = Role::parse(role).map_err(anyhow::Error::msg)?;
    let password = ask_password()?;
    let db = open_database(settings).await?;
    let created = account::create_user(&db, username, &password, role).await;
    let user = explain(created)?;
    audit::record(&db, Actor::CommandLine, "user.create", &user.username).await?;
    db.close().await;
    println!(
        "Created {} ({}). Sign in at {}/admin",
        user.username,
        role.as_str(),
        settings.base_url().as_str().trim_end_matches('/')
    );
    Ok(())
}

pub async fn password(settings: &Settings, username: &str) -> anyhow::Result<()> {
    let password = ask_password()?;
    let db = open_database(settings).await?;
    let user = explain(account::reset_password(&db, username, &password).await)?;
    audit::record(&db, Actor::CommandLine, "password.reset", &user.username).await?;
    db.close().await;
    println!(
        "The password of {} is changed; their sessions are ended.",
        user.username
    );
    Ok(())
}

pub async fn list(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let users = account::list(&db).await?;
    db.close().await;
    println!("{:>4}  {:<32}  {:<7}  created", "id", "user name", "role");
    for (user, created) in users {
        println!(
            "{:>4}  {:<32}  {:<7}  {}",
            user.id,
            user.username,
            user.role.as_str(),
            created.format("%Y-%m-%d %H:%M")
        );
    }
    Ok(())
}

/// A domain refusal as a readable error.
fn explain<T>(outcome: Result<T, domain::Error>) -> anyhow::Result<T> {
    match outcome {
        Ok(value) => Ok(value),
        Err(domain::Error::Invalid(problems)) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("{} {}", p.field, p.message))
                .collect();
            bail!("{}", lines.join("; "))
        }
        Err(domain::Error::NotFound(what)) => bail!("there is no such {what}"),
        Err(e) => Err(e.into()),
    }
}

/// The password: asked twice on a terminal, else the first line of standard input.
fn ask_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let again = rpassword::prompt_password("Password again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

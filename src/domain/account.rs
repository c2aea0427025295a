//! Accounts of the web admin: users with Argon2id passwords and a role, their sessions, and
//! the one-time links (the first start's set-up link, invitations) that create them.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;

use super::token::{hash, hex};
use super::{Error, Problems};
use crate::db::{self, Db, DbError, Tx};

/// A session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::days(30);
/// A session's last-seen time is written at most this often.
const TOUCH_EVERY: Duration = Duration::minutes(5);
/// An invitation is valid this long; the set-up link until the next start.
const INVITE_VALID: Duration = Duration::days(7);
/// Passwords shorter than this are refused (NIST SP 800-63B asks for at least 8).
pub const MIN_PASSWORD: usize = 10;
/// Longer passwords are refused, so that hashing one costs a bounded time.
const MAX_PASSWORD: usize = 256;

/// What a user may do: admins everything, editors the directory's content only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    Editor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
        }
    }

    pub fn parse(value: &str) -> Result<Role, String> {
        match value.trim() {
            "admin" => Ok(Role::Admin),
            "editor" => Ok(Role::Editor),
            other => Err(format!("{other:?} is neither admin nor editor")),
        }
    }
}

/// A signed-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

impl User {
    fn from_row(row: &db::users::UserRow) -> User {
        User {
            id: row.id,
            username: row.username.clone(),
            role: Role::parse(&row.role).unwrap_or(Role::Editor),
        }
    }
}

/// A live session: its user and the token its forms carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
}

/// Creates an account after checking its name and password.
pub async fn create_user(
    db: &Db,
    username: &str,
    password: &str,
    role: Role,
) -> Result<User, Error> {
    let (username, hash) = check_new_user(db, username, password).await?;
    let mut tx = db.begin().await?;
    let user = insert_user(&mut tx, username, &hash, role).await?;
    tx.commit().await?;
    Ok(user)
}

/// A new account's name, checked and free, and its password's hash.
async fn check_new_user(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<(String, String), Error> {
    let mut problems = Problems::default();
    let username = problems.check("username", Some(username), parse_username);
    check_password(&mut problems, "password", password, username.as_deref());
    let username = problems.into_result(username)?.expect("checked");
    if db::users::by_username(db, &username).await?.is_some() {
        return Err(username_taken(&username));
    }
    Ok((username, hash_password(password).await?))
}

async fn insert_user(tx: &mut Tx, username: String, hash: &str, role: Role) -> Result<User, Error> {
    let id = db::users::insert(tx, &username, hash, role.as_str(), super::now())
        .await
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                username_taken(&username)
            } else {
                e.into()
            }
        })?;
    Ok(User { id, username, role })
}

fn username_taken(username: &str) -> Error {
    let mut problems = Problems::default();
    problems.add("username", format!("{username:?} is taken"));
    Error::Invalid(problems)
}

/// The user with this name and password; `None` for any mismatch, in about the same time
/// whether or not the name exists.
pub async fn authenticate(db: &Db, username: &str, password: &str) -> Result<Option<User>, Error> {
    let username = username.trim().to_lowercase();
    if password.len() > MAX_PASSWORD {
        return Ok(None);
    }
    let row = db::users::by_username(db, &username).await?;
    let hash = match &row {
        Some(row) => row.password_hash.clone(),
        None => dummy_hash().await?,
    };
    let matches = verify_password(password, hash).await;
    Ok(row.filter(|_| matches).as_ref().map(User::from_row))
}

/// Changes a password after checking the current one; ends the user's other sessions.
pub async fn change_password(
    db: &Db,
    user: &User,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> Result<(), Error> {
    let mut problems = Problems::default();
    if authenticate(db, &user.username, current).await?.is_none() {
        problems.add("current", "is not your current password");
    }
    check_password(&mut problems, "password", new, Some(&user.username));
    problems.into_result(())?;
    set_password(db, user.id, new).await?;
    db::sessions::delete_for_user(db, user.id, keep_session.map(hash).as_deref()).await?;
    Ok(())
}

/// Sets a password without asking for the old one (the command line); ends every session.
pub async fn reset_password(db: &Db, username: &str, new: &str) -> Result<User, Error> {
    let row = db::users::by_username(db, &username.trim().to_lowercase())
        .await?
        .ok_or(Error::NotFound("user"))?;
    let mut problems = Problems::default();
    check_password(&mut problems, "password", new, Some(&row.username));
    problems.into_result(())?;
    set_password(db, row.id, new).await?;
    db::sessions::delete_for_user(db, row.id, None).await?;
    Ok(User::from_row(&row))
}

async fn set_password(db: &Db, id: i64, password: &str) -> Result<(), Error> {
    let hash = hash_password(password).await?;
    db::users::set_password(db, id, &hash, super::now()).await?;
    Ok(())
}

pub async fn list(db: &Db) -> Result<Vec<(User, DateTime<Utc>)>, DbError> {
    let rows = db::users::list(db).await?;
    Ok(rows
        .iter()
        .map(|r| (User::from_row(r), r.created_at))
        .collect())
}

pub async fn get(db: &Db, id: i64) -> Result<Option<User>, DbError> {
    Ok(db::users::by_id(db, id).await?.as_ref().map(User::from_row))
}

/// Changes a user's role or removes the account, never leaving the chapter without an admin
/// (counted again inside the change's transaction, the admins locked).
pub async fn set_role(db: &Db, id: i64, role: Option<Role>) -> Result<User, Error> {
    let user = get(db, id).await?.ok_or(Error::NotFound("user"))?;
    let mut tx = db.begin().await?;
    db::users::lock_admins(&mut tx).await?;
    match role {
        Some(role) => db::users::set_role(&mut tx, id, role.as_str()).await?,
        None => db::users::delete(&mut tx, id).await?,
    };
    if db::users::count_admins(&mut tx).await? == 0 {
        tx.rollback().await?;
        return Err(Error::Conflict(
            "this is the chapter's only admin: make someone else admin first".into(),
        ));
    }
    tx.commit().await?;
    Ok(user)
}

/// Opens a session; returns the cookie's secret (stored only as a hash).
/// Sessions idle too long are forgotten then.
pub async fn open_session(db: &Db, user: &User, user_agent: &str) -> Result<String, DbError> {
    let secret = random_token();
    let user_agent: String = user_agent.chars().take(200).collect();
    let now = super::now();
    db::sessions::delete_idle(db, now - SESSION_IDLE).await?;
    db::sessions::insert(
        db,
        &hash(&secret),
        user.id,
        &random_token(),
        &user_agent,
        now,
    )
    .await?;
    Ok(secret)
}

/// The live session a cookie's secret names.
pub async fn session(db: &Db, secret: &str) -> Result<Option<Session>, DbError> {
    if secret.len() != 64 {
        return Ok(None);
    }
    let id_hash = hash(secret);
    let now = super::now();
    let Some(row) = db::sessions::live(db, &id_hash, now - SESSION_IDLE).await? else {
        return Ok(None);
    };
    if now - row.seen_at > TOUCH_EVERY {
        db::sessions::touch(db, &id_hash, now).await?;
    }
    Ok(Some(Session {
        user: User {
            id: row.user_id,
            username: row.username,
            role: Role::parse(&row.role).unwrap_or(Role::Editor),
        },
        csrf: row.csrf,
    }))
}

pub async fn close_session(db: &Db, secret: &str) -> Result<(), DbError> {
    db::sessions::delete(db, &hash(secret)).await
}

/// Signs a user out everywhere.
pub async fn close_all_sessions(db: &Db, user_id: i64) -> Result<u64, DbError> {
    db::sessions::delete_for_user(db, user_id, None).await
}

/// A one-time link's secret, to put in `/admin/invite/{secret}`.
pub async fn invite(db: &Db, role: Role, by: &User) -> Result<String, DbError> {
    let secret = random_token();
    let now = super::now();
    db::users::insert_invite(
        db,
        &hash(&secret),
        role.as_str(),
        Some(by.id),
        now,
        now + INVITE_VALID,
    )
    .await?;
    Ok(secret)
}

/// The set-up link's secret while the chapter has no account (earlier links stop working).
pub async fn setup_link(db: &Db) -> Result<Option<String>, DbError> {
    if db::users::any(db).await? {
        return Ok(None);
    }
    db::users::delete_setup_invites(db).await?;
    let secret = random_token();
    let now = super::now();
    db::users::insert_invite(db, &hash(&secret), "admin", None, now, now + INVITE_VALID).await?;
    Ok(Some(secret))
}

/// The role a live invitation grants.
pub async fn invitation(db: &Db, secret: &str) -> Result<Option<Role>, DbError> {
    if secret.len() != 64 {
        return Ok(None);
    }
    let row = db::users::invite(db, &hash(secret), super::now()).await?;
    Ok(row.and_then(|r| Role::parse(&r.role).ok()))
}

/// Creates the invited account and uses the invitation up.
pub async fn accept_invitation(
    db: &Db,
    secret: &str,
    username: &str,
    password: &str,
) -> Result<User, Error> {
    let role = invitation(db, secret)
        .await?
        .ok_or(Error::NotFound("invitation"))?;
    let (username, password_hash) = check_new_user(db, username, password).await?;
    // The invitation is used up with the account's creation, or not at all.
    let mut tx = db.begin().await?;
    if !db::users::consume_invite(&mut tx, &hash(secret)).await? {
        return Err(Error::NotFound("invitation"));
    }
    let user = insert_user(&mut tx, username, &password_hash, role).await?;
    tx.commit().await?;
    Ok(user)
}

fn parse_username(value: &str) -> Result<String, String> {
    let name = value.trim().to_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c);
    if name.len() < 2 || name.len() > 32 {
        Err("must be 2 to 32 characters long".into())
    } else if !name.chars().all(allowed) {
        Err("may hold only letters a-z, digits, '.', '-' and '_'".into())
    } else {
        Ok(name)
    }
}

fn check_password(problems: &mut Problems, field: &str, password: &str, username: Option<&str>) {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        problems.add(
            field,
            format!("must be at least {MIN_PASSWORD} characters long"),
        );
    } else if password.len() > MAX_PASSWORD {
        problems.add(field, format!("must be at most {MAX_PASSWORD} bytes long"));
    } else if username.is_some_and(|u| password.trim().eq_ignore_ascii_case(u)) {
        problems.add(field, "must not be the user name");
    }
}

/// At most this many Argon2 computations at once (each takes 19 MiB and a core for a while), so
/// that a flood of sign-ins cannot exhaust memory.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommendation), off the
/// async threads.
async fn hash_password(password: &str) -> Result<String, Error> {
    let password = password.to_owned();
    let _permit = HASHING.acquire().await.expect("never closed");
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .expect("hashing does not panic")
    .map_err(|e| Error::Conflict(format!("cannot hash the password: {e}")))
}

async fn verify_password(password: &str, hash: String) -> bool {
    let password = password.to_owned();
    let _permit = HASHING.acquire().await.expect("never closed");
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that timing does not tell.
async fn dummy_hash() -> Result<String, Error> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| hash_password("not a password of anyone"))
        .await
        .cloned()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

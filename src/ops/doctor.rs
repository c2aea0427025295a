//! `partage doctor`: checks the set-up from the outside, as other servers will see it.

use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::config::Settings;
use crate::db::Db;

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    /// What was found.
    pub detail: String,
    /// What to do about it, when it failed.
    pub fix: Option<String>,
}

fn pass(name: &'static str, detail: impl Into<String>) -> Check {
    Check {
        name,
        ok: true,
        detail: detail.into(),
        fix: None,
    }
}

fn fail(name: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        name,
        ok: false,
        detail: detail.into(),
        fix: Some(fix.into()),
    }
}

/// The most a clock may be off before signatures start to fail (Mastodon allows an hour; we
/// warn much earlier).
const MAX_SKEW: Duration = Duration::from_secs(60);

/// Runs every check; the network ones go to the public URL of the chapter.
pub async fn run(settings: &Settings, db: &Db) -> Vec<Check> {
    let mut checks = Vec::new();
    let base = settings.base_url();
    let domain = &settings.instance.domain;
    checks.push(if base.scheme() == "https" || settings.federation.debug {
        pass("configuration", format!("public URL {base}"))
    } else {
        fail(
            "configuration",
            format!("instance.domain {domain:?} is a loopback host, served over http"),
            "set instance.domain to the public host name other servers reach you at",
        )
    });

    checks.push(match db.ping().await {
        Ok(()) => pass("database", "reachable, schema up to date"),
        Err(e) => fail(
            "database",
            format!("not reachable: {e}"),
            "check database.url and that the database server runs",
        ),
    });

    // Where the database file lives (the one `serve` opens), else the data directory.
    let disk = settings
        .database_url()
        .ok()
        .and_then(|url| crate::db::sqlite_file(&url).ok().flatten())
        .and_then(|file| file.parent().map(std::path::Path::to_path_buf))
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| settings.data.dir.clone());
    checks.push(match fs4::available_space(&disk) {
        Ok(bytes) if bytes >= 1 << 30 => pass(
            "disk",
            format!("{} MiB free in {}", bytes >> 20, disk.display()),
        ),
        Ok(bytes) => fail(
            "disk",
            format!("only {} MiB free in {}", bytes >> 20, disk.display()),
            "free some disk space: the database and backups need room",
        ),
        Err(_) => pass("disk", "no data directory (not using embedded SQLite)"),
    });

    crate::federation::install_crypto_provider();
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            checks.push(fail("http client", e.to_string(), "this is a bug"));
            return checks;
        }
    };
    let slug = &settings.instance.slug;
    let webfinger = base
        .join(&format!(
            ".well-known/webfinger?resource=acct:{slug}@{domain}"
        ))
        .expect("a valid URL");
    let actor_url = base.join(&format!("actors/{slug}")).expect("a valid URL");
    match client.get(webfinger.clone()).send().await {
        Ok(r) if r.status().is_success() => {
            let skew = r
                .headers()
                .get("date")
                .and_then(|d| d.to_str().ok())
                .and_then(|d| httpdate::parse_http_date(d).ok());
            let body: Value = r.json().await.unwrap_or(Value::Null);
            let self_link = body["links"]
                .as_array()
                .and_then(|l| l.iter().find(|l| l["rel"] == "self"))
                .and_then(|l| l["href"].as_str())
                .unwrap_or("");
            checks.push(if self_link == actor_url.as_str() {
                pass(
                    "webfinger",
                    format!("{webfinger} answers for @{slug}@{domain}"),
                )
            } else {
                fail(
                    "webfinger",
                    format!("{webfinger} points to {self_link:?}, not {actor_url}"),
                    "another server answers at this domain, or instance.domain is wrong",
                )
            });
            checks.push(clock(skew));
        }
        Ok(r) => checks.push(fail(
            "webfinger",
            format!("{webfinger} answered {}", r.status()),
            "make the reverse proxy pass /.well-known/ to Partage",
        )),
        Err(e) => checks.push(fail(
            "webfinger",
            format!("{webfinger}: {e}"),
            format!(
                "make {domain} resolve to this server and serve https (TLS) in front of Partage"
            ),
        )),
    }

    let nodeinfo = base.join(".well-known/nodeinfo").expect("a valid URL");
    checks.push(match client.get(nodeinfo.clone()).send().await {
        Ok(r) if r.status().is_success() => pass("nodeinfo", format!("{nodeinfo} answers")),
        Ok(r) => fail(
            "nodeinfo",
            format!("{nodeinfo} answered {}", r.status()),
            "make the reverse proxy pass /.well-known/ to Partage",
        ),
        Err(e) => fail(
            "nodeinfo",
            format!("{nodeinfo}: {e}"),
            "serve the domain over https in front of Partage",
        ),
    });

    // Signatures cover the Host header and the path: the actor document's id must come back
    // exactly as asked, which it does only when the proxy forwards both.
    checks.push(
        match client
            .get(actor_url.clone())
            .header("accept", "application/activity+json")
            .send()
            .await
        {
            Ok(r) if r.status().is_success() => {
                let body: Value = r.json().await.unwrap_or(Value::Null);
                if body["id"].as_str() == Some(actor_url.as_str()) {
                    pass("reverse proxy", "forwards Host and the original path")
                } else {
                    fail(
                        "reverse proxy",
                        format!("{actor_url} came back as {}", body["id"]),
                        "forward the original Host header (proxy_set_header Host $host) and path",
                    )
                }
            }
            Ok(r) => fail(
                "reverse proxy",
                format!("{actor_url} answered {}", r.status()),
                "forward every path to Partage, with its Host header",
            ),
            Err(e) => fail(
                "reverse proxy",
                format!("{actor_url}: {e}"),
                "serve the domain over https in front of Partage",
            ),
        },
    );
    checks
}

/// Compares our clock with the `Date` a response carried through the public URL (the proxy's
/// clock, or ours), and with the system's NTP state when it can be read.
fn clock(remote: Option<SystemTime>) -> Check {
    let now = SystemTime::now();
    let skew = remote.map(|r| now.duration_since(r).unwrap_or_else(|e| e.duration()));
    let synchronized = std::process::Command::new("timedatectl")
        .args(["show", "-p", "NTPSynchronized", "--value"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "yes");
    match (skew, synchronized) {
        (Some(skew), _) if skew > MAX_SKEW => fail(
            "clock",
            format!("off by {}s", skew.as_secs()),
            "run NTP (systemd-timesyncd or chrony): signatures older than an hour are refused",
        ),
        (_, Some(false)) => fail(
            "clock",
            "not synchronised by NTP",
            "enable NTP: timedatectl set-ntp true",
        ),
        _ => pass("clock", "in time"),
    }
}

//! A real SMTP server for the suite: aiosmtpd (from PyPI, which `.ci/run` installs into
//! `.ci/.venv`) running `tests/mail/smtp_server.py` on a loopback port, started once when a test
//! first needs it and stopped with the test process. Tests read what it received as files and
//! parse them as a mail client would (mailparse); each test writes to addresses of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

/// The server: its port and the folder its messages land in.
pub struct Smtp {
    pub port: u16,
    pub dir: PathBuf,
}

/// The suite's SMTP server; `None` without aiosmtpd (the tests skip, unless
/// `PARTAGE_TEST_REQUIRE_SMTP` is set: CI, where they fail).
pub async fn server() -> Option<&'static Smtp> {
    static SERVER: OnceCell<Option<Smtp>> = OnceCell::const_new();
    SERVER.get_or_init(start).await.as_ref()
}

/// The settings of a chapter sending through the suite's server.
pub async fn settings() -> Option<Vec<(String, String)>> {
    let smtp = server().await?;
    Some(vec![
        ("email.transport".into(), "smtp".into()),
        (
            "email.smtp_url".into(),
            format!("smtp://127.0.0.1:{}", smtp.port),
        ),
        (
            "email.from".into(),
            "Partage Paris <paris@chapter.example>".into(),
        ),
    ])
}

fn python() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/.venv/bin/python");
    let candidates = [
        std::env::var_os("PARTAGE_TEST_PYTHON").map(PathBuf::from),
        Some(venv),
        Some("python3".into()),
    ];
    candidates.into_iter().flatten().find(|python| {
        Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

async fn start() -> Option<Smtp> {
    let Some(python) = python() else {
        if std::env::var_os("PARTAGE_TEST_REQUIRE_SMTP").is_some() {
            panic!("PARTAGE_TEST_REQUIRE_SMTP is set but aiosmtpd is not installed");
        }
        eprintln!("skipped: install aiosmtpd (`pip install aiosmtpd`) to run the e-mail tests");
        return None;
    };
    for _ in 0..3 {
        let dir = tempfile::tempdir().expect("a directory").keep();
        let port = free_port();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mail/smtp_server.py");
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        // The server watches this process and ends with it: nobody waits for it.
        #[allow(clippy::zombie_processes)]
        Command::new(&python)
            .arg(&script)
            .args([
                "--port",
                &port.to_string(),
                "--parent",
                &std::process::id().to_string(),
            ])
            .arg("--dir")
            .arg(dir.join("mail"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("python starts");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if dir.join("mail/ready").exists() {
                return Some(Smtp {
                    port,
                    dir: dir.join("mail"),
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        eprintln!(
            "aiosmtpd did not start; see {}",
            dir.join("server.log").display()
        );
    }
    panic!("aiosmtpd did not start three times");
}

/// A message as a mail client reads it.
#[derive(Debug, Clone)]
pub struct Received {
    pub envelope_to: String,
    pub headers: Vec<(String, String)>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The content types of its parts, in order.
    pub parts: Vec<String>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first link of the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with(prefix))
            .map(|w| w.trim_end_matches(['.', ',', ')']).to_owned())
    }
}

impl Smtp {
    /// Every message received for `address`, oldest first.
    pub fn received(&self, address: &str) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        files
            .iter()
            .map(|p| parse(p))
            .filter(|m| {
                m.envelope_to
                    .split(", ")
                    .any(|to| to.eq_ignore_ascii_case(address))
            })
            .collect()
    }

    /// Waits until `count` messages arrived for `address`; returns them.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let found = self.received(address);
            if found.len() >= count || Instant::now() > deadline {
                assert!(
                    found.len() >= count,
                    "{} message(s) for {address}, not {count}",
                    found.len()
                );
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Makes the server answer `answer` to `address` until [`Smtp::accept`].
    pub fn refuse(&self, address: &str, answer: &str) {
        std::fs::write(self.dir.join("refuse").join(address.to_lowercase()), answer).unwrap();
    }

    pub fn accept(&self, address: &str) {
        let _ = std::fs::remove_file(self.dir.join("refuse").join(address.to_lowercase()));
    }
}

fn parse(path: &Path) -> Received {
    let raw = std::fs::read(path).unwrap();
    let mail = mailparse::parse_mail(&raw).expect("a message a mail client can read");
    let headers: Vec<(String, String)> = mail
        .headers
        .iter()
        .map(|h| (h.get_key(), h.get_value()))
        .collect();
    let mut found = Received {
        envelope_to: headers
            .iter()
            .find(|(k, _)| k == "X-Test-Envelope-To")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        subject: mail
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("subject"))
            .map(|h| h.get_value())
            .unwrap_or_default(),
        headers,
        text: String::new(),
        html: String::new(),
        parts: Vec::new(),
    };
    for part in mail
        .subparts
        .iter()
        .chain(std::iter::once(&mail).filter(|m| m.subparts.is_empty()))
    {
        let kind = part.ctype.mimetype.clone();
        let body = part.get_body().expect("a decodable part");
        match kind.as_str() {
            "text/plain" => found.text = body,
            "text/html" => found.html = body,
            _ => {}
        }
        found.parts.push(kind);
    }
    found
}

/// A free port below Linux's ephemeral range, where the suite's own servers (port 0) never land.
fn free_port() -> u16 {
    use std::hash::{BuildHasher, RandomState};
    loop {
        let port = 20_000 + (RandomState::new().hash_one(Instant::now()) % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

//! The `partage` binary: configuration errors, migrations, tokens, and a real `serve`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn partage(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partage"));
    command
        .env("PARTAGE_DATA__DIR", data)
        .env_remove("PARTAGE_CONFIG")
        .env_remove("PARTAGE_DATABASE__URL")
        .env_remove("RUST_LOG");
    command
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_configuration_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("PARTAGE_HTTP__LISTEN", "nowhere")], "http.listen"),
        (&[("PARTAGE_INSTANCE__SLUG", "Not A Slug")], "instance.slug"),
        (
            &[("PARTAGE_INSTANCE__DOMAIN", "https://x.example/path")],
            "instance.domain",
        ),
        (
            &[("PARTAGE_INSTANCE__TIMEZONE", "Mars/Olympus")],
            "instance.timezone",
        ),
        (&[("PARTAGE_DATABASE__URL", "mysql://x")], "database.url"),
    ];
    for (env, key) in cases {
        let output = partage(dir.path())
            .envs(env.iter().copied())
            .arg("migrate")
            .output()
            .unwrap();
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(78), "{env:?}: {stderr}");
        assert!(stderr.contains(key), "{env:?} should name {key}: {stderr}");
    }

    let file = dir.path().join("partage.toml");
    std::fs::write(&file, "[instance]\nname = \"Paris\"\ncolour = \"blue\"\n").unwrap();
    let output = partage(dir.path())
        .arg("--config")
        .arg(&file)
        .arg("migrate")
        .output()
        .unwrap();
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(78));
    assert!(stderr.contains("colour"), "{stderr}");

    let output = partage(dir.path())
        .args(["--config", "/nonexistent.toml", "migrate"])
        .output()
        .unwrap();
    assert!(text(&output).1.contains("does not exist"));
    assert!(
        !dir.path().join("partage.sqlite").exists(),
        "nothing was created"
    );
}

#[test]
fn migrate_and_manage_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let output = partage(dir.path()).arg("migrate").output().unwrap();
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(dir.path().join("partage.sqlite").exists());

    let output = partage(dir.path())
        .args(["admin", "token", "create", "--name", "ci bot"])
        .output()
        .unwrap();
    let (stdout, _) = text(&output);
    assert!(output.status.success());
    assert!(stdout.contains("partage_"), "{stdout}");

    let output = partage(dir.path())
        .args(["admin", "token", "list"])
        .output()
        .unwrap();
    let (stdout, _) = text(&output);
    assert!(stdout.contains("ci bot"), "{stdout}");
    let id = stdout
        .lines()
        .find(|l| l.contains("ci bot"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    let output = partage(dir.path())
        .args(["admin", "token", "revoke", &id])
        .output()
        .unwrap();
    assert!(output.status.success(), "{:?}", text(&output));
    let output = partage(dir.path())
        .args(["admin", "token", "revoke", &id])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(text(&output).1.contains("no live token"));
}

#[test]
fn help_explains_every_command() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["admin", "token", "--help"],
        &["admin", "token", "create", "--help"],
        &["admin", "user", "create", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_partage"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(output.stdout.len() > 100, "{args:?}");
    }
}

#[test]
fn serve_prints_the_first_token_once_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let start = |dir: &Path| {
        partage(dir)
            .env("PARTAGE_HTTP__LISTEN", "127.0.0.1:0")
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };

    let mut child = start(dir.path());
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut address = None;
    let mut line = String::new();
    while address.is_none() && Instant::now() < deadline {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        address = line
            .split("listen=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned);
    }
    let address = address.expect("the server logs its address");
    let health = http_status(&format!("http://{address}/healthz"));
    assert_eq!(health, 200);

    // SIGTERM: a graceful stop, exit code 0.
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(
        stdout.contains("admin token") && stdout.contains("partage_"),
        "{stdout}"
    );
    let setup_link = |stdout: &str| {
        stdout
            .split_whitespace()
            .find(|w| w.contains("/admin/invite/"))
            .map(str::to_owned)
    };
    let first_link = setup_link(&stdout).expect("a set-up link for the web admin");

    // The second start prints no token.
    let mut child = start(dir.path());
    let mut printed = BufReader::new(child.stdout.take().unwrap());
    let mut stdout = String::new();
    while setup_link(&stdout).is_none() && printed.read_line(&mut stdout).unwrap() > 0 {}
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    std::io::Read::read_to_string(&mut printed, &mut stdout).unwrap();
    assert!(!stdout.contains("partage_"), "{stdout}");
    // Still no account: a fresh set-up link, the old one no longer valid.
    let second_link = setup_link(&stdout).expect("a new set-up link");
    assert_ne!(first_link, second_link);
}

/// `partage admin user …` with the password on standard input.
fn user_command(data: &Path, args: &[&str], password: &str) -> Output {
    use std::io::Write;
    let mut child = partage(data)
        .args(["admin", "user"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn manage_web_admin_users() {
    let dir = tempfile::tempdir().unwrap();
    let output = user_command(dir.path(), &["create", "alice"], "short");
    assert!(!output.status.success());
    assert!(
        text(&output).1.contains("at least 10 characters"),
        "{:?}",
        text(&output)
    );

    let output = user_command(
        dir.path(),
        &["create", "Alice", "--role", "admin"],
        "correct horse battery",
    );
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(text(&output).0.contains("Created alice (admin)"));
    let output = user_command(dir.path(), &["create", "alice"], "correct horse battery");
    assert!(text(&output).1.contains("taken"), "{:?}", text(&output));
    let output = user_command(
        dir.path(),
        &["create", "bob", "--role", "editor"],
        "another good password",
    );
    assert!(output.status.success(), "{:?}", text(&output));

    let output = user_command(dir.path(), &["password", "alice"], "a brand new password");
    assert!(output.status.success(), "{:?}", text(&output));
    let output = user_command(dir.path(), &["password", "nobody"], "a brand new password");
    assert!(
        text(&output).1.contains("no such user"),
        "{:?}",
        text(&output)
    );

    let output = partage(dir.path())
        .args(["admin", "user", "list"])
        .output()
        .unwrap();
    let (stdout, _) = text(&output);
    assert!(
        stdout.contains("alice") && stdout.contains("admin"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bob") && stdout.contains("editor"),
        "{stdout}"
    );
}

/// A GET with the standard library only, from a synchronous test: the status code.
fn http_status(url: &str) -> u16 {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn json_logs_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = partage(dir.path())
        .env("PARTAGE_HTTP__LISTEN", "127.0.0.1:0")
        .env("PARTAGE_LOG__FORMAT", "json")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !line.contains("is serving") && Instant::now() < deadline {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    let entry: serde_json::Value =
        serde_json::from_str(line.trim()).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(entry["level"], "INFO");
    assert!(
        entry["fields"]["message"]
            .as_str()
            .unwrap()
            .contains("is serving")
    );
    assert!(entry["fields"]["listen"].is_string());
}

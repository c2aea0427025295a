//! SQLite serves one process: a second `partage serve` on the same file stops at once, saying
//! why, and the first goes on.

use std::process::{Command, Stdio};
use std::time::Duration;

use super::free_port;

fn serve(url: &str, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partage"));
    command
        .env("PARTAGE_DATABASE__URL", url)
        .env("PARTAGE_HTTP__LISTEN", format!("127.0.0.1:{port}"))
        .env("PARTAGE_INSTANCE__DOMAIN", format!("localhost:{port}"))
        .env("PARTAGE_WEBSITE__GEOCODER", "")
        .env_remove("PARTAGE_CONFIG")
        .arg("serve")
        .stdin(Stdio::null());
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_refuses_a_second_process() {
    // Arrange: one process serving a SQLite file.
    partage::federation::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("partage.sqlite").display());
    let port = free_port();
    let mut first = serve(&url, port)
        .env("PARTAGE_DATA__DIR", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/healthz");
    for _ in 0..600 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Act: a second one on the same file.
    let second = serve(&url, free_port())
        .env("PARTAGE_DATA__DIR", dir.path())
        .output()
        .unwrap();

    // Assert: refused, saying why and what to do; the first still serves.
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success());
    assert!(
        stderr.contains("another `partage serve` is using")
            && stderr.contains("move to PostgreSQL"),
        "{stderr}"
    );
    let answer = reqwest::get(&health).await.unwrap();
    assert_eq!(answer.status(), 200);
    first.kill().unwrap();
    first.wait().unwrap();
}

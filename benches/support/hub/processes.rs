//! The hub's processes for its benchmark: `partage serve --role web|worker` of the release
//! binary on one PostgreSQL database, each on a port of its own, and HAProxy in front of the web
//! processes (a generated configuration on loopback, as a child of the benchmark).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::server::{free_port, peak_kib, rss_kib, stop};

/// One running process.
pub struct Process {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Process {
    /// Starts `partage serve --role {role}` and waits for its `/healthz`.
    pub fn start(binary: &str, url: &str, domain: &str, data: &Path, role: &'static str) -> Self {
        let port = free_port();
        let log = data.join(format!("{role}-{port}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(binary)
            .args(["serve", "--role", role])
            .env("PARTAGE_DATABASE__URL", url)
            .env("PARTAGE_DATA__DIR", data)
            .env("PARTAGE_INSTANCE__DOMAIN", domain)
            .env("PARTAGE_HTTP__LISTEN", format!("127.0.0.1:{port}"))
            .env("PARTAGE_FEDERATION__DEBUG", "true")
            .env("PARTAGE_WEBSITE__GEOCODER", "")
            .env("PARTAGE_LOG__LEVEL", "warn")
            .env_remove("PARTAGE_CONFIG")
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .stdin(Stdio::null())
            .spawn()
            .expect("the release binary starts");
        let process = Process { child, port, log };
        wait_healthy(port, &process.log);
        process
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Resident memory now and at its peak, in MB.
    pub fn memory_mb(&self) -> (f64, f64) {
        let pid = self.child.id();
        (rss_kib(pid) as f64 / 1024.0, peak_kib(pid) as f64 / 1024.0)
    }

    pub fn stop(self) {
        stop(self.child);
    }
}

/// Waits for a 200 from `/healthz` on `port` (30 s at most).
fn wait_healthy(port: u16, log: &Path) {
    use std::io::{Read, Write};
    let started = Instant::now();
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ =
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut answer = [0u8; 12];
            if stream.read_exact(&mut answer).is_ok() && answer.ends_with(b"200") {
                return;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no answer on port {port} within 60 s: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// HAProxy on loopback, round robin over `backends` (ports), as a child process.
pub struct Balancer {
    child: Child,
    pub port: u16,
}

impl Balancer {
    /// `None` when `haproxy` is not installed (`apt-get install -y haproxy`).
    pub fn start(backends: &[u16], dir: &Path) -> Option<Self> {
        let port = free_port();
        let mut config = format!(
            "global\n  maxconn 4096\n  nbthread 1\n\
             defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\n  \
             option http-keep-alive\n\
             frontend hub\n  bind 127.0.0.1:{port}\n  default_backend web\n\
             backend web\n  balance roundrobin\n"
        );
        for (i, backend) in backends.iter().enumerate() {
            config.push_str(&format!("  server web{i} 127.0.0.1:{backend}\n"));
        }
        let path = dir.join(format!("haproxy-{port}.cfg"));
        std::fs::write(&path, config).unwrap();
        let child = Command::new("haproxy")
            .arg("-f")
            .arg(&path)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        wait_healthy(port, &path);
        Some(Balancer { child, port })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn stop(self) {
        stop(self.child);
    }
}

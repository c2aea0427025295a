//! The release binary as an admin runs it: started on a fresh data directory, stopped by
//! SIGTERM, its resident memory read from `/proc`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts the server and waits for its first 200 on `/healthz`. The caller stops it.
#[allow(clippy::zombie_processes)]
pub fn start(binary: &str, url: &str, domain: &str, port: u16, data: &Path) -> (Child, Duration) {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .arg("serve")
        .env("PARTAGE_DATABASE__URL", url)
        .env("PARTAGE_DATA__DIR", data)
        .env("PARTAGE_INSTANCE__DOMAIN", domain)
        .env("PARTAGE_HTTP__LISTEN", format!("127.0.0.1:{port}"))
        .env("PARTAGE_FEDERATION__DEBUG", "true")
        .env("PARTAGE_LOG__LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(
            std::fs::File::create(data.join("server.log"))
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        )
        .spawn()
        .expect("the release binary starts");
    let address = format!("127.0.0.1:{port}");
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
            use std::io::{Read, Write};
            let _ =
                stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut answer = [0u8; 12];
            if stream.read_exact(&mut answer).is_ok() && answer.ends_with(b"200") {
                return (child, started.elapsed());
            }
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server did not start within 30 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

pub fn stop(mut child: Child) {
    // SIGTERM: a graceful stop, as systemd does it.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
}

/// A port free on loopback now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The resident memory of a process, in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

/// The most resident memory the process has had, in KiB.
pub fn peak_kib(pid: u32) -> u64 {
    status_kib(pid, "VmHWM:")
}

fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

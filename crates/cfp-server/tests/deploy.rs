//! docs/deploy.md's snippets, run as written (names, paths and ports swapped for this
//! machine's): the systemd unit through `systemd-analyze verify` and `systemd-analyze
//! security`, the nginx site with TLS in front of a real cfp-server (a self-signed
//! certificate from openssl, curl as the client), and the Caddyfile the same way with
//! Caddy's own local CA. A guide whose snippet stopped working fails here.

#[path = "common/nginx.rs"]
mod nginx;
#[path = "common/process.rs"]
mod process;

use nginx::Nginx;
use process::{events_dir, proposal_json, LogFile, ServerProcess, BIN};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HOST: &str = "cfp.dask.example.org";
/// Where the guide's upstream is; swapped for the test server's address.
const GUIDE_UPSTREAM: &str = "127.0.0.1:8080";
const CADDY: &str = "/usr/bin/caddy";

fn guide() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/deploy.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one fenced block of `language` in docs/deploy.md.
fn snippet(language: &str) -> String {
    let text = guide();
    let fence = format!("```{language}\n");
    let blocks: Vec<&str> = text
        .split(&fence)
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap_or(""))
        .collect();
    assert_eq!(blocks.len(), 1, "docs/deploy.md: one ```{language} block");
    format!("{}\n", blocks[0])
}

/// `text` with `from` replaced by `to`, which must be there.
fn swap(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the snippet no longer has {from:?}:\n{text}"
    );
    text.replace(from, to)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
}

fn run(command: &mut Command) -> (bool, String) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// curl against `https://HOST:port/path`, resolved to loopback, certificate unchecked
/// (self-signed), from the local address `from`: (status, headers and body).
fn curl(port: u16, scheme: &str, path: &str, from: &str, extra: &[&str]) -> (u16, String) {
    let url = format!("{scheme}://{HOST}:{port}{path}");
    let resolve = format!("{HOST}:{port}:127.0.0.1");
    let (ok, text) = run(Command::new("curl")
        .args(["-sk", "-i", "--max-time", "20", "--interface", from])
        .args(["--resolve", &resolve])
        .args(extra)
        .arg(&url));
    assert!(ok, "curl {url}: {text}");
    let status = text
        .lines()
        .find(|l| l.starts_with("HTTP/"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status from {url}: {text}"));
    (status, text)
}

/// A proposal posted through the proxy on `port` from 127.0.0.2: must be stored.
fn post_through(port: u16) {
    let body = proposal_json(1);
    let (status, text) = curl(
        port,
        "https",
        "/api/events/dask-summit-2021/proposals",
        "127.0.0.2",
        &[
            "-H",
            "content-type: application/json",
            "-H",
            "idempotency-key: deploy-guide",
            "--data-binary",
            &body,
        ],
    );
    assert_eq!(status, 201, "{text}");
}

/// cfp-server behind the proxy as the guide has it (`--trusted-proxy 127.0.0.1/32`),
/// logging to a file: the server and the log.
fn server(dir: &Path) -> (ServerProcess, LogFile) {
    let db = format!("sqlite://{}/cfp.sqlite", dir.display());
    let log = LogFile::new(dir.join("server.log"));
    let server = ServerProcess::start_with(
        &db,
        &events_dir(),
        &["--trusted-proxy", "127.0.0.1/32"],
        log.stdio(),
    );
    (server, log)
}

/// The log's line for the stored proposal names the client behind the proxy.
fn assert_logged_client(log: &LogFile, client: &str) {
    let text = log.wait_for(" stored ", 1);
    let line = text
        .lines()
        .find(|l| l.contains(" stored "))
        .unwrap_or_default();
    assert!(line.contains(&format!("client={client}")), "{line}");
}

#[test]
fn the_settings_file_is_one_the_server_reads() {
    let settings = cfp_server::serve_settings::ServeSettings::from_toml(&snippet("toml"))
        .unwrap_or_else(|e| panic!("docs/deploy.md's settings.toml: {e}"));
    assert_eq!(settings.addr.to_string(), GUIDE_UPSTREAM);
    assert_eq!(settings.trusted_proxies.iter().flatten().count(), 2);
}

#[test]
fn the_systemd_unit_verifies_and_is_hardened() {
    let dir = tempfile::tempdir().unwrap();
    let unit = swap(
        &snippet("ini"),
        "ExecStart=/usr/local/bin/cfp-server",
        &format!("ExecStart={BIN}"),
    );
    let path = dir.path().join("cfp-server.service");
    std::fs::write(&path, unit).unwrap();
    let (ok, text) = run(Command::new("systemd-analyze").arg("verify").arg(&path));
    assert!(
        ok && text.trim().is_empty(),
        "systemd-analyze verify: {text}"
    );
    let (ok, text) = run(Command::new("systemd-analyze")
        .args(["security", "--no-pager", "--offline=true"])
        .arg(&path));
    assert!(ok, "systemd-analyze security: {text}");
    let exposure: f64 = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .and_then(|l| l.split(':').nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in:\n{text}"));
    println!("systemd-analyze security: exposure {exposure}");
    assert!(
        exposure <= 2.0,
        "exposure {exposure} (the guide says at most 2.0):\n{text}"
    );
}

#[test]
fn the_nginx_site_serves_over_tls_and_names_the_client() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let (ok, text) = run(Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", &format!("/CN={HOST}")])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    assert!(ok, "openssl: {text}");
    let (server, log) = server(dir.path());
    let http_port = free_port();
    let site = snippet("nginx");
    let site = swap(&site, GUIDE_UPSTREAM, &server.addr.to_string());
    let live = format!("/etc/letsencrypt/live/{HOST}");
    let site = swap(
        &site,
        &format!("{live}/fullchain.pem"),
        &cert.display().to_string(),
    );
    let site = swap(
        &site,
        &format!("{live}/privkey.pem"),
        &key.display().to_string(),
    );
    let site = swap(
        &site,
        "listen 80;",
        &format!("listen 127.0.0.1:{http_port};"),
    );
    let nginx = Nginx::start_site(|tls| {
        // The TLS server first: it is the one Nginx::start_site waits for.
        swap(
            &site,
            "listen 443 ssl http2;",
            &format!("listen {tls} ssl http2;"),
        )
    });
    let tls = nginx.addr.port();

    let (status, text) = curl(tls, "https", "/healthz", "127.0.0.2", &[]);
    assert_eq!(status, 200, "{text}");
    let (status, text) = curl(http_port, "http", "/healthz", "127.0.0.2", &[]);
    assert_eq!(status, 301, "{text}");
    assert!(
        text.contains(&format!("Location: https://{HOST}/healthz")),
        "{text}"
    );
    post_through(tls);
    assert_logged_client(&log, "127.0.0.2");
    drop(nginx);
    server.stop();
}

/// Caddy in the foreground with its data in `dir`.
struct Caddy(Child);

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_caddyfile_serves_over_tls_and_names_the_client() {
    assert!(
        Path::new(CADDY).exists(),
        "{CADDY} is missing: this test runs docs/deploy.md's Caddyfile with a real Caddy. \
         Install it with `apt-get install -y caddy` (or `cargo xtask setup`, which installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let (server, log) = server(dir.path());
    let (https, http) = (free_port(), free_port());
    let site = swap(
        &snippet("caddyfile"),
        GUIDE_UPSTREAM,
        &server.addr.to_string(),
    );
    // Caddy's own CA instead of Let's Encrypt, on free ports, no admin endpoint.
    let global = format!(
        "{{\n    admin off\n    local_certs\n    skip_install_trust\n    \
         http_port {http}\n    https_port {https}\n    \
         storage file_system {}\n}}\n",
        dir.path().join("caddy").display()
    );
    let site = swap(&site, &format!("{HOST} {{"), &format!("{HOST}:{https} {{"));
    let caddyfile = dir.path().join("Caddyfile");
    std::fs::write(&caddyfile, format!("{global}{site}")).unwrap();
    let caddy = Caddy(
        Command::new(CADDY)
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&caddyfile)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(dir.path().join("caddy.log")).unwrap(),
            ))
            .spawn()
            .expect("start caddy"),
    );
    let started = Instant::now();
    while TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], https))).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "caddy is not listening: {}",
            std::fs::read_to_string(dir.path().join("caddy.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, text) = curl(https, "https", "/healthz", "127.0.0.2", &[]);
    assert_eq!(status, 200, "{text}");
    post_through(https);
    assert_logged_client(&log, "127.0.0.2");
    drop(caddy);
    server.stop();
}

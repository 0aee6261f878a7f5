//! A real nginx (Debian's) in front of cfp-server on loopback, for the tests that need a
//! reverse proxy (`behind_proxy.rs`: client addresses; `two_instances.rs`: two servers
//! on one PostgreSQL).
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's package puts it; not looked up on PATH, which often lacks /usr/sbin.
const NGINX: &str = "/usr/sbin/nginx";

/// nginx in the foreground, one process, its files in a temp folder (`-p`, `-c`, `-e`),
/// proxying everything to `upstreams` (round robin) the way the deployment docs say,
/// with `forwarding` (a `proxy_set_header` line) naming the client.
pub struct Nginx {
    child: Child,
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Nginx {
    pub fn start(upstreams: &[SocketAddr], forwarding: &str) -> Nginx {
        let servers: String = upstreams
            .iter()
            .map(|addr| format!("server {addr}; "))
            .collect();
        Nginx::start_site(|listen| {
            format!(
                "upstream cfp {{ {servers}}}\n\
                 server {{ listen {listen}; location / {{ proxy_pass http://cfp; {forwarding} }} }}"
            )
        })
    }

    /// nginx with `site(listen)` in its `http` block: one or more `server` blocks, the
    /// first listening on `listen` (`addr`, once it accepts connections there).
    pub fn start_site(site: impl Fn(SocketAddr) -> String) -> Nginx {
        assert!(
            Path::new(NGINX).exists(),
            "{NGINX} is missing: this test runs cfp-server behind a real nginx. Install it \
             with `apt-get install -y nginx` (or `cargo xtask setup`, which installs it)"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut last_error = String::new();
        // A free port can be taken between finding it and nginx binding it: try again.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let conf = dir.path().join("nginx.conf");
            std::fs::write(&conf, config(dir.path(), &site(addr))).unwrap();
            let error_log = dir.path().join("error.log");
            let mut child = Command::new(NGINX)
                .arg("-p")
                .arg(dir.path())
                .arg("-c")
                .arg(&conf)
                .arg("-e")
                .arg(&error_log)
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {NGINX}: {e}"));
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(status)) = child.try_wait() {
                    last_error = format!(
                        "nginx exited with {status}: {}",
                        std::fs::read_to_string(&error_log).unwrap_or_default()
                    );
                    break;
                }
                if TcpStream::connect(addr).is_ok() {
                    return Nginx {
                        child,
                        addr,
                        _dir: dir,
                    };
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("nginx did not start: {last_error}");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx's own files in `dir`, and `site`.
fn config(dir: &Path, site: &str) -> String {
    let dir = dir.display();
    format!(
        r#"daemon off;
master_process off;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{site}
}}
"#
    )
}

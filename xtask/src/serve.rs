//! A small static HTTP server for dist/ on 127.0.0.1, for the demo, e2e tests and bench.
//!
//! - `/` and other paths: files from dist/ (a directory serves its index.html);
//! - `/events/{id}/`: dist/index.html with the `data-cfp-config` block replaced by
//!   events/{id}.json; `/events/{id}.json`: that file as it is;
//! - GET only, no `..` in paths.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{anyhow, Context, Result};
use tiny_http::{Header, Method, Request, Response, StatusCode};

const WORKERS: usize = 4;

/// A running server; stops when dropped.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

/// What is served.
#[derive(Clone)]
pub struct Site {
    pub dist: PathBuf,
    pub events: PathBuf,
    /// Print one line per request.
    pub log: bool,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port) and serves `site` from worker threads.
    pub fn start(port: u16, site: Site) -> Result<Server> {
        let http = tiny_http::Server::http(("127.0.0.1", port))
            .map_err(|e| anyhow!(e))
            .with_context(|| format!("cannot listen on 127.0.0.1:{port} (port in use?)"))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|addr| addr.port())
            .context("server has no IP address")?;
        let http = Arc::new(http);
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|_| {
                let (http, stop, site) = (Arc::clone(&http), Arc::clone(&stop), site.clone());
                std::thread::spawn(move || worker(&http, &stop, &site))
            })
            .collect();
        Ok(Server {
            port,
            stop,
            workers,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }

    /// Serves until the process is interrupted.
    pub fn wait(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn worker(http: &tiny_http::Server, stop: &AtomicBool, site: &Site) {
    while !stop.load(Ordering::SeqCst) {
        match http.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(request)) => handle(request, site),
            Ok(None) => {}
            Err(err) => {
                eprintln!("serve: {err}");
                return;
            }
        }
    }
}

fn handle(request: Request, site: &Site) {
    let reply = route(request.method(), request.url(), site);
    if site.log || reply.status >= 500 {
        println!("{} {} -> {}", request.method(), request.url(), reply.status);
    }
    let mut response = Response::from_data(reply.body).with_status_code(StatusCode(reply.status));
    let headers = [
        ("Content-Type", reply.content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    for (name, value) in &reply.extra_headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // A client that went away is not our problem.
    let _ = request.respond(response);
}

/// A response before it is sent.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub extra_headers: Vec<(String, String)>,
}

impl Reply {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
            extra_headers: Vec::new(),
        }
    }

    fn text(status: u16, message: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{message}\n").into_bytes(),
            extra_headers: Vec::new(),
        }
    }
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Decides the reply for a request line; reads files but never writes.
pub fn route(method: &Method, url: &str, site: &Site) -> Reply {
    if *method != Method::Get {
        let mut reply = Reply::text(405, "method not allowed: only GET is served");
        reply
            .extra_headers
            .push(("Allow".to_string(), "GET".to_string()));
        return reply;
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains("..") || path.contains('\\') || path.contains('\0') {
        return Reply::text(
            400,
            "bad request: path must start with / and not contain ..",
        );
    }
    if let Some(rest) = path.strip_prefix("/events/") {
        return event_page(rest, site);
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    // Dot files (Trunk's .trunk-lock, .stage/) are not part of the site.
    if segments.iter().any(|s| s.starts_with('.')) {
        return Reply::text(404, &format!("not found: {path}"));
    }
    let mut file = site.dist.clone();
    file.extend(segments);
    if file.is_dir() {
        file.push("index.html");
    }
    match fs::read(&file) {
        Ok(body) => Reply::ok(content_type(&file), body),
        Err(_) => Reply::text(404, &format!("not found: {path}")),
    }
}

fn is_event_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `rest` is what follows `/events/`: `{id}/`, `{id}` or `{id}.json`.
fn event_page(rest: &str, site: &Site) -> Reply {
    if let Some(id) = rest.strip_suffix(".json").filter(|id| is_event_id(id)) {
        return match fs::read(site.events.join(format!("{id}.json"))) {
            Ok(body) => Reply::ok("application/json", body),
            Err(_) => Reply::text(404, &format!("unknown event: {id}")),
        };
    }
    let (id, slash) = match rest.strip_suffix('/') {
        Some(id) => (id, true),
        None => (rest, false),
    };
    if !is_event_id(id) {
        return Reply::text(404, &format!("not found: /events/{rest}"));
    }
    let config = match fs::read_to_string(site.events.join(format!("{id}.json"))) {
        Ok(config) => config,
        Err(_) => return Reply::text(404, &format!("unknown event: {id}")),
    };
    if !slash {
        let mut reply = Reply::text(308, &format!("see /events/{id}/"));
        reply
            .extra_headers
            .push(("Location".to_string(), format!("/events/{id}/")));
        return reply;
    }
    let index = site.dist.join("index.html");
    let html = match fs::read_to_string(&index) {
        Ok(html) => html,
        Err(_) => return Reply::text(500, "dist/index.html is missing: build first"),
    };
    match inject_config(&html, &config) {
        Some(page) => Reply::ok("text/html; charset=utf-8", page.into_bytes()),
        None => Reply::text(
            500,
            "dist/index.html has no <script type=\"application/json\" data-cfp-config> block",
        ),
    }
}

/// Replaces the contents of the first `<script ... data-cfp-config ...>` element with `json`.
///
/// Tolerates minified HTML (unquoted attributes). Every `<` in the JSON is written as
/// `\u003c`, which JSON reads back the same and which can never close the script element.
pub fn inject_config(html: &str, json: &str) -> Option<String> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script") {
        let tag_start = from + offset;
        let tag_end = tag_start + html[tag_start..].find('>')?;
        let tag = &html[tag_start..tag_end];
        if tag.contains("data-cfp-config") {
            let body_start = tag_end + 1;
            let body_end = body_start + html[body_start..].find("</script")?;
            let safe = json.trim().replace('<', "\\u003c");
            return Some(format!(
                "{}\n{}\n{}",
                &html[..body_start],
                safe,
                &html[body_end..]
            ));
        }
        from = tag_end;
    }
    None
}

/// The event ids in events/ (file stems of *.json), sorted.
pub fn event_ids(events: &Path) -> Result<Vec<String>> {
    let entries = fs::read_dir(events).with_context(|| format!("reading {}", events.display()))?;
    let mut ids = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", events.display()))?
            .path();
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                ids.push(stem.to_string());
            }
        }
    }
    ids.sort();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html><head><script type="module" src="/a.js"></script></head><body><div data-cfp-widget></div><script type="application/json" data-cfp-config>{"id":"x"}</script></body></html>"#;

    fn site() -> (Site, PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "xtask-serve-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let dist = dir.join("dist");
        let events = dir.join("events");
        fs::create_dir_all(dist.join("snippets")).expect("temp dir");
        fs::create_dir_all(&events).expect("temp dir");
        fs::write(dist.join("index.html"), PAGE).expect("write");
        fs::write(dist.join("w_bg.wasm"), b"\0asm").expect("write");
        fs::write(dist.join(".trunk-lock"), b"").expect("write");
        fs::write(
            events.join("demo.json"),
            r#"{"id":"demo","name":"</script>"}"#,
        )
        .expect("write");
        let site = Site {
            dist,
            events,
            log: false,
        };
        (site, dir)
    }

    #[test]
    fn injects_into_quoted_and_minified_blocks() {
        let out = inject_config(PAGE, r#"{"id":"y"}"#).expect("block found");
        assert!(out.contains("data-cfp-config>\n{\"id\":\"y\"}\n</script>"));
        assert!(!out.contains(r#"{"id":"x"}"#));
        assert!(out.contains(r#"<script type="module" src="/a.js"></script>"#));

        let minified = "<script type=application/json data-cfp-config>{}</script>";
        let out = inject_config(minified, "{\"a\":\"</script>\"}").expect("block found");
        assert_eq!(
            out,
            "<script type=application/json data-cfp-config>\n{\"a\":\"\\u003c/script>\"}\n</script>"
        );
        assert_eq!(inject_config("<script>1</script>", "{}"), None);
    }

    #[test]
    fn routes() {
        let (site, dir) = site();
        let get = |url: &str| route(&Method::Get, url, &site);

        let index = get("/");
        assert_eq!(
            (index.status, index.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert_eq!(index.body, PAGE.as_bytes());
        assert_eq!(get("/index.html?x=1").status, 200);

        let wasm = get("/w_bg.wasm");
        assert_eq!((wasm.status, wasm.content_type), (200, "application/wasm"));

        let event = get("/events/demo/");
        assert_eq!(event.status, 200);
        let html = String::from_utf8(event.body).expect("utf-8");
        assert!(
            html.contains(r#"{"id":"demo","name":"\u003c/script>"}"#),
            "{html}"
        );

        assert_eq!(get("/events/demo").status, 308);
        assert_eq!(get("/events/demo.json").status, 200);
        assert_eq!(get("/events/nope/").status, 404);
        assert_eq!(get("/events/../x/").status, 400);
        assert_eq!(get("/../Cargo.toml").status, 400);
        assert_eq!(get("/missing.js").status, 404);
        assert_eq!(get("/.trunk-lock").status, 404);
        assert_eq!(route(&Method::Post, "/", &site).status, 405);

        fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn serves_over_http_on_a_free_port() {
        use std::io::{Read, Write};

        let (site, dir) = site();
        let server = Server::start(0, site).expect("server starts");
        assert_ne!(server.port(), 0);
        let mut stream =
            std::net::TcpStream::connect(("127.0.0.1", server.port())).expect("connect");
        stream
            .write_all(b"GET /w_bg.wasm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("application/wasm"), "{answer}");
        drop(server);
        fs::remove_dir_all(dir).ok();
    }
}

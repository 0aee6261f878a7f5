//! `serve`'s settings and the events folder's reload, on the real binary: a settings file
//! under the environment under the flags (`--print-settings`, secrets masked), a server
//! started from a settings file alone, and the events folder reloaded on SIGHUP and on a
//! changed file, all or nothing.

#[path = "common/process.rs"]
mod process;

use process::{bare_command, request, LogFile, ServerProcess};
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const ADMIN_SECRET: &str = "file-admin-token-7f3a";
const SMTP_PASSWORD: &str = "file-smtp-password-91c2";
const ENV_SECRET: &str = "env-admin-token-5d0e";

fn config(id: &str, name: &str) -> String {
    serde_json::json!({"id": id, "name": name, "formats": [{"id": "talk", "label": "Talk"}]})
        .to_string()
}

/// `cfp-server serve ARGS --print-settings` with `env`: its stdout (it must exit 0).
fn print_settings(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = bare_command();
    command
        .env_remove("CFP_ADMIN_TOKEN")
        .arg("serve")
        .args(args)
        .arg("--print-settings");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run cfp-server");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The value of `key = ...` in printed settings.
fn value<'a>(printed: &'a str, key: &str) -> &'a str {
    printed
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in\n{printed}"))
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_file_which_beats_the_default() {
    let dir = tempfile::tempdir().unwrap();
    // A port in use: printing must not bind it (nor read the events, which do not exist).
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let file = dir.path().join("cfp.toml");
    std::fs::write(
        &file,
        format!(
            "events = \"/nowhere/events\"\naddr = \"{}\"\nbody_limit = 1000\nrate_burst = 3\n\
             header_timeout = 5\nproxy_header = \"forwarded\"\n\
             trusted_proxies = [\"10.0.0.0/8\"]\nadmin_token = \"{ADMIN_SECRET}\"\n\
             smtp_url = \"smtp://mailer:{SMTP_PASSWORD}@smtp.example.org:587?tls=required\"\n\
             mail_from = \"cfp@my-conf.example.org\"\n",
            taken.local_addr().unwrap()
        ),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let env = [("CFP_BODY_LIMIT", "2000"), ("CFP_RATE_BURST", "4")];

    let printed = print_settings(&["--settings", file, "--body-limit", "3000"], &env);
    assert_eq!(value(&printed, "body_limit"), "3000", "the flag");
    assert_eq!(value(&printed, "rate_burst"), "4", "the environment");
    assert_eq!(value(&printed, "header_timeout"), "5", "the file");
    assert_eq!(value(&printed, "body_timeout"), "20", "the default");
    assert_eq!(value(&printed, "proxy_header"), "\"forwarded\"");
    assert_eq!(value(&printed, "trusted_proxies"), "[\"10.0.0.0/8\"]");
    assert_eq!(
        value(&printed, "addr"),
        format!("\"{}\"", taken.local_addr().unwrap())
    );
    assert_eq!(value(&printed, "events"), "\"/nowhere/events\"");
    assert_eq!(value(&printed, "mail_from"), "\"cfp@my-conf.example.org\"");
    // The secrets never, the rest of their values yes.
    assert!(!printed.contains(ADMIN_SECRET), "{printed}");
    assert!(!printed.contains(SMTP_PASSWORD), "{printed}");
    assert_eq!(value(&printed, "admin_token"), "\"********\"");
    assert_eq!(
        value(&printed, "smtp_url"),
        "\"smtp://mailer:****@smtp.example.org:587?tls=required\""
    );
    assert!(printed.contains("# dist: not set"), "{printed}");

    // The file named by the environment; the environment's secret over the file's.
    let printed = print_settings(
        &[],
        &[
            ("CFP_SETTINGS", file),
            ("CFP_BODY_LIMIT", "2000"),
            ("CFP_ADMIN_TOKEN", ENV_SECRET),
        ],
    );
    assert_eq!(value(&printed, "body_limit"), "2000");
    assert_eq!(value(&printed, "rate_burst"), "3");
    assert_eq!(value(&printed, "admin_token"), "\"********\"");
    assert!(
        !printed.contains(ENV_SECRET) && !printed.contains(ADMIN_SECRET),
        "{printed}"
    );

    // Without a file: the defaults, every key named.
    let printed = print_settings(&[], &[]);
    assert_eq!(value(&printed, "body_limit"), "65536");
    assert_eq!(value(&printed, "addr"), "\"127.0.0.1:8080\"");
    assert!(printed.contains("# admin_token: not set"), "{printed}");
}

#[test]
fn a_broken_settings_file_stops_the_start_naming_the_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cfp.toml");
    for (text, expected) in [
        (
            "addr = \"127.0.0.1:0\"\nbody_limt = 5\n",
            "line 2: unknown field `body_limt`",
        ),
        (
            "\nrate_burst = \"ten\"\n",
            "line 2: rate_burst: invalid type: string \"ten\", expected u32",
        ),
    ] {
        std::fs::write(&file, text).unwrap();
        let output = bare_command()
            .args(["serve", "--settings", file.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!("{}, {expected}", file.display())),
            "{stderr}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_started_with_only_a_settings_file_serves_its_addr_and_events() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events");
    std::fs::create_dir(&events).unwrap();
    std::fs::write(
        events.join("from-file.json"),
        config("from-file", "From the file"),
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let file = dir.path().join("cfp.toml");
    std::fs::write(
        &file,
        format!(
            "events = {:?}\ndb = \"sqlite://{}/cfp.sqlite\"\naddr = \"127.0.0.1:{port}\"\n",
            events.display().to_string(),
            dir.path().display()
        ),
    )
    .unwrap();
    let server = ServerProcess::start_args(
        &["serve", "--settings", file.to_str().unwrap()],
        Stdio::inherit(),
    );
    assert_eq!(server.addr.port(), port);
    let answer = get(&server, "/api/events/from-file").await;
    assert_eq!(
        (answer.0, answer.1["name"].as_str()),
        (200, Some("From the file"))
    );
    server.stop();
}

async fn get(server: &ServerProcess, path: &str) -> (u16, Value) {
    let answer = request(server.addr, "GET", path, &[], String::new())
        .await
        .unwrap();
    (answer.status, answer.json())
}

/// A server on a folder of its own with one event, `a` ("Before"), its stderr in a file.
struct Folder {
    dir: tempfile::TempDir,
    log: LogFile,
}

impl Folder {
    fn new() -> Folder {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("events")).unwrap();
        let log = LogFile::new(dir.path().join("stderr.log"));
        let folder = Folder { dir, log };
        folder.write("a.json", &config("a", "Before"));
        folder
    }

    fn events(&self) -> std::path::PathBuf {
        self.dir.path().join("events")
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.events().join(name), text).unwrap();
    }

    fn serve(&self, poll: &str) -> ServerProcess {
        let db = format!("sqlite://{}/cfp.sqlite", self.dir.path().display());
        let events = self.events().display().to_string();
        ServerProcess::start_with(&db, &events, &["--events-poll", poll], self.log.stdio())
    }
}

/// What `cfp-server check-config` says of `file`: the words a reload must log.
fn check_config(file: &Path) -> Vec<String> {
    let output = bare_command()
        .arg("check-config")
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(!lines.is_empty());
    lines
}

#[tokio::test(flavor = "multi_thread")]
async fn sighup_reloads_the_events_all_or_nothing() {
    let folder = Folder::new();
    // No polling: only the signal can have reloaded.
    let server = folder.serve("0");
    assert_eq!(get(&server, "/api/events/a").await.1["name"], "Before");

    folder.write("a.json", &config("a", "After"));
    folder.write("b.json", &config("b", "Second"));
    server.hangup();
    let log = folder.log.wait_for("events reloaded", 1);
    assert!(log.contains("(SIGHUP): added b; changed a"), "{log}");
    assert_eq!(get(&server, "/api/events/a").await.1["name"], "After");
    assert_eq!(get(&server, "/api/events/b").await.1["name"], "Second");

    // A good change beside a broken config: neither is served, the old set is, whole.
    folder.write("a.json", &config("a", "Not served"));
    folder.write(
        "broken.json",
        r#"{"id": "broken", "name": "", "deadlin": "x"}"#,
    );
    server.hangup();
    let log = folder.log.wait_for("events not reloaded", 1);
    assert!(
        log.contains("(SIGHUP); the previous set keeps serving"),
        "{log}"
    );
    for line in check_config(&folder.events().join("broken.json")) {
        assert!(log.contains(&line), "{line:?} not in the log:\n{log}");
    }
    assert_eq!(get(&server, "/api/events/a").await.1["name"], "After");
    assert_eq!(get(&server, "/api/events/b").await.0, 200);
    assert_eq!(get(&server, "/api/events/broken").await.0, 404);

    // Mended: the whole new set.
    std::fs::remove_file(folder.events().join("broken.json")).unwrap();
    std::fs::remove_file(folder.events().join("b.json")).unwrap();
    server.hangup();
    let log = folder.log.wait_for("events reloaded", 2);
    assert!(log.contains("(SIGHUP): removed b; changed a"), "{log}");
    assert_eq!(get(&server, "/api/events/a").await.1["name"], "Not served");
    assert_eq!(get(&server, "/api/events/b").await.0, 404);
    server.stop();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_file_reloads_the_events_without_a_signal() {
    let folder = Folder::new();
    let server = folder.serve("1");
    let started = Instant::now();
    folder.write("a.json", &config("a", "Changed on disk"));
    let log = folder.log.wait_for("events reloaded", 1);
    assert!(log.contains("(a file changed): changed a"), "{log}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        get(&server, "/api/events/a").await.1["name"],
        "Changed on disk"
    );

    // A broken one is said once, not at every look, and changes nothing.
    folder.write("a.server.json", r#"{"notify": ["nobody"]}"#);
    folder.log.wait_for("events not reloaded", 1);
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    let log = folder.log.text();
    assert_eq!(log.matches("events not reloaded").count(), 1, "{log}");
    assert!(
        log.contains("a.server.json: notify[0]: must be an email address"),
        "{log}"
    );
    assert_eq!(
        get(&server, "/api/events/a").await.1["name"],
        "Changed on disk"
    );
    server.stop();
}

//! The organisers' inbox over HTTP, through the real router on a real SQLite file: no
//! page without a session, sign-in and its cookie, CSRF on every form, the rate limit on
//! sign-in, what the pages show (escaped), per-event tokens, the anonymised view, and
//! that the list's counts and downloads agree with the export.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use cfp_core::Proposal;
use cfp_server::client_addr::{ProxyHeader, TrustedProxies};
use cfp_server::inbox::session::sha256_hex;
use cfp_server::outbox::Notices;
use cfp_server::settings::ServerSettings;
use cfp_server::store::Inserted;
use cfp_server::{app, Events};
use common::{unlimited, Harness};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

const DASK: &str = "dask-summit-2021";
const SCIPY: &str = "scipy-2020";
/// A token that opens the SciPy event only (its SHA-256 is in that event's settings).
const SCIPY_TOKEN: &str = "scipy-reviewers-token-0123456789";

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map_or("", |v| v.to_str().unwrap())
    }

    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    /// The value of hidden input `name` on the page.
    fn hidden(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no {name} in {}", self.body))
            + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

/// One router for the whole test, as a server has: the sign-in limiter lives in it.
struct Inbox {
    harness: Harness,
    router: axum::Router,
    peer: SocketAddr,
    /// Proposals stored so far: each is received a second after the one before.
    stored: std::sync::atomic::AtomicU32,
}

async fn inbox() -> Inbox {
    let mut harness = common::harness(
        [
            common::event("dask-summit-2021.json"),
            common::event("scipy-2020.json"),
        ],
        unlimited(),
    )
    .await;
    let settings = ServerSettings {
        organiser_tokens: vec![sha256_hex(SCIPY_TOKEN)],
        ..ServerSettings::default()
    };
    let events = Events::new([
        common::event("dask-summit-2021.json"),
        common::event("scipy-2020.json"),
    ])
    .with_settings(SCIPY, settings);
    harness.state.events = events.into();
    Inbox {
        router: app(harness.state.clone()),
        harness,
        peer: "192.0.2.10:40000".parse().unwrap(),
        stored: Default::default(),
    }
}

impl Inbox {
    async fn send(&self, mut request: Request<Body>) -> Answer {
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    async fn get(&self, path: &str, session: Option<&str>) -> Answer {
        let mut request = Request::get(path);
        if let Some(session) = session {
            request = request.header(header::COOKIE, format!("cfp_inbox={session}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Sign in with `token` through the form, as a browser would; the session's cookie
    /// value.
    async fn sign_in(&self, token: &str) -> String {
        let answer = self.try_sign_in(token).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        session_of(&answer).expect("a session cookie")
    }

    async fn try_sign_in(&self, token: &str) -> Answer {
        let form = self.get("/admin/sign-in?next=/admin/", None).await;
        assert_eq!(form.status, StatusCode::OK);
        let csrf = form.hidden("csrf");
        let cookie = format!("cfp_inbox_sign_in={csrf}");
        self.post(
            "/admin/sign-in",
            &cookie,
            &[
                ("csrf", &csrf),
                ("next", "/admin/"),
                ("name", "Ana Organiser"),
                ("token", token),
                ("language", "en"),
            ],
        )
        .await
    }

    async fn store(&self, key: &str, proposal: &Proposal, event: &str) -> String {
        let n = self
            .stored
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let at = format!("2026-11-22T18:00:{n:02}Z");
        match self
            .harness
            .state
            .store
            .insert(event, key, &at, proposal, None, &Notices::none())
            .await
            .unwrap()
        {
            Inserted::New(receipt) => receipt.id,
            other => panic!("{other:?}"),
        }
    }
}

fn session_of(answer: &Answer) -> Option<String> {
    answer.cookies().iter().find_map(|c| {
        c.strip_prefix("cfp_inbox=")
            .and_then(|rest| rest.split(';').next())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    })
}

#[tokio::test]
async fn no_page_without_a_session_and_the_cookie_is_http_only_and_strict() {
    let inbox = inbox().await;
    for path in [
        "/admin/",
        "/admin/events/dask-summit-2021/",
        "/admin/events/dask-summit-2021/proposals/AAAAA-AAAAA",
        "/admin/events/dask-summit-2021/export?as=csv",
    ] {
        let answer = inbox.get(path, None).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            answer.location().starts_with("/admin/sign-in?next="),
            "{path}: {}",
            answer.location()
        );
        let again = inbox.get(path, Some("0123456789abcdef")).await;
        assert_eq!(
            again.status,
            StatusCode::SEE_OTHER,
            "{path} with a made-up session"
        );
    }
    let form = inbox
        .get("/admin/sign-in?next=/admin/events/dask-summit-2021/", None)
        .await;
    assert!(
        form.body
            .contains("<label for=\"token\">Organiser token</label>"),
        "{}",
        form.body
    );
    assert!(form.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    assert_eq!(form.headers[header::CACHE_CONTROL], "no-store");

    let answer = inbox.try_sign_in("organiser-secret").await;
    assert_eq!(answer.location(), "/admin/");
    let cookie = answer
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("cfp_inbox="))
        .unwrap();
    assert!(
        cookie.ends_with("; Path=/admin; Max-Age=43200; HttpOnly; SameSite=Strict"),
        "{cookie}"
    );
    let session = session_of(&answer).unwrap();
    let events = inbox.get("/admin/", Some(&session)).await;
    assert_eq!(events.status, StatusCode::OK);
    assert!(events.body.contains("Signed in as Ana Organiser"));
    assert!(events.body.contains("Dask User Summit 2021") && events.body.contains("SciPy 2020"));

    // Signed out: the same cookie opens nothing.
    let csrf = events.hidden("csrf");
    let out = inbox
        .post(
            "/admin/sign-out",
            &format!("cfp_inbox={session}"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(out
        .cookies()
        .iter()
        .any(|c| c.starts_with("cfp_inbox=; ") && c.contains("Max-Age=0")));
    assert_eq!(
        inbox.get("/admin/", Some(&session)).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn behind_an_https_proxy_the_cookie_is_secure() {
    let mut inbox = inbox().await;
    inbox.harness.state.trusted_proxies = Arc::new(TrustedProxies::new(
        ["192.0.2.0/24".parse().unwrap()],
        ProxyHeader::XForwardedFor,
    ));
    inbox.router = app(inbox.harness.state.clone());
    let form = inbox.get("/admin/sign-in", None).await;
    let csrf = form.hidden("csrf");
    let request = Request::post("/admin/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("cfp_inbox_sign_in={csrf}"))
        .header("x-forwarded-for", "203.0.113.9")
        .header("x-forwarded-proto", "https")
        .body(Body::from(format!(
            "csrf={csrf}&name=Ana&token=organiser-secret"
        )))
        .unwrap();
    let answer = inbox.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(
        answer
            .cookies()
            .iter()
            .any(|c| c.starts_with("cfp_inbox=") && c.ends_with("; Secure")),
        "{:?}",
        answer.cookies()
    );
}

#[tokio::test]
async fn wrong_tokens_and_forms_without_their_csrf_token_are_refused() {
    let inbox = inbox().await;
    let wrong = inbox.try_sign_in("not-the-token").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.body.contains("There is a problem") && wrong.body.contains("href=\"#token\""),
        "{}",
        wrong.body
    );
    assert!(session_of(&wrong).is_none());
    // The sign-in form without its own token: 403, whatever the token.
    let no_csrf = inbox
        .post(
            "/admin/sign-in",
            "",
            &[("name", "Ana"), ("token", "organiser-secret")],
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    assert!(session_of(&no_csrf).is_none());

    let id = inbox.store("k1", &common::talk(), DASK).await;
    let session = inbox.sign_in("organiser-secret").await;
    let cookie = format!("cfp_inbox={session}");
    let path = format!("/admin/events/{DASK}/proposals/{id}/state");
    let forged = inbox.post(&path, &cookie, &[("state", "accepted")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let wrong_csrf = inbox
        .post(&path, &cookie, &[("state", "accepted"), ("csrf", "00")])
        .await;
    assert_eq!(wrong_csrf.status, StatusCode::FORBIDDEN);
    let note = inbox
        .post(
            &format!("/admin/events/{DASK}/proposals/{id}/notes"),
            &cookie,
            &[("note", "forged")],
        )
        .await;
    assert_eq!(note.status, StatusCode::FORBIDDEN);
    let stored = inbox
        .harness
        .state
        .store
        .list_one(DASK, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.triage.unwrap().state,
        cfp_server::inbox::Triage::New,
        "nothing changed"
    );
    assert!(inbox
        .harness
        .state
        .store
        .notes(DASK, &id)
        .await
        .unwrap()
        .is_empty());

    // With it: saved, with who, and back to the page in its view.
    let page = inbox
        .get(
            &format!("/admin/events/{DASK}/proposals/{id}?state=new"),
            Some(&session),
        )
        .await;
    let csrf = page.hidden("csrf");
    let saved = inbox
        .post(
            &path,
            &cookie,
            &[
                ("state", "accepted"),
                ("csrf", &csrf),
                ("view", "state=new"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location(),
        format!("/admin/events/{DASK}/proposals/{id}?state=new")
    );
    let triage = inbox
        .harness
        .state
        .store
        .list_one(DASK, &id)
        .await
        .unwrap()
        .unwrap()
        .triage
        .unwrap();
    assert_eq!(triage.state, cfp_server::inbox::Triage::Accepted);
    assert_eq!(triage.by.as_deref(), Some("Ana Organiser"));
}

#[tokio::test]
async fn sign_in_tries_are_rate_limited_per_address() {
    let inbox = inbox().await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(inbox.try_sign_in("guess").await);
    }
    assert!(statuses[..5]
        .iter()
        .all(|a| a.status == StatusCode::UNAUTHORIZED));
    let limited = statuses.last().unwrap();
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert!(limited.headers.contains_key(header::RETRY_AFTER));
    assert!(limited.body.contains("Too many sign-in tries"));
}

#[tokio::test]
async fn what_a_speaker_wrote_is_shown_as_text() {
    let inbox = inbox().await;
    let mut p = common::talk();
    p.title = "<script>alert(1)</script>".into();
    p.speakers[0].name = "<img src=x onerror=alert(2)>".into();
    let id = inbox.store("xss", &p, DASK).await;
    let session = inbox.sign_in("organiser-secret").await;
    for path in [
        format!("/admin/events/{DASK}/"),
        format!("/admin/events/{DASK}/proposals/{id}"),
        format!("/admin/events/{DASK}/?q=%3Cscript"),
    ] {
        let page = inbox.get(&path, Some(&session)).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: {}",
            page.body
        );
        assert!(!page.body.contains("<script"), "{path}");
        assert!(!page.body.contains("<img"), "{path}");
    }
}

#[tokio::test]
async fn an_events_own_token_opens_that_event_alone() {
    let inbox = inbox().await;
    inbox.store("d", &common::talk(), DASK).await;
    let session = inbox.sign_in(SCIPY_TOKEN).await;
    let events = inbox.get("/admin/", Some(&session)).await;
    assert!(events.body.contains("SciPy 2020") && !events.body.contains("Dask User Summit"));
    assert_eq!(
        inbox
            .get(&format!("/admin/events/{SCIPY}/"), Some(&session))
            .await
            .status,
        StatusCode::OK
    );
    for path in [
        format!("/admin/events/{DASK}/"),
        format!("/admin/events/{DASK}/export?as=json"),
    ] {
        let refused = inbox.get(&path, Some(&session)).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!refused.body.contains("James Lamb"));
    }
}

#[tokio::test]
async fn filters_search_counts_and_downloads_agree_with_the_export() {
    let inbox = inbox().await;
    let talk = inbox.store("t", &common::talk(), DASK).await;
    let workshop = inbox.store("w", &common::workshop(3), DASK).await;
    let mut other = common::talk();
    other.title = "Xarray and Dask for the ocean".into();
    other.speakers[0].name = "Ryan Example".into();
    other.speakers[0].email = "ryan@example.org".into();
    let ocean = inbox.store("o", &other, DASK).await;
    let session = inbox.sign_in("organiser-secret").await;
    let list = |q: &str| {
        let path = format!("/admin/events/{DASK}/?{q}");
        let inbox = &inbox;
        let session = session.clone();
        async move { inbox.get(&path, Some(&session)).await.body }
    };
    let all = list("").await;
    assert!(all.contains("Proposals 1 to 3 of 3"), "{all}");
    assert!(all.contains("New: 3"));
    let workshops = list("format=workshop").await;
    assert!(
        workshops.contains(&workshop) && !workshops.contains(&talk) && !workshops.contains(&ocean)
    );
    assert!(
        workshops.contains("<td class=\"num\">3</td>"),
        "the workshop's talk count: {workshops}"
    );
    let searched = list("q=ocean+XARRAY").await;
    assert!(
        searched.contains(&ocean) && !searched.contains(&talk),
        "{searched}"
    );
    let by_name = list("q=ryan").await;
    assert!(
        by_name.contains(&ocean) && by_name.contains("of 1"),
        "{by_name}"
    );
    assert!(list("state=lost")
        .await
        .contains("No proposals match these filters."));
    assert!(
        list("q=100%25").await.contains("No proposals match"),
        "a % is a literal"
    );

    // The JSON download of a filter is the export's rows for it.
    let download = inbox
        .get(
            &format!("/admin/events/{DASK}/export?format=talk&as=json"),
            Some(&session),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("dask-summit-2021-proposals.json"));
    let rows: serde_json::Value = serde_json::from_str(&download.body).unwrap();
    let ids: Vec<&str> = rows["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&talk.as_str()) && ids.contains(&ocean.as_str()));
    assert_eq!(rows["proposals"][0]["triage"]["state"], "new");
    let csv = inbox
        .get(
            &format!("/admin/events/{DASK}/export?as=csv"),
            Some(&session),
        )
        .await;
    assert_eq!(
        csv.body
            .lines()
            .filter(|l| l.contains("2026-11-22T18:00:0"))
            .count(),
        3
    );

    // A withdrawal is counted as withdrawn, whatever the triage.
    inbox
        .harness
        .state
        .store
        .set_triage(
            DASK,
            &talk,
            cfp_server::inbox::Triage::Shortlisted,
            "Ana",
            "2026-11-23T10:00:00Z",
        )
        .await
        .unwrap();
    inbox
        .harness
        .state
        .store
        .withdraw(DASK, &ocean, None, "2026-11-23T11:00:00Z", &Notices::none())
        .await
        .unwrap();
    let counts = inbox.harness.state.store.inbox_counts(DASK).await.unwrap();
    let n = |name: &str| counts.iter().find(|(s, _)| s.as_str() == name).unwrap().1;
    assert_eq!((n("new"), n("shortlisted"), n("withdrawn")), (1, 1, 1));
    let withdrawn = list("state=withdrawn").await;
    assert!(withdrawn.contains(&ocean) && withdrawn.contains("of 1"));
}

#[tokio::test]
async fn the_anonymised_view_shows_and_searches_no_person() {
    let inbox = inbox().await;
    let id = inbox.store("w", &common::workshop(3), DASK).await;
    let session = inbox.sign_in("organiser-secret").await;
    let cookie = format!("cfp_inbox={session}");
    let page = inbox
        .get(
            &format!("/admin/events/{DASK}/proposals/{id}"),
            Some(&session),
        )
        .await;
    assert!(page.body.contains("James Lamb") && page.body.contains("ada@example.org"));
    assert!(
        page.body.contains("Dask at the telescope"),
        "the workshop's talks"
    );
    let csrf = page.hidden("csrf");
    let on = inbox
        .post(
            "/admin/anonymised",
            &cookie,
            &[
                ("csrf", &csrf),
                ("on", "1"),
                ("back", &format!("/admin/events/{DASK}/")),
            ],
        )
        .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    assert_eq!(on.location(), format!("/admin/events/{DASK}/"));
    for path in [
        format!("/admin/events/{DASK}/"),
        format!("/admin/events/{DASK}/proposals/{id}"),
        format!("/admin/events/{DASK}/export?as=csv"),
        format!("/admin/events/{DASK}/export?as=json"),
    ] {
        let body = inbox.get(&path, Some(&session)).await.body;
        for person in [
            "James Lamb",
            "james.lamb@example.org",
            "Ada Example",
            "ada@example.org",
            "=SUM(A1)",
        ] {
            assert!(!body.contains(person), "{person} on {path}");
        }
    }
    let searched = inbox
        .get(&format!("/admin/events/{DASK}/?q=lamb"), Some(&session))
        .await
        .body;
    assert!(
        searched.contains("No proposals match"),
        "names are not searched: {searched}"
    );
    let back = inbox
        .post(
            "/admin/anonymised",
            &cookie,
            &[
                ("csrf", &csrf),
                ("on", "0"),
                ("back", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(back.location(), "/admin/", "never off the inbox");
    assert!(inbox
        .get(&format!("/admin/events/{DASK}/?q=lamb"), Some(&session))
        .await
        .body
        .contains(&id));
}

#[tokio::test]
async fn a_proposal_page_shows_its_versions_notes_and_neighbours() {
    let inbox = inbox().await;
    let first = inbox.store("a", &common::talk(), DASK).await;
    let second = inbox.store("b", &common::workshop(3), DASK).await;
    let mut changed = common::talk();
    changed.title = "Scaling ML with Dask, again".into();
    inbox
        .harness
        .state
        .store
        .save(
            DASK,
            &first,
            vec![1],
            "2026-11-24T09:00:00Z",
            &changed,
            None,
            &Notices::none(),
        )
        .await
        .unwrap();
    let session = inbox.sign_in("organiser-secret").await;
    let cookie = format!("cfp_inbox={session}");
    let page = inbox
        .get(
            &format!("/admin/events/{DASK}/proposals/{first}?sort=oldest"),
            Some(&session),
        )
        .await;
    assert!(
        page.body.contains("Version 2, 2026-11-24 09:00 UTC"),
        "{}",
        page.body
    );
    assert!(page
        .body
        .contains("<del>Scaling Machine Learning With Python and Dask</del>"));
    assert!(page.body.contains("<ins>Scaling ML with Dask, again</ins>"));
    assert!(
        page.body.contains("Is this your first talk?"),
        "the questions' labels"
    );
    assert!(
        page.body.contains(&format!(
            "href=\"/admin/events/{DASK}/proposals/{second}?sort=oldest\""
        )),
        "next keeps the view"
    );
    assert!(page.body.contains("1 of 2"));
    let csrf = page.hidden("csrf");
    let noted = inbox
        .post(
            &format!("/admin/events/{DASK}/proposals/{first}/notes"),
            &cookie,
            &[
                ("csrf", &csrf),
                ("note", "Strong <b>fit</b>"),
                ("view", "sort=oldest"),
            ],
        )
        .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let page = inbox.get(noted.location(), Some(&session)).await;
    assert!(
        page.body.contains("Strong &lt;b&gt;fit&lt;/b&gt;")
            && page.body.contains("Ana Organiser, "),
        "{}",
        page.body
    );
    let missing = inbox
        .get(
            &format!("/admin/events/{DASK}/proposals/ZZZZZ-ZZZZZ"),
            Some(&session),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

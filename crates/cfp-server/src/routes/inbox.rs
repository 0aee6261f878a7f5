//! The organisers' inbox under `/admin/` (`crate::inbox`): its router, its handlers, and
//! its refusals (`InboxError`) as HTML pages in the organiser's language. Every page
//! answers with a strict CSP and `Cache-Control: no-store` (`protect`); the sign-in form
//! is rate limited per client address.

use crate::app::AppState;
use crate::client_addr::{ClientAddrKey, RequestScheme};
use crate::export::{render, ExportFormat};
use crate::inbox::pages::{
    self, EventRow, Lang, ListContext, ProposalContext, SignInForm, SignInProblem,
};
use crate::inbox::session::{self, NotSignedIn, Scope, SignedIn};
use crate::inbox::{anonymise, Triage, View, PAGE_SIZE};
use crate::receipt::now_rfc3339;
use crate::store::{Note, StoreError};
use axum::body::Bytes;
use axum::extract::{FromRequest, Path, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::Markup;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};

/// Sign-in tries one client address may make: this many at once, then one per period.
const SIGN_IN_BURST: u32 = 5;
const SIGN_IN_PERIOD: Duration = Duration::from_secs(12);

/// The longest note an organiser may write, in characters.
const NOTE_MAX_CHARS: usize = 10_000;

/// The content security policy of every inbox page: its own stylesheet, nothing else.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(body_bytes: usize) -> Router<AppState> {
    let limiter = GovernorConfigBuilder::default()
        .key_extractor(ClientAddrKey)
        .period(SIGN_IN_PERIOD)
        .burst_size(SIGN_IN_BURST)
        .finish()
        .map(Arc::new);
    let mut sign_in_post = post(sign_in);
    if let Some(config) = limiter {
        sign_in_post = sign_in_post.layer(GovernorLayer::new(config).error_handler(
            |e: GovernorError| match e {
                GovernorError::TooManyRequests { wait_time, .. } => {
                    InboxError::TooManyTries(wait_time.max(1)).page(Lang::En, None)
                }
                other => {
                    InboxError::Internal(format!("rate limiter: {other}")).page(Lang::En, None)
                }
            },
        ));
    }
    Router::new()
        .route("/admin", get(|| async { Redirect::permanent("/admin/") }))
        .route("/admin/", get(events))
        .route("/admin/inbox.css", get(styles))
        .route("/admin/sign-in", get(sign_in_page).merge(sign_in_post))
        .route("/admin/sign-out", post(sign_out))
        .route("/admin/anonymised", post(set_anonymised))
        .route("/admin/events/{id}", get(event_redirect))
        .route("/admin/events/{id}/", get(list))
        .route("/admin/events/{id}/export", get(download))
        .route("/admin/events/{id}/proposals/{reference}", get(proposal))
        .route(
            "/admin/events/{id}/proposals/{reference}/state",
            post(set_state),
        )
        .route(
            "/admin/events/{id}/proposals/{reference}/notes",
            post(add_note),
        )
        .layer(axum::extract::DefaultBodyLimit::max(body_bytes))
        .layer(axum::middleware::from_fn(protect))
}

/// The headers every inbox answer carries.
async fn protect(request: Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Why an inbox request failed, as a page.
#[derive(Debug)]
pub enum InboxError {
    /// No such event, one the organiser's token does not open, or no such proposal.
    NotFound,
    /// A form without this session's CSRF token.
    Forbidden,
    BadForm(String),
    TooManyTries(u64),
    Store(StoreError),
    Internal(String),
}

impl From<StoreError> for InboxError {
    fn from(e: StoreError) -> Self {
        InboxError::Store(e)
    }
}

impl From<crate::edit_token::NoRandomness> for InboxError {
    fn from(e: crate::edit_token::NoRandomness) -> Self {
        InboxError::Internal(e.to_string())
    }
}

impl InboxError {
    fn page(&self, lang: Lang, signed: Option<&SignedIn>) -> Response {
        let t = crate::text::Text::new(lang.as_str());
        let (status, key) = match self {
            InboxError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            InboxError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            InboxError::BadForm(_) => (StatusCode::BAD_REQUEST, "bad_form"),
            InboxError::TooManyTries(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many"),
            InboxError::Store(StoreError::Unavailable(_) | StoreError::WriterGone) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            InboxError::Store(_) | InboxError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = ?self, "inbox request failed");
        }
        let seconds = match self {
            InboxError::TooManyTries(s) => s.to_string(),
            _ => String::new(),
        };
        let mut advice = t.say(&format!("inbox.error.{key}"), &[("seconds", &seconds)]);
        if let InboxError::BadForm(detail) = self {
            advice = format!("{advice} ({detail})");
        }
        let title = t.say(&format!("inbox.error.{key}.title"), &[]);
        let mut response = (status, pages::problem(lang, signed, &title, &advice)).into_response();
        if let InboxError::TooManyTries(s) = self {
            if let Ok(value) = HeaderValue::from_str(&s.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::Nobody { next } => {
                let query = form_urlencoded::Serializer::new(String::new())
                    .append_pair("next", &next)
                    .finish();
                Redirect::to(&format!("/admin/sign-in?{query}")).into_response()
            }
            NotSignedIn::Store(e) => InboxError::Store(e).page(Lang::En, None),
        }
    }
}

/// A handler's outcome as the answer: a refusal becomes its page.
fn answer(signed: &SignedIn, outcome: Result<Response, InboxError>) -> Response {
    outcome.unwrap_or_else(|e| e.page(signed.lang, Some(signed)))
}

fn html(markup: Markup) -> Response {
    markup.into_response()
}

/// A POST form's fields (the last of a repeated one wins); a missing one reads as "".
pub struct Posted(HashMap<String, String>);

impl Posted {
    fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }
}

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| InboxError::BadForm(e.body_text()).page(Lang::En, None))?;
        Ok(Posted(
            form_urlencoded::parse(&bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }
}

async fn styles() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        pages::STYLES,
    )
        .into_response()
}

async fn sign_in_page(parts: Parts, scheme: RequestScheme, RawQuery(query): RawQuery) -> Response {
    let next = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "next")
        .map(|(_, v)| session::local_next(&v))
        .unwrap_or_else(|| "/admin/".to_owned());
    let lang = Lang::asked(&parts.headers);
    sign_in_form(scheme, StatusCode::OK, &next, "", None, lang)
        .unwrap_or_else(|e| e.page(lang, None))
}

/// The sign-in form with a fresh token of its own (and its cookie).
fn sign_in_form(
    scheme: RequestScheme,
    status: StatusCode,
    next: &str,
    name: &str,
    problem: Option<SignInProblem>,
    lang: Lang,
) -> Result<Response, InboxError> {
    let (csrf, cookie) = session::sign_in_token(scheme)?;
    let markup = pages::sign_in(&SignInForm {
        lang,
        next,
        csrf: &csrf,
        name,
        problem,
    });
    let mut response = (status, markup).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

async fn sign_in(
    State(state): State<AppState>,
    scheme: RequestScheme,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let form = match Posted::from_request(Request::from_parts(parts.clone(), body), &state).await {
        Ok(form) => form,
        Err(refused) => return refused,
    };
    let lang = Lang::from_name(form.get("language")).unwrap_or_else(|| Lang::asked(&parts.headers));
    signing_in(&state, scheme, &parts, &form, lang)
        .await
        .unwrap_or_else(|e| e.page(lang, None))
}

async fn signing_in(
    state: &AppState,
    scheme: RequestScheme,
    parts: &Parts,
    form: &Posted,
    lang: Lang,
) -> Result<Response, InboxError> {
    let next = session::local_next(form.get("next"));
    let name = form.get("name").trim();
    let again = |status, problem| sign_in_form(scheme, status, &next, name, Some(problem), lang);
    if !session::sign_in_token_matches(parts, form.get("csrf")) {
        return again(StatusCode::FORBIDDEN, SignInProblem::Expired);
    }
    if name.is_empty() {
        return again(StatusCode::BAD_REQUEST, SignInProblem::NoName);
    }
    let token_sha256 = session::sha256_hex(form.get("token").trim());
    if Scope::of(state, &token_sha256).is_none() {
        tracing::info!(target: "cfp_server::inbox", "a sign-in with a wrong organiser token");
        return again(StatusCode::UNAUTHORIZED, SignInProblem::WrongToken);
    }
    let name: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    let (row, cookie) = session::open(&name, token_sha256, lang, scheme)?;
    state
        .store
        .open_session(row, crate::receipt::now_unix())
        .await?;
    tracing::info!(target: "cfp_server::inbox", organiser = %name, "signed in to the inbox");
    let mut response = Redirect::to(&next).into_response();
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, cookie);
    headers.append(
        header::SET_COOKIE,
        session::clear(session::SIGN_IN_COOKIE, scheme),
    );
    Ok(response)
}

async fn sign_out(
    signed: SignedIn,
    State(state): State<AppState>,
    scheme: RequestScheme,
    form: Posted,
) -> Response {
    let outcome = async {
        if !signed.check(form.get("csrf")) {
            return Err(InboxError::Forbidden);
        }
        state.store.close_session(signed.session_sha256()).await?;
        let mut response = Redirect::to("/admin/sign-in").into_response();
        response
            .headers_mut()
            .append(header::SET_COOKIE, session::clear(session::COOKIE, scheme));
        Ok(response)
    }
    .await;
    answer(&signed, outcome)
}

async fn set_anonymised(signed: SignedIn, State(state): State<AppState>, form: Posted) -> Response {
    let outcome = async {
        if !signed.check(form.get("csrf")) {
            return Err(InboxError::Forbidden);
        }
        state
            .store
            .set_anonymised(signed.session_sha256(), form.get("on") == "1")
            .await?;
        Ok(Redirect::to(&session::local_next(form.get("back"))).into_response())
    }
    .await;
    answer(&signed, outcome)
}

async fn events(signed: SignedIn, State(state): State<AppState>) -> Response {
    let outcome = async {
        let events = state.events.current();
        let mut rows = Vec::new();
        for event in events.iter().filter(|e| signed.scope.opens(&e.id)) {
            rows.push(EventRow {
                event,
                counts: state.store.inbox_counts(&event.id).await?,
            });
        }
        Ok(html(pages::events(&signed, &rows)))
    }
    .await;
    answer(&signed, outcome)
}

/// The event `id`, if the organiser's token opens it.
fn event_of(
    state: &AppState,
    signed: &SignedIn,
    id: &str,
) -> Result<Arc<cfp_core::EventConfig>, InboxError> {
    state
        .events
        .current()
        .get(id)
        .filter(|_| signed.scope.opens(id))
        .cloned()
        .ok_or(InboxError::NotFound)
}

async fn event_redirect(_: SignedIn, Path(id): Path<String>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    Redirect::permanent(&format!("/admin/events/{encoded}/")).into_response()
}

async fn list(
    signed: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let outcome = async {
        let event = event_of(&state, &signed, &id)?;
        let view = View::parse(query.as_deref().unwrap_or(""));
        let filter = view.filter(signed.anonymised);
        let sort = view.sort(signed.anonymised);
        let counts = state.store.inbox_counts(&id).await?;
        let mut page = state
            .store
            .inbox_page(&id, &filter, sort, view.page() - 1, PAGE_SIZE)
            .await?;
        // Past the last page (a bookmark after proposals went): the last page.
        let pages = page.total.div_ceil(PAGE_SIZE).max(1);
        if view.page() > pages {
            page = state
                .store
                .inbox_page(&id, &filter, sort, pages - 1, PAGE_SIZE)
                .await?;
        }
        Ok(html(pages::list(&ListContext {
            signed: &signed,
            event: &event,
            view: &view,
            counts: &counts,
            page: &page,
        })))
    }
    .await;
    answer(&signed, outcome)
}

async fn download(
    signed: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let outcome = async {
        event_of(&state, &signed, &id)?;
        let query = query.unwrap_or_default();
        let view = View::parse(&query);
        let format = match form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k == "as")
            .last()
        {
            None => ExportFormat::Json,
            Some((_, name)) => ExportFormat::from_name(&name)
                .ok_or_else(|| InboxError::BadForm(format!("as={name}: use csv or json")))?,
        };
        let mut rows = state
            .store
            .inbox_export(
                &id,
                &view.filter(signed.anonymised),
                view.sort(signed.anonymised),
            )
            .await?;
        if signed.anonymised {
            for row in &mut rows {
                row.proposal = anonymise(&row.proposal);
                row.undelivered.clear();
            }
        }
        let name = format!(
            "{id}-proposals{}.{}",
            if signed.anonymised { "-anonymised" } else { "" },
            format.as_str()
        );
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
            .map_err(|e| InboxError::Internal(e.to_string()))?;
        Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(format.content_type()),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            render(&id, &rows, format),
        )
            .into_response())
    }
    .await;
    answer(&signed, outcome)
}

async fn proposal(
    signed: SignedIn,
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let outcome = async {
        let event = event_of(&state, &signed, &id)?;
        let reference = reference.to_ascii_uppercase();
        let view = View::parse(query.as_deref().unwrap_or(""));
        let mut stored = state
            .store
            .list_one(&id, &reference)
            .await?
            .ok_or(InboxError::NotFound)?;
        let mut versions = state.store.versions(&id, &reference).await?;
        if signed.anonymised {
            stored.proposal = anonymise(&stored.proposal);
            for version in &mut versions {
                version.proposal = anonymise(&version.proposal);
            }
        }
        let notes = state.store.notes(&id, &reference).await?;
        let ids = state
            .store
            .inbox_ids(
                &id,
                &view.filter(signed.anonymised),
                view.sort(signed.anonymised),
            )
            .await?;
        let at = ids.iter().position(|i| *i == reference);
        let previous = at.and_then(|i| i.checked_sub(1)).map(|i| ids[i].clone());
        let next = at.and_then(|i| ids.get(i + 1)).cloned();
        Ok(html(pages::proposal(&ProposalContext {
            signed: &signed,
            event: &event,
            view: &view,
            stored: &stored,
            versions: &versions,
            notes: &notes,
            previous,
            next,
            position: at.map(|i| (i + 1, ids.len())),
        })))
    }
    .await;
    answer(&signed, outcome)
}

/// A form's change to a proposal may go ahead: its CSRF token is the session's and the
/// organiser's token opens the event. The reference, as stored (upper case).
fn changing(
    state: &AppState,
    signed: &SignedIn,
    form: &Posted,
    id: &str,
    reference: &str,
) -> Result<String, InboxError> {
    if !signed.check(form.get("csrf")) {
        return Err(InboxError::Forbidden);
    }
    event_of(state, signed, id)?;
    Ok(reference.to_ascii_uppercase())
}

/// Back to the proposal's page, in the view its form came from.
fn back_to(id: &str, reference: &str, form: &Posted) -> Response {
    let view = View::parse(form.get("view"));
    Redirect::to(&view.link(&format!("/admin/events/{id}/proposals/{reference}"))).into_response()
}

async fn set_state(
    signed: SignedIn,
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    form: Posted,
) -> Response {
    let outcome = async {
        let reference = changing(&state, &signed, &form, &id, &reference)?;
        let triage = Triage::from_name(form.get("state")).ok_or_else(|| {
            InboxError::BadForm(format!(
                "state {:?} is not one of new, shortlisted, accepted, declined, spam",
                form.get("state")
            ))
        })?;
        let found = state
            .store
            .set_triage(&id, &reference, triage, &signed.organiser, &now_rfc3339())
            .await?;
        if !found {
            return Err(InboxError::NotFound);
        }
        Ok(back_to(&id, &reference, &form))
    }
    .await;
    answer(&signed, outcome)
}

async fn add_note(
    signed: SignedIn,
    State(state): State<AppState>,
    Path((id, reference)): Path<(String, String)>,
    form: Posted,
) -> Response {
    let outcome = async {
        let reference = changing(&state, &signed, &form, &id, &reference)?;
        let body = form.get("note").trim();
        if body.is_empty() {
            return Ok(back_to(&id, &reference, &form));
        }
        if body.chars().count() > NOTE_MAX_CHARS {
            return Err(InboxError::BadForm(format!(
                "a note has at most {NOTE_MAX_CHARS} characters"
            )));
        }
        let note = Note {
            written_at: now_rfc3339(),
            author: signed.organiser.clone(),
            body: body.to_owned(),
        };
        if !state.store.add_note(&id, &reference, note).await? {
            return Err(InboxError::NotFound);
        }
        Ok(back_to(&id, &reference, &form))
    }
    .await;
    answer(&signed, outcome)
}

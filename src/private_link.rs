//! The browser's side of a sent proposal's private link: reading the proposal it opens
//! (`GET` with the token), the proposals this browser sent to an event ("Your
//! proposals", kept in localStorage), and "Lost your link?" (a `POST` to the server's
//! links route). The state they feed is `state/link.rs`.

use crate::draft::read_proposal;
use crate::draft::store::local_storage;
use crate::json::Reader;
use crate::state::{Opened, Yours};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response};

fn sent_key(event_id: &str) -> String {
    format!("cfp-sent:{event_id}")
}

/// The proposals this browser sent to the event, oldest first. One a line:
/// reference, token and title, tab-separated (a title has no tab: it is one line).
pub fn remembered(event_id: &str) -> Vec<Yours> {
    let text = local_storage()
        .and_then(|s| s.get_item(&sent_key(event_id)).ok().flatten())
        .unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            Some(Yours {
                reference: parts.next()?.to_owned(),
                token: parts.next()?.to_owned(),
                title: parts.next().unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

/// Remember a sent proposal (once); what it returns is the list as it now stands.
pub fn remember(event_id: &str, sent: Yours) -> Vec<Yours> {
    let mut all = remembered(event_id);
    if all.iter().any(|y| y.reference == sent.reference) {
        return all;
    }
    all.push(sent);
    let text: Vec<String> = all
        .iter()
        .map(|y| {
            let title = y.title.replace(['\t', '\n', '\r'], " ");
            format!("{}\t{}\t{title}", y.reference, y.token)
        })
        .collect();
    if let Some(storage) = local_storage() {
        // A full or blocked storage only loses the list, never the proposal.
        let _ = storage.set_item(&sent_key(event_id), &text.join("\n"));
    }
    all
}

/// One request and its answer's status and text; `Err` when nothing came back. One
/// function for both of this file's requests: each copy of a fetch costs the wasm.
async fn request(
    method: &str,
    url: &str,
    header: (&str, &str),
    body: Option<&str>,
) -> Result<(u16, String), JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let headers = Headers::new()?;
    headers.set("Accept", "application/json")?;
    headers.set(header.0, header.1)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    if let Some(body) = body {
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok((response.status(), text.as_string().unwrap_or_default()))
}

/// Read the proposal the link opens: `GET {endpoint}/{reference}` with its token.
pub async fn open(endpoint: &str, reference: &str, token: &str) -> Opened {
    let url = format!("{}/{reference}", endpoint.trim_end_matches('/'));
    let bearer = format!("Bearer {token}");
    match request("GET", &url, ("Authorization", &bearer), None).await {
        Ok((200, text)) => read_stored(&text).unwrap_or(Opened::Unreachable),
        // 404: an unknown reference and a wrong token alike.
        Ok((404, _)) => Opened::NotFound,
        _ => Opened::Unreachable,
    }
}

/// The server's `{id, state, version, proposal, ...}` (docs/protocol.md).
fn read_stored(text: &str) -> Option<Opened> {
    let (mut version, mut withdrawn, mut proposal) = (0, false, None);
    let mut r = Reader::new(text);
    r.fields(
        "StoredProposal",
        &["state", "version", "proposal"],
        0b111,
        true,
        &mut |r, i| {
            match i {
                0 => withdrawn = r.string()? == "withdrawn",
                1 => version = i64::from(r.u32()?),
                _ => proposal = Some(read_proposal(r)?),
            }
            Ok(())
        },
    )
    .ok()?;
    Some(Opened::Proposal {
        version,
        withdrawn,
        proposal: Box::new(proposal?),
    })
}

/// "Lost your link?": ask the server to mail `email` its links. The server's links route
/// sits beside its proposals route (`.../{id}/proposals` -> `.../{id}/links`). True when
/// the request was accepted (the same answer whether or not the address sent anything).
pub async fn send_links(endpoint: &str, email: &str, language: &str) -> bool {
    let url = match endpoint.trim_end_matches('/').strip_suffix("/proposals") {
        Some(base) => format!("{base}/links"),
        None => return false,
    };
    // A string always serialises.
    let body = format!(
        "{{\"email\":{}}}",
        serde_json::to_string(email).unwrap_or_default()
    );
    let answer = request("POST", &url, ("Content-Language", language), Some(&body)).await;
    matches!(answer, Ok((202, _)))
}

/// Whether the form's endpoint has private links: the config names the event's page
/// (`page_url`) and the endpoint is a cfp-server's proposals route.
pub fn offered(config: &cfp_core::EventConfig) -> bool {
    config.page_url.is_some()
        && config
            .endpoint
            .as_ref()
            .is_some_and(|e| e.url.trim_end_matches('/').ends_with("/proposals"))
}

/// The private link in the page's address, if the form offers links at all.
pub fn from_page(config: &cfp_core::EventConfig) -> Option<(String, String)> {
    if !offered(config) {
        return None;
    }
    let hash = web_sys::window()?.location().hash().ok()?;
    let link = crate::state::parse_fragment(&hash);
    // Following another proposal's link (or leaving one) on this page changes only the
    // fragment, which loads nothing: the page is loaded afresh for it.
    let opened = link.clone();
    if let Some(window) = web_sys::window() {
        gloo_events::EventListener::new(&window, "hashchange", move |_| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let hash = window.location().hash().unwrap_or_default();
            if crate::state::parse_fragment(&hash) != opened {
                let _ = window.location().reload();
            }
        })
        .forget();
    }
    link
}

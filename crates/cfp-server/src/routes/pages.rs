//! The demo pages: `/events/{id}/` is the built widget's index.html carrying that event's
//! config, so every event the server knows can be tried in a browser; `/` lists them.

use crate::app::AppState;
use crate::error::ApiError;
use crate::routes::{EventPath, PathOf};
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};

pub async fn index(State(state): State<AppState>) -> Html<String> {
    let items: String = state
        .events
        .current()
        .iter()
        .map(|e| {
            format!(
                "<li><a href=\"/events/{}/\">{}</a></li>",
                escape(&e.id),
                escape(&e.name)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cfp-server</title>\
         <link rel=\"icon\" href=\"data:,\"></head><body><main><h1>Calls for proposals</h1>\
         <ul>{items}</ul></main></body></html>"
    ))
}

/// To the page's canonical address, with its trailing slash. The path is taken as it was
/// sent, still percent-encoded: a decoded id could hold bytes no `Location` may carry.
pub async fn event_page_redirect(_: PathOf<EventPath>, uri: Uri) -> Result<Redirect, ApiError> {
    Ok(Redirect::permanent(&format!("{}/", uri.path())))
}

pub async fn event_page(
    State(state): State<AppState>,
    PathOf(EventPath { id }): PathOf<EventPath>,
) -> Result<Response, ApiError> {
    let events = state.events.current();
    let config = events
        .get(&id)
        .ok_or_else(|| ApiError::UnknownEvent(id.clone()))?;
    let Some(dist) = &state.dist else {
        return Ok((
            StatusCode::NOT_FOUND,
            "this server was started without --dist: no widget to show",
        )
            .into_response());
    };
    let template = tokio::fs::read_to_string(dist.join("index.html"))
        .await
        .map_err(|e| ApiError::internal(format!("reading {}/index.html: {e}", dist.display())))?;
    let json = serde_json::to_string_pretty(config.as_ref()).map_err(ApiError::internal)?;
    let page = inject_config(&template, &json)
        .ok_or_else(|| ApiError::internal("dist/index.html has no cfp-config script block"))?;
    let title = format!("Call for proposals: {}", escape(&config.name));
    Ok(Html(replace_title(&page, &title)).into_response())
}

/// Replaces the contents of the first `<script>` element whose tag names `cfp-config` (the
/// demo page's `id="cfp-config"`, or an older `data-cfp-config`) with `json`.
///
/// Tolerates minified HTML (unquoted attributes). Every `<` in the JSON is written as
/// `\u003c`, which JSON reads back the same and which can never close the script element.
pub fn inject_config(html: &str, json: &str) -> Option<String> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script") {
        let tag_start = from + offset;
        let tag_end = tag_start + html[tag_start..].find('>')?;
        let tag = &html[tag_start..tag_end];
        if tag.contains("cfp-config") {
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

fn replace_title(html: &str, title: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}<title>{title}{}", &html[..start], &html[end..])
        }
        _ => html.to_owned(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_into_quoted_and_minified_blocks() {
        let page = r#"<script type="module" src="/a.js"></script><div data-cfp-widget></div><script type="application/json" data-cfp-config>{"id":"x"}</script>"#;
        let out = inject_config(page, r#"{"id":"y"}"#).unwrap();
        assert!(out.contains("data-cfp-config>\n{\"id\":\"y\"}\n</script>"));
        assert!(out.starts_with(r#"<script type="module" src="/a.js"></script>"#));
        let minified = "<script type=application/json data-cfp-config>{}</script>";
        assert_eq!(
            inject_config(minified, r#"{"a":"</script>"}"#).unwrap(),
            "<script type=application/json data-cfp-config>\n{\"a\":\"\\u003c/script>\"}\n</script>"
        );
        let by_id = "<script defer src=/cfp-widget.js></script><script id=cfp-config type=application/json>{}</script>";
        assert_eq!(
            inject_config(by_id, "{}").unwrap(),
            "<script defer src=/cfp-widget.js></script><script id=cfp-config type=application/json>\n{}\n</script>"
        );
        assert_eq!(inject_config("<p>no block</p>", "{}"), None);
    }

    #[test]
    fn titles_are_replaced_and_text_escaped() {
        assert_eq!(
            replace_title("<title>Old</title>", "New"),
            "<title>New</title>"
        );
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}

//! Putting a widget on a host element: an open shadow root holding the widget's stylesheet
//! and the form, so that the host page's CSS cannot reach in and the widget's cannot leak
//! out; the event config read from wherever the host element says; and, for a broken or
//! missing config, the list of what is wrong (on the page and on the console), never a
//! blank box.

pub mod config_json;

use crate::components::{App, AppProps, ConfigErrorBox, ConfigErrorProps};
use crate::messages::{Key, Lang, Locale};
use cfp_core::{ConfigError, EventConfig, ResponseMode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

/// Where a host element's config comes from, read from its attributes.
#[derive(Debug, PartialEq, Eq)]
pub enum ConfigSource {
    /// The JSON text itself (a `<script type="application/json">` block, or a config
    /// passed to `CfpWidget.mount`).
    Text(String),
    /// A URL to fetch the JSON from (`data-config-url`, or `data-event`: the public config
    /// of an event on a cfp-server).
    Url(String),
    /// No config could be found; the sentence says what the maintainer should add.
    Missing(String),
}

/// What is on screen inside one host's shadow root.
enum Rendered {
    /// A config is being fetched.
    Loading,
    Form(AppHandle<App>),
    ConfigError(AppHandle<ConfigErrorBox>),
    /// `unmount()` was called: a config arriving late must not bring the widget back.
    Gone,
}

/// A mounted widget. Dropping it leaves the widget on the page; `unmount` removes it,
/// with every listener and timer it started.
pub struct Mounted {
    root: Element,
    rendered: Rc<RefCell<Rendered>>,
}

impl Mounted {
    /// The element inside the shadow root that the widget renders into.
    pub fn root(&self) -> &Element {
        &self.root
    }

    /// Removes the widget: its components are destroyed (their effects' clean-ups drop
    /// every listener and timer), and the shadow root is emptied.
    pub fn unmount(&self) {
        let was = self.rendered.replace(Rendered::Gone);
        match was {
            Rendered::Form(app) => app.destroy(),
            Rendered::ConfigError(app) => app.destroy(),
            Rendered::Loading | Rendered::Gone => {}
        }
        if let Some(shadow) = self.root.parent_node() {
            shadow.set_text_content(None);
        }
    }
}

/// Mount one widget into `host` from its config JSON (`None`: read the host's attributes).
/// No stylesheet: for tests, which check behaviour, not looks.
pub fn mount(host: Element, config_json: Option<&str>) -> Mounted {
    let source = match config_json {
        Some(text) => ConfigSource::Text(text.to_owned()),
        None => config_source(&host),
    };
    mount_into(host, source, None)
}

/// Mount one widget into `host`'s shadow root (created, or emptied if the host has one),
/// with `stylesheet` (a URL) linked inside it. A `<link>` keeps the widget working under a
/// strict Content-Security-Policy (`style-src 'self'`), which forbids inline style text.
pub fn mount_into(host: Element, source: ConfigSource, stylesheet: Option<&str>) -> Mounted {
    let root = shadow_container(&host, stylesheet);
    let rendered = Rc::new(RefCell::new(Rendered::Loading));
    let mounted = Mounted {
        root: root.clone(),
        rendered: rendered.clone(),
    };
    match source {
        ConfigSource::Text(text) => render(&root, &rendered, config_json::parse_config(&text)),
        ConfigSource::Missing(why) => render(&root, &rendered, Err(vec![problem(why)])),
        ConfigSource::Url(url) => {
            let loading = Locale::resolve(None, &root).tr(Key::FormLoading, &[]);
            root.set_text_content(Some(&loading));
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = match fetch_text(&url).await {
                    Ok((text, config_url)) => config_json::parse_config(&text)
                        .map(|config| endpoint_relative_to(config, &config_url))
                        .map_err(|errors| {
                            errors
                                .into_iter()
                                .map(|mut e| {
                                    e.message = format!("{} (in {url})", e.message);
                                    e
                                })
                                .collect()
                        }),
                    Err(why) => Err(vec![problem(why)]),
                };
                if matches!(*rendered.borrow(), Rendered::Loading) {
                    render(&root, &rendered, parsed);
                }
            });
        }
    }
    mounted
}

/// Where `host` says its config is. In order: `data-config` (a selector for a JSON script
/// block), `data-config-url`, `data-event` (an event's URL on a cfp-server), then a
/// `<script type="application/json" data-cfp-config>` right after or inside the host.
pub fn config_source(host: &Element) -> ConfigSource {
    if let Some(selector) = host.get_attribute("data-config") {
        let found = host
            .owner_document()
            .and_then(|d| d.query_selector(&selector).ok().flatten());
        return match found {
            Some(block) => ConfigSource::Text(block.text_content().unwrap_or_default()),
            None => ConfigSource::Missing(format!(
                "data-config=\"{selector}\" matches no element on this page: give the config's <script type=\"application/json\"> that id (data-config=\"#cfp-config\" with id=\"cfp-config\")"
            )),
        };
    }
    if let Some(url) = host.get_attribute("data-config-url") {
        return ConfigSource::Url(url);
    }
    if let Some(url) = host.get_attribute("data-event") {
        return ConfigSource::Url(url);
    }
    const BLOCK: &str = "script[type=\"application/json\"][data-cfp-config]";
    let sibling = host
        .next_element_sibling()
        .filter(|el| el.matches(BLOCK).unwrap_or(false));
    match sibling.or_else(|| host.query_selector(BLOCK).ok().flatten()) {
        Some(block) => ConfigSource::Text(block.text_content().unwrap_or_default()),
        None => ConfigSource::Missing(
            "no event config found: give the element with data-cfp-widget a data-config=\"#id\" naming a <script type=\"application/json\" id=\"id\"> block, a data-config-url, or a data-event URL".into(),
        ),
    }
}

fn problem(message: String) -> ConfigError {
    ConfigError {
        path: String::new(),
        message,
    }
}

/// `url` made absolute against the page (what `fetch` would post to).
pub fn absolute_url(url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    web_sys::Url::new_with_base(url, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

thread_local! {
    /// Endpoints (absolute) whose cfp-server refused this page's origin at mount: a send
    /// to one that fails on the network failed for that reason, not the speaker's
    /// connection.
    static REFUSED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Whether the mount-time check found that `url`'s server refuses this page's origin.
pub fn origin_refused(url: &str) -> bool {
    let url = absolute_url(url);
    REFUSED.with(|r| r.borrow().contains(&url))
}

/// An endpoint on a cfp-server of another origin must list this page's origin in the
/// event's `allowed_origins`, or every speaker's POST fails with a CORS error. Found out
/// at mount by reading the event's public config there (`.../api/events/ID`, which the
/// server guards with the same list), and told to the maintainer: the console says which
/// origin to add where, and `cfp:error` (code `cors`) tells the page. Other endpoints
/// (Formspree, Netlify) have no such route, so they are not checked.
fn check_cross_origin(root: &Element, config: &EventConfig) {
    let Some(endpoint) = config
        .endpoint
        .as_ref()
        .filter(|e| e.response == ResponseMode::Readable)
    else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Ok(page), Ok(url)) = (
        window.location().origin(),
        web_sys::Url::new(&absolute_url(&endpoint.url)),
    ) else {
        return;
    };
    let path = url.pathname();
    let Some(event_path) = path
        .strip_suffix("/proposals")
        .filter(|p| p.contains("/api/events/"))
    else {
        return;
    };
    if url.origin() == page {
        return;
    }
    let check = format!("{}{event_path}", url.origin());
    let (root, event, server, href) = (root.clone(), config.id.clone(), url.origin(), url.href());
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(window.fetch_with_str(&check)).await.is_ok() {
            return;
        }
        let message = format!(
            "cfp-widget: the cfp-server at {server} does not let this page send proposals to {href} (or cannot be reached): add \"{page}\" to \"allowed_origins\" in the event's config file on that server (events/{event}.json) and restart it. Until then every speaker's Submit fails."
        );
        web_sys::console::error_1(&message.clone().into());
        REFUSED.with(|r| r.borrow_mut().push(href.clone()));
        crate::host_events::origin_refused(&root, &event, &page, &href, &message);
    });
}

thread_local! {
    /// The loader's `lang => Promise<text>` for a compiled catalogue (`cfp-widget-de.txt`).
    static LOAD: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Where the widget gets a catalogue it lacks: the loader's `lang => Promise<text>`.
pub fn set_catalogue_loader(load: js_sys::Function) {
    LOAD.with(|l| *l.borrow_mut() = Some(load));
}

/// Installs a catalogue the loader fetched for `lang` before mounting (so that the first
/// render is already in that language); a refused one is said on the console.
pub fn install_catalogue(lang: &str, text: &str) {
    let lang = Locale::new(lang).lang;
    if let Err(why) = lang.install(text) {
        english_instead(lang, &why);
    }
}

fn english_instead(lang: Lang, why: &str) {
    web_sys::console::error_1(
        &format!(
            "cfp-widget: {why}. The widget speaks English instead of \"{}\".",
            lang.code()
        )
        .into(),
    );
}

/// Renders the form, or the config errors, in the locale they ask for: first fetched
/// through the loader when its catalogue is not here yet (the loader fetches the page's
/// language with the wasm, so that is rare: a config fetched from a URL that names
/// another language). Nothing is shown in between, so no sentence flashes in English.
fn render(
    root: &Element,
    rendered: &Rc<RefCell<Rendered>>,
    parsed: Result<EventConfig, Vec<ConfigError>>,
) {
    // The root is inside the shadow root; resolve climbs out of it to the page's lang.
    let locale = Locale::resolve(parsed.as_ref().ok().and_then(|c| c.locale.as_deref()), root);
    let load = LOAD.with(|l| l.borrow().clone());
    let (true, Some(load)) = (locale.lang.fetchable(), load) else {
        return show(root, rendered, parsed, locale);
    };
    let (root, rendered) = (root.clone(), rendered.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let lang = locale.lang;
        let text = match load.call1(&JsValue::NULL, &lang.code().into()) {
            Ok(promise) => JsFuture::from(js_sys::Promise::resolve(&promise)).await,
            Err(e) => Err(e),
        };
        match text.map(|t| t.as_string()) {
            Ok(Some(text)) => install_catalogue(lang.code(), &text),
            failure => {
                let reason = match failure {
                    Err(e) => text_of(e),
                    _ => "the loader gave no text".into(),
                };
                lang.failed();
                english_instead(
                    lang,
                    &format!(
                        "the catalogue for \"{}\" could not be loaded ({reason})",
                        lang.code()
                    ),
                );
            }
        }
        if matches!(*rendered.borrow(), Rendered::Loading) {
            show(&root, &rendered, parsed, locale);
        }
    });
}

/// A JavaScript error's message, for the console.
fn text_of(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_default(),
    }
}

/// Renders the form, or the config errors (also written to the console, where a
/// maintainer looks first). A locale whose catalogue is not at hand speaks English.
fn show(
    root: &Element,
    rendered: &Rc<RefCell<Rendered>>,
    parsed: Result<EventConfig, Vec<ConfigError>>,
    locale: Locale,
) {
    root.set_text_content(None);
    let locale = if locale.lang.ready() {
        locale
    } else {
        if locale.lang.fetchable() {
            english_instead(
                locale.lang,
                "no catalogue for this language was given to the widget (the loader, cfp-widget.js, fetches it)",
            );
            locale.lang.failed();
        }
        Locale::default()
    };
    if let Ok(config) = &parsed {
        check_cross_origin(root, config);
    }
    let now = match parsed {
        Ok(config) => Rendered::Form(
            yew::Renderer::<App>::with_root_and_props(
                root.clone(),
                AppProps {
                    link: crate::private_link::from_page(&config),
                    config: Rc::new(config),
                    locale,
                },
            )
            .render(),
        ),
        Err(errors) => {
            for error in &errors {
                web_sys::console::error_1(&format!("cfp-widget: config error: {error}").into());
            }
            crate::host_events::config_failed(root, &errors);
            Rendered::ConfigError(
                yew::Renderer::<ConfigErrorBox>::with_root_and_props(
                    root.clone(),
                    ConfigErrorProps { errors, locale },
                )
                .render(),
            )
        }
    };
    *rendered.borrow_mut() = now;
}

/// The host's open shadow root, emptied, holding the stylesheet link and a fresh container.
fn shadow_container(host: &Element, stylesheet: Option<&str>) -> Element {
    let shadow: ShadowRoot = host.shadow_root().unwrap_or_else(|| {
        host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .expect(
                "an element that accepts a shadow root (a div, section, article, main, aside...)",
            )
    });
    shadow.set_text_content(None);
    let document = host
        .owner_document()
        .expect("a host element is in a document");
    let root = document
        .create_element("div")
        .expect("creating a div cannot fail");
    let _ = root.set_attribute("class", "cfp-root");
    if let (Some(href), Ok(link)) = (stylesheet, document.create_element("link")) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", href);
        // Unstyled for a moment would flash; unstyled for good (the sheet blocked or
        // missing) is still a working form, so an error shows it too.
        let _ = root.set_attribute("hidden", "");
        // One function for both: only one of them fires, and it frees itself when called.
        let show = {
            let root = root.clone();
            Closure::once_into_js(move || {
                let _ = root.remove_attribute("hidden");
            })
        };
        if let Some(link) = link.dyn_ref::<HtmlElement>() {
            link.set_onload(Some(show.unchecked_ref()));
            link.set_onerror(Some(show.unchecked_ref()));
        }
        let _ = shadow.append_child(&link);
    }
    let _ = shadow.append_child(&root);
    root
}

/// A config fetched from `config_url` names its endpoint relative to where it came from
/// (cfp-server's public config says `/api/events/ID/proposals`, which is on the server,
/// not on the page that embeds it); inline configs stay relative to the page.
fn endpoint_relative_to(mut config: EventConfig, config_url: &str) -> EventConfig {
    if let Some(endpoint) = config.endpoint.as_mut() {
        if let Ok(absolute) = web_sys::Url::new_with_base(&endpoint.url, config_url) {
            endpoint.url = absolute.href();
        }
    }
    config
}

/// The body of a GET to `url` and the URL it came from (after redirects), or a sentence
/// saying why there is none.
async fn fetch_text(url: &str) -> Result<(String, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| {
            let page = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default();
            format!("the event config could not be fetched from {url}: the network failed, or the server does not allow this page's origin (CORS); for a cfp-server, add \"{page}\" to \"allowed_origins\" in the event's config file there")
        })?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "the event config could not be fetched from {url}: the server answered {}",
            response.status()
        ));
    }
    let text = response
        .text()
        .map_err(|_| format!("the event config at {url} could not be read"))?;
    let text = JsFuture::from(text)
        .await
        .ok()
        .and_then(|t: JsValue| t.as_string())
        .ok_or_else(|| format!("the event config at {url} could not be read"))?;
    Ok((text, response.url()))
}

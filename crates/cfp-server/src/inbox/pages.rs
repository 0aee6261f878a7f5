//! The inbox's HTML, written with maud: every value is escaped by the template, so what a
//! speaker wrote can only ever be text. No script anywhere (the CSP allows none): links,
//! GET forms for views, POST forms with their CSRF token for changes. The words are the
//! server's catalogues' `inbox.*` and `field.*` keys (`crate::text`), in the organiser's
//! language; the styles are `styles/inbox.css`, in the widget's colours.

use super::diff::Changed;
use super::session::SignedIn;
use super::{Sort, Standing, Triage, View, PAGE_SIZE};
use crate::store::{ListPage, Note, StoredProposal, Version};
use crate::text::Text;
use axum::http::HeaderMap;
use cfp_core::{EventConfig, Field, Proposal, SpeakerField, TalkField};
use maud::{html, Markup, DOCTYPE};

cfp_core::wire_names! {
    /// The languages the inbox speaks.
    #[derive(Default)]
    pub enum Lang {
        #[default]
        En = "en",
        Es = "es",
        De = "de",
    }
}

impl Lang {
    /// The first language of `Accept-Language` the inbox speaks; English otherwise.
    pub fn asked(headers: &HeaderMap) -> Lang {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .into_iter()
            .flat_map(|v| v.split(','))
            .filter_map(|tag| {
                let tag = tag.split(';').next()?.trim();
                Lang::from_name(&tag.get(..2)?.to_ascii_lowercase())
            })
            .next()
            .unwrap_or_default()
    }

    fn text(self) -> Text {
        Text::new(self.as_str())
    }
}

/// The stylesheet every page links (`GET /admin/inbox.css`).
pub const STYLES: &str = include_str!("../../../../styles/inbox.css");

/// What every page has around its content.
pub struct Frame<'a> {
    pub lang: Lang,
    pub title: String,
    pub signed: Option<&'a SignedIn>,
    /// This page's own address, where the anonymised switch comes back to.
    pub here: String,
}

/// A whole page.
pub fn page(frame: &Frame<'_>, body: Markup) -> Markup {
    let t = frame.lang.text();
    html! {
        (DOCTYPE)
        html lang=(frame.lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " · " (t.say("inbox.name", &[])) }
                link rel="stylesheet" href="/admin/inbox.css";
                link rel="icon" href="data:,";
            }
            body {
                a.skip href="#main" { (t.say("inbox.skip", &[])) }
                header.bar {
                    a.bar__name href="/admin/" { (t.say("inbox.name", &[])) }
                    @if let Some(signed) = frame.signed {
                        span.bar__who { (t.say("inbox.signed_in_as", &[("name", &signed.organiser)])) }
                        form.bar__form method="post" action="/admin/anonymised" {
                            (csrf(signed))
                            input type="hidden" name="back" value=(frame.here);
                            @if signed.anonymised {
                                input type="hidden" name="on" value="0";
                                span.tag { (t.say("inbox.anonymised_on", &[])) }
                                button.link-button type="submit" { (t.say("inbox.show_names", &[])) }
                            } @else {
                                input type="hidden" name="on" value="1";
                                button.link-button type="submit" { (t.say("inbox.hide_names", &[])) }
                            }
                        }
                        form.bar__form method="post" action="/admin/sign-out" {
                            (csrf(signed))
                            button.link-button type="submit" { (t.say("inbox.sign_out", &[])) }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
            }
        }
    }
}

fn csrf(signed: &SignedIn) -> Markup {
    html! { input type="hidden" name="csrf" value=(signed.csrf); }
}

/// A time as stored (RFC 3339, UTC) as the inbox shows it: `2026-11-22 18:00 UTC`.
pub fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.len() >= 16 => format!("{day} {time} UTC"),
        _ => at.to_owned(),
    }
}

/// A field's label, as the form and the mail call it.
pub fn label(t: &Text, event: &EventConfig, field: &Field) -> String {
    let say = |key: &str| t.say(key, &[]);
    let nth = |key: &str, i: usize| t.say(key, &[("n", &(i + 1).to_string())]);
    match field {
        Field::Title => say("field.title"),
        Field::Format => say("field.format"),
        Field::Track => say("field.track"),
        Field::Abstract => say("field.abstract"),
        Field::Description => say("field.description"),
        Field::CodeOfConduct => say("field.code_of_conduct"),
        Field::Speakers => say("inbox.speakers"),
        Field::Talks => say("inbox.talks"),
        Field::Speaker(i, f) => format!("{}: {}", nth("field.speaker", *i), speaker_label(t, *f)),
        Field::Talk(i, f) => format!("{}: {}", nth("field.talk", *i), talk_label(t, *f)),
        Field::Answer(id) => event
            .questions
            .iter()
            .find(|q| q.id == *id)
            .map_or_else(|| id.clone(), |q| q.label.clone()),
    }
}

fn speaker_label(t: &Text, field: SpeakerField) -> String {
    t.say(&format!("field.{}", field.as_str()), &[])
}

fn talk_label(t: &Text, field: TalkField) -> String {
    t.say(
        match field {
            TalkField::Title => "field.title",
            TalkField::SpeakerName => "field.speaker_of_talk",
            TalkField::SpeakerEmail => "field.email",
            TalkField::Abstract => "field.abstract",
            TalkField::Minutes => "field.minutes",
        },
        &[],
    )
}

/// Whether a field says who someone is: hidden in the anonymised view.
fn personal(field: &Field) -> bool {
    matches!(
        field,
        Field::Speaker(..) | Field::Talk(_, TalkField::SpeakerName | TalkField::SpeakerEmail)
    )
}

fn format_label<'a>(event: &'a EventConfig, id: &'a str) -> &'a str {
    event.format(id).map_or(id, |f| f.label.as_str())
}

fn track_label<'a>(event: &'a EventConfig, id: &'a str) -> &'a str {
    event.track(id).map_or(id, |t| t.label.as_str())
}

fn standing_name(t: &Text, standing: Standing) -> String {
    t.say(&format!("inbox.state.{}", standing.as_str()), &[])
}

/// The sign-in page; `problem` is what was wrong with the last try.
pub struct SignInForm<'a> {
    pub lang: Lang,
    pub next: &'a str,
    /// The double-submit token of this form (its cookie holds the same).
    pub csrf: &'a str,
    pub name: &'a str,
    pub problem: Option<SignInProblem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInProblem {
    NoName,
    WrongToken,
    /// The form's token did not match its cookie (an old tab, or a forged form).
    Expired,
}

pub fn sign_in(form: &SignInForm<'_>) -> Markup {
    let t = form.lang.text();
    let say = |key: &str| t.say(key, &[]);
    let (problem_field, problem_text) = match form.problem {
        Some(SignInProblem::NoName) => ("name", say("inbox.signin.no_name")),
        Some(SignInProblem::WrongToken) => ("token", say("inbox.signin.wrong_token")),
        Some(SignInProblem::Expired) => ("token", say("inbox.signin.expired")),
        None => ("", String::new()),
    };
    let frame = Frame {
        lang: form.lang,
        title: if form.problem.is_some() {
            format!(
                "{} {}",
                say("inbox.error_prefix"),
                say("inbox.signin.title")
            )
        } else {
            say("inbox.signin.title")
        },
        signed: None,
        here: "/admin/sign-in".into(),
    };
    let body = html! {
        @if form.problem.is_some() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" {
                h2 #error-summary-title { (say("inbox.problem")) }
                ul { li { a href={ "#" (problem_field) } { (problem_text) } } }
            }
        }
        h1 { (say("inbox.signin.title")) }
        p { (say("inbox.signin.intro")) }
        form method="post" action="/admin/sign-in" novalidate {
            input type="hidden" name="csrf" value=(form.csrf);
            input type="hidden" name="next" value=(form.next);
            div.field.field--error[problem_field == "name"] {
                label for="name" { (say("inbox.signin.name")) }
                div.hint #name-hint { (say("inbox.signin.name_hint")) }
                @if problem_field == "name" {
                    p.field__error #name-error { span.visually-hidden { (say("inbox.error_prefix")) " " } (problem_text) }
                }
                input #name type="text" name="name" autocomplete="name" value=(form.name)
                    aria-describedby={ "name-hint" @if problem_field == "name" { " name-error" } }
                    aria-invalid=[(problem_field == "name").then_some("true")];
            }
            div.field.field--error[problem_field == "token"] {
                label for="token" { (say("inbox.signin.token")) }
                div.hint #token-hint { (say("inbox.signin.token_hint")) }
                @if problem_field == "token" {
                    p.field__error #token-error { span.visually-hidden { (say("inbox.error_prefix")) " " } (problem_text) }
                }
                input #token type="password" name="token" autocomplete="current-password"
                    aria-describedby={ "token-hint" @if problem_field == "token" { " token-error" } }
                    aria-invalid=[(problem_field == "token").then_some("true")];
            }
            div.field {
                label for="language" { (say("inbox.signin.language")) }
                select #language name="language" {
                    @for lang in Lang::ALL {
                        option value=(lang.as_str()) selected[*lang == form.lang] {
                            (t.say(&format!("inbox.language.{}", lang.as_str()), &[]))
                        }
                    }
                }
            }
            button.button type="submit" { (say("inbox.signin.button")) }
        }
    };
    page(&frame, body)
}

/// One event of the events page, with its counts.
pub struct EventRow<'a> {
    pub event: &'a EventConfig,
    pub counts: Vec<(Standing, i64)>,
}

pub fn events(signed: &SignedIn, rows: &[EventRow<'_>]) -> Markup {
    let t = signed.lang.text();
    let say = |key: &str| t.say(key, &[]);
    let frame = Frame {
        lang: signed.lang,
        title: say("inbox.events.title"),
        signed: Some(signed),
        here: "/admin/".into(),
    };
    let body = html! {
        h1 { (say("inbox.events.title")) }
        @if rows.is_empty() {
            p { (say("inbox.events.none")) }
        } @else {
            div.table-wrap {
                table {
                    caption.visually-hidden { (say("inbox.events.caption")) }
                    thead { tr {
                        th scope="col" { (say("inbox.events.event")) }
                        th scope="col" { (say("inbox.events.deadline")) }
                        @for standing in Standing::ALL {
                            th.num scope="col" { (standing_name(&t, *standing)) }
                        }
                        th.num scope="col" { (say("inbox.events.total")) }
                    } }
                    tbody {
                        @for row in rows {
                            tr {
                                th scope="row" {
                                    a href={ "/admin/events/" (row.event.id) "/" } { (row.event.name) }
                                }
                                td { @match &row.event.deadline {
                                    Some(deadline) => (deadline.as_str()),
                                    None => (say("inbox.events.no_deadline")),
                                } }
                                @for (standing, n) in &row.counts {
                                    td.num {
                                        @if *n > 0 {
                                            a href={ "/admin/events/" (row.event.id) "/?state=" (standing.as_str()) }
                                                aria-label={ (n) " " (standing_name(&t, *standing)) ", " (row.event.name) } { (n) }
                                        } @else { "0" }
                                    }
                                }
                                td.num { (row.counts.iter().map(|(_, n)| n).sum::<i64>()) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(&frame, body)
}

/// What the list page shows.
pub struct ListContext<'a> {
    pub signed: &'a SignedIn,
    pub event: &'a EventConfig,
    pub view: &'a View,
    pub counts: &'a [(Standing, i64)],
    pub page: &'a ListPage,
}

pub fn list(cx: &ListContext<'_>) -> Markup {
    let t = cx.signed.lang.text();
    let say = |key: &str| t.say(key, &[]);
    let base = format!("/admin/events/{}/", cx.event.id);
    let anonymised = cx.signed.anonymised;
    let sort = cx.view.sort(anonymised);
    let pages = cx.page.total.div_ceil(PAGE_SIZE).max(1);
    let current = cx.view.page().min(pages);
    let first = (current - 1) * PAGE_SIZE;
    let frame = Frame {
        lang: cx.signed.lang,
        title: cx.event.name.clone(),
        signed: Some(cx.signed),
        here: cx.view.link(&base),
    };
    let selected = |value: &Option<String>, option: &str| value.as_deref() == Some(option);
    let body = html! {
        p.back { a href="/admin/" { (say("inbox.events.title")) } }
        h1 { (cx.event.name) }
        ul.counts aria-label=(say("inbox.list.counts")) {
            @for (standing, n) in cx.counts {
                li { a href={ (base) "?state=" (standing.as_str()) } { (standing_name(&t, *standing)) ": " (n) } }
            }
        }
        form.filters method="get" action=(base) role="search" aria-label=(say("inbox.list.filters")) {
            div.field {
                label for="f-format" { (say("field.format")) }
                select #f-format name="format" {
                    option value="" { (say("inbox.list.any")) }
                    @for format in &cx.event.formats {
                        option value=(format.id) selected[selected(&cx.view.format, &format.id)] { (format.label) }
                    }
                }
            }
            @if !cx.event.tracks.is_empty() {
                div.field {
                    label for="f-track" { (say("field.track")) }
                    select #f-track name="track" {
                        option value="" { (say("inbox.list.any")) }
                        @for track in &cx.event.tracks {
                            option value=(track.id) selected[selected(&cx.view.track, &track.id)] { (track.label) }
                        }
                    }
                }
            }
            div.field {
                label for="f-state" { (say("inbox.list.state")) }
                select #f-state name="state" {
                    option value="" { (say("inbox.list.any")) }
                    @for standing in Standing::ALL {
                        option value=(standing.as_str()) selected[selected(&cx.view.state, standing.as_str())] { (standing_name(&t, *standing)) }
                    }
                }
            }
            div.field.field--wide {
                label for="f-q" { (say("inbox.list.search")) }
                div.hint #f-q-hint {
                    (say(if anonymised { "inbox.list.search_hint_anonymised" } else { "inbox.list.search_hint" }))
                }
                input #f-q type="search" name="q" value=[cx.view.q.as_deref()] aria-describedby="f-q-hint";
            }
            div.field {
                label for="f-sort" { (say("inbox.list.sort")) }
                select #f-sort name="sort" {
                    @for option in Sort::ALL {
                        @if !(anonymised && *option == Sort::Speaker) {
                            option value=(option.as_str()) selected[*option == sort] {
                                (t.say(&format!("inbox.sort.{}", option.as_str()), &[]))
                            }
                        }
                    }
                }
            }
            div.filters__buttons {
                button.button type="submit" { (say("inbox.list.apply")) }
                @if cx.view.is_filtered() {
                    a href=(base) { (say("inbox.list.clear")) }
                }
            }
        }
        p #list-status {
            @if cx.page.total == 0 {
                (say(if cx.view.is_filtered() { "inbox.list.none_match" } else { "inbox.list.empty" }))
            } @else {
                (t.say("inbox.list.showing", &[
                    ("from", &(first + 1).to_string()),
                    ("to", &(first + cx.page.rows.len()).to_string()),
                    ("total", &cx.page.total.to_string()),
                ]))
            }
        }
        @if !cx.page.rows.is_empty() {
            div.table-wrap {
                table aria-describedby="list-status" {
                    caption.visually-hidden { (say("inbox.list.caption")) }
                    thead { tr {
                        th scope="col" { (say("inbox.list.reference")) }
                        th scope="col" { (say("inbox.list.received")) }
                        th scope="col" { (say("field.title")) }
                        @if !anonymised { th scope="col" { (say("inbox.list.first_speaker")) } }
                        th scope="col" { (say("field.format")) }
                        @if !cx.event.tracks.is_empty() { th scope="col" { (say("field.track")) } }
                        th scope="col" { (say("inbox.list.state")) }
                        th.num scope="col" { (say("inbox.talks")) }
                    } }
                    tbody {
                        @for row in &cx.page.rows {
                            tr {
                                td { a.ref href=(cx.view.link(&format!("{base}proposals/{}", row.id))) { (row.id) } }
                                td.nowrap { (when(&row.received_at)) }
                                td { (row.title) }
                                @if !anonymised { td { (row.first_speaker) } }
                                td { (format_label(cx.event, &row.format)) }
                                @if !cx.event.tracks.is_empty() { td { (track_label(cx.event, &row.track)) } }
                                td { span class={ "state state--" (row.standing.as_str()) } { (standing_name(&t, row.standing)) } }
                                td.num { @if row.talks > 0 { (row.talks) } }
                            }
                        }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pages aria-label=(say("inbox.list.pages")) {
                @if current > 1 {
                    a rel="prev" href=(cx.view.on_page(current - 1).link(&base)) { (say("inbox.previous")) }
                }
                span { (t.say("inbox.list.page_of", &[("page", &current.to_string()), ("pages", &pages.to_string())])) }
                @if current < pages {
                    a rel="next" href=(cx.view.on_page(current + 1).link(&base)) { (say("inbox.next")) }
                }
            }
        }
        p.downloads {
            (say("inbox.list.download"))
            " "
            a href=(download_link(&base, cx.view, "csv")) download { "CSV" }
            " · "
            a href=(download_link(&base, cx.view, "json")) download { "JSON" }
            @if anonymised { " " span.hint { (say("inbox.list.download_anonymised")) } }
        }
    };
    page(&frame, body)
}

fn download_link(base: &str, view: &View, format: &str) -> String {
    let all = View {
        page: None,
        ..view.clone()
    };
    let query = all.query();
    let sep = if query.is_empty() { "" } else { "&" };
    format!("{base}export?{query}{sep}as={format}")
}

/// What the proposal page shows.
pub struct ProposalContext<'a> {
    pub signed: &'a SignedIn,
    pub event: &'a EventConfig,
    pub view: &'a View,
    pub stored: &'a StoredProposal,
    pub versions: &'a [Version],
    pub notes: &'a [Note],
    /// The proposals before and after it in the view, and where it is in it.
    pub previous: Option<String>,
    pub next: Option<String>,
    pub position: Option<(usize, usize)>,
}

pub fn proposal(cx: &ProposalContext<'_>) -> Markup {
    let t = cx.signed.lang.text();
    let say = |key: &str| t.say(key, &[]);
    let base = format!("/admin/events/{}/", cx.event.id);
    let here = cx.view.link(&format!("{base}proposals/{}", cx.stored.id));
    let anonymised = cx.signed.anonymised;
    let p: &Proposal = &cx.stored.proposal;
    let triage = cx.stored.triage.clone();
    let standing = Standing::of(
        cx.stored.state == crate::store::ProposalState::Withdrawn,
        triage.as_ref().map_or(Triage::New, |t| t.state),
    );
    let frame = Frame {
        lang: cx.signed.lang,
        title: format!("{} ({})", p.title, cx.stored.id),
        signed: Some(cx.signed),
        here: here.clone(),
    };
    let link_to = |id: &str| cx.view.link(&format!("{base}proposals/{id}"));
    let body = html! {
        p.back { a href=(cx.view.link(&base)) { (t.say("inbox.proposal.back", &[("event", &cx.event.name)])) } }
        nav.pager aria-label=(say("inbox.proposal.pager")) {
            @if let Some(id) = &cx.previous { a rel="prev" href=(link_to(id)) { (say("inbox.previous")) } }
            @if let Some((n, of)) = cx.position {
                span { (t.say("inbox.proposal.position", &[("n", &n.to_string()), ("of", &of.to_string())])) }
            }
            @if let Some(id) = &cx.next { a rel="next" href=(link_to(id)) { (say("inbox.next")) } }
        }
        h1 { (p.title) }
        p.lede {
            span.ref { (cx.stored.id) }
            " · " (t.say("inbox.proposal.received", &[("at", &when(&cx.stored.received_at))]))
            @if cx.stored.version > 1 {
                " · " (t.say("inbox.proposal.changed", &[("version", &cx.stored.version.to_string()), ("at", &when(&cx.stored.updated_at))]))
            }
        }
        section.panel aria-labelledby="state-title" {
            h2 #state-title { (say("inbox.list.state")) ": " span class={ "state state--" (standing.as_str()) } { (standing_name(&t, standing)) } }
            @if let Some(triage) = triage.as_ref().filter(|t| t.by.is_some()) {
                p { (t.say("inbox.proposal.set_by", &[
                    ("state", &t.say(&format!("inbox.state.{}", triage.state.as_str()), &[])),
                    ("name", triage.by.as_deref().unwrap_or("")),
                    ("at", &when(triage.at.as_deref().unwrap_or(""))),
                ])) }
            }
            @if standing == Standing::Withdrawn {
                p { (say("inbox.proposal.withdrawn")) }
            }
            form method="post" action={ (base) "proposals/" (cx.stored.id) "/state" } {
                input type="hidden" name="csrf" value=(cx.signed.csrf);
                input type="hidden" name="view" value=(cx.view.query());
                fieldset {
                    legend { (say("inbox.proposal.set_state")) }
                    div.choices {
                        @for option in Triage::ALL {
                            div.choice {
                                input type="radio" name="state" id={ "state-" (option.as_str()) } value=(option.as_str())
                                    checked[triage.as_ref().map_or(*option == Triage::New, |t| t.state == *option)];
                                label for={ "state-" (option.as_str()) } { (t.say(&format!("inbox.state.{}", option.as_str()), &[])) }
                            }
                        }
                    }
                }
                button.button type="submit" { (say("inbox.proposal.save_state")) }
            }
        }
        section aria-labelledby="details-title" {
            h2 #details-title { (say("inbox.proposal.details")) }
            dl.fields {
                @if let Some(format) = &p.format { dt { (say("field.format")) } dd { (format_label(cx.event, format)) } }
                @if let Some(track) = &p.track { dt { (say("field.track")) } dd { (track_label(cx.event, track)) } }
                dt { (say("field.abstract")) } dd.text { (p.r#abstract) }
                @if !p.description.trim().is_empty() { dt { (say("field.description")) } dd.text { (p.description) } }
                dt { (say("field.code_of_conduct")) } dd { (say(if p.code_of_conduct { "answer.yes" } else { "answer.no" })) }
            }
        }
        section aria-labelledby="speakers-title" {
            h2 #speakers-title { (say("inbox.speakers")) }
            @if anonymised {
                p { (t.say("inbox.proposal.speakers_hidden", &[("n", &p.speakers.len().to_string())])) }
            } @else {
                @for (i, speaker) in p.speakers.iter().enumerate() {
                    h3 { (t.say("field.speaker", &[("n", &(i + 1).to_string())])) }
                    dl.fields {
                        @for field in SpeakerField::ALL {
                            @let value = field.get(speaker);
                            @if !value.trim().is_empty() {
                                dt { (speaker_label(&t, *field)) }
                                dd.text {
                                    @if *field == SpeakerField::Email { a href={ "mailto:" (value.trim()) } { (value) } } @else { (value) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !p.talks.is_empty() {
            section aria-labelledby="talks-title" {
                h2 #talks-title { (say("inbox.talks")) " (" (p.talks.len()) ")" }
                ol.talks {
                    @for talk in &p.talks {
                        li {
                            h3 { (talk.title) }
                            dl.fields {
                                @if !anonymised {
                                    dt { (say("field.speaker_of_talk")) }
                                    dd { (talk.speaker_name) " <" (talk.speaker_email) ">" }
                                }
                                @if let Some(minutes) = talk.minutes { dt { (say("field.minutes")) } dd { (minutes) } }
                                dt { (say("field.abstract")) } dd.text { (talk.r#abstract) }
                            }
                        }
                    }
                }
            }
        }
        @if !cx.event.questions.is_empty() {
            section aria-labelledby="answers-title" {
                h2 #answers-title { (say("inbox.proposal.answers")) }
                dl.fields {
                    @for question in &cx.event.questions {
                        dt { (question.label) }
                        dd.text { @match p.answers.get(&question.id) {
                            Some(answer) => (crate::mail::answer_text(&t, question, answer)),
                            None => (say("answer.none")),
                        } }
                    }
                }
            }
        }
        section aria-labelledby="versions-title" {
            h2 #versions-title { (say("inbox.proposal.versions")) }
            ol.versions reversed {
                @for (i, version) in cx.versions.iter().enumerate().rev() {
                    li {
                        h3 { (t.say("inbox.proposal.version", &[("version", &version.version.to_string()), ("at", &when(&version.saved_at))])) }
                        @if i == 0 {
                            p { (say("inbox.proposal.as_sent")) }
                        } @else if version.state == crate::store::ProposalState::Withdrawn && cx.versions[i - 1].state != version.state {
                            p { (say("inbox.proposal.was_withdrawn")) }
                        } @else {
                            (changes(&t, cx.event, &super::diff::changes(&cx.versions[i - 1].proposal, &version.proposal), anonymised))
                        }
                    }
                }
            }
        }
        section aria-labelledby="notes-title" {
            h2 #notes-title { (say("inbox.proposal.notes")) }
            @if cx.notes.is_empty() {
                p { (say("inbox.proposal.no_notes")) }
            } @else {
                ol.notes {
                    @for note in cx.notes {
                        li {
                            p.note__by { (t.say("inbox.proposal.note_by", &[("name", &note.author), ("at", &when(&note.written_at))])) }
                            p.text { (note.body) }
                        }
                    }
                }
            }
            form method="post" action={ (base) "proposals/" (cx.stored.id) "/notes" } {
                input type="hidden" name="csrf" value=(cx.signed.csrf);
                input type="hidden" name="view" value=(cx.view.query());
                div.field {
                    label for="note" { (say("inbox.proposal.add_note")) }
                    div.hint #note-hint { (say("inbox.proposal.note_hint")) }
                    textarea #note name="note" rows="4" aria-describedby="note-hint" {}
                }
                button.button type="submit" { (say("inbox.proposal.save_note")) }
            }
        }
    };
    page(&frame, body)
}

fn changes(t: &Text, event: &EventConfig, changed: &[Changed], anonymised: bool) -> Markup {
    let say = |key: &str| t.say(key, &[]);
    html! {
        @if changed.is_empty() {
            p { (say("inbox.proposal.no_change")) }
        } @else {
            div.table-wrap {
                table.diff {
                    thead { tr {
                        th scope="col" { (say("inbox.proposal.field")) }
                        th scope="col" { (say("inbox.proposal.before")) }
                        th scope="col" { (say("inbox.proposal.after")) }
                    } }
                    tbody {
                        @for change in changed {
                            tr {
                                th scope="row" { (label(t, event, &change.field)) }
                                @if anonymised && personal(&change.field) {
                                    td colspan="2" { (say("inbox.proposal.hidden")) }
                                } @else {
                                    td.text { del { (change.before) } }
                                    td.text { ins { (change.after) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A page for something that went wrong: its title and what to do.
pub fn problem(lang: Lang, signed: Option<&SignedIn>, title: &str, advice: &str) -> Markup {
    let t = lang.text();
    let frame = Frame {
        lang,
        title: title.to_owned(),
        signed,
        here: "/admin/".into(),
    };
    page(
        &frame,
        html! {
            h1 { (title) }
            p { (advice) }
            p { a href="/admin/" { (t.say("inbox.events.title", &[])) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--cfp-name: value;` pairs of the first block of `css` that starts at `marker`.
    fn properties(css: &str, marker: &str) -> Vec<(String, String)> {
        let block = &css[css.find(marker).unwrap()..];
        let block = &block[..block.find('}').unwrap()];
        block
            .lines()
            .filter_map(|line| line.trim().strip_prefix("--cfp-"))
            .filter_map(|rest| rest.split_once(':'))
            .map(|(name, value)| {
                (
                    name.to_owned(),
                    value.trim().trim_end_matches(';').to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn the_inbox_has_the_widgets_colours_light_and_dark() {
        let widget = include_str!("../../../../styles/cfp-widget.css");
        for (inbox_at, widget_at) in [
            (":root {", ":host {"),
            (
                "@media (prefers-color-scheme: dark)",
                "@media (prefers-color-scheme: dark)",
            ),
        ] {
            let theirs = properties(widget, widget_at);
            let ours = properties(STYLES, inbox_at);
            assert!(ours.len() >= 9, "{ours:?}");
            for (name, value) in &ours {
                // The page's own background: the widget's is see-through by design.
                if name == "background" {
                    continue;
                }
                let widget_value = theirs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
                assert_eq!(widget_value, Some(value), "--cfp-{name} in {inbox_at}");
            }
        }
    }

    #[test]
    fn languages_come_from_accept_language_and_times_read_plainly() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "fr-CH, de;q=0.9, en;q=0.8".parse().unwrap(),
        );
        assert_eq!(Lang::asked(&headers), Lang::De);
        assert_eq!(Lang::asked(&HeaderMap::new()), Lang::En);
        assert_eq!(when("2026-11-22T18:00:07Z"), "2026-11-22 18:00 UTC");
        assert_eq!(when("odd"), "odd");
    }
}

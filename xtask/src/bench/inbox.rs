//! `cargo xtask bench`'s figures for the organisers' inbox: a release cfp-server with an
//! event of 10,000 proposals (sent through the API, as speakers would), on SQLite and on
//! PostgreSQL, then its pages as a signed-in organiser reads them: time to first byte
//! (a fresh connection on loopback each time, median and slowest of `RUNS`) and the
//! page's weight as sent (cfp-server does not compress its own pages) and gzipped.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;

use super::gzip_len;
use crate::load;
use crate::postgres::TempPostgres;
use crate::serve::{Server, TempDir};

const EVENT: &str = "dask-summit-2021";
const PROPOSALS: u64 = 10_000;
const RUNS: usize = 15;

pub fn run() -> Result<()> {
    let postgres = TempPostgres::start_durable()?;
    let sqlite = TempDir::new("bench-inbox")?;
    for (name, db) in [
        ("SQLite", sqlite.sqlite_url()),
        ("PostgreSQL", postgres.create_database("bench_inbox")?),
    ] {
        let server = Server::start(super::release(db))?;
        let filled = load::run_until(
            &[server.base_url()],
            EVENT,
            16,
            Duration::from_secs(900),
            Some(PROPOSALS),
        )?;
        if filled.stored != PROPOSALS {
            bail!("stored {} of {PROPOSALS} proposals", filled.stored);
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(pages(name, server.base_url()))?;
    }
    Ok(())
}

async fn pages(backend: &str, base_url: &str) -> Result<()> {
    let authority = base_url
        .strip_prefix("http://")
        .context("a plain http server on loopback")?;
    let cookie = sign_in(authority).await?;
    let list = format!("/admin/events/{EVENT}/");
    let first = get(authority, &list, &cookie).await?;
    let body = String::from_utf8_lossy(&first.body);
    let marker = format!("/admin/events/{EVENT}/proposals/");
    let id: String = body
        .split(&marker)
        .nth(25)
        .context("no proposal link on the list")?
        .chars()
        .take(11)
        .collect();
    println!(
        "\ninbox, {backend}: {PROPOSALS} proposals of one event, signed in, {RUNS} requests each"
    );
    println!("\n| page | TTFB median (ms) | TTFB max (ms) | bytes | gzip bytes |");
    println!("|---|---:|---:|---:|---:|");
    for (what, path) in [
        ("events page (counts by state)", "/admin/".to_owned()),
        ("list, newest first, page 1 of 200", list.clone()),
        ("list, page 200 (the last)", format!("{list}?page=200")),
        ("list, sorted by title", format!("{list}?sort=title")),
        ("list, search matching all", format!("{list}?q=pydata")),
        ("list, search matching none", format!("{list}?q=zarr")),
        (
            "list, filter: workshops (none)",
            format!("{list}?format=workshop"),
        ),
        (
            "a proposal (with next/previous over all)",
            format!("{marker}{id}"),
        ),
        (
            "CSV download of all",
            format!("/admin/events/{EVENT}/export?as=csv"),
        ),
    ] {
        let mut ttfb = Vec::new();
        let mut last = None;
        for _ in 0..RUNS {
            let page = get(authority, &path, &cookie).await?;
            if page.status != 200 {
                bail!("{path}: {}", page.status);
            }
            ttfb.push(page.ttfb);
            last = Some(page);
        }
        ttfb.sort();
        let page = last.context("no run")?;
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {what} | {:.1} | {:.1} | {} | {} |",
            ms(ttfb[RUNS / 2]),
            ms(ttfb[RUNS - 1]),
            super::group(page.body.len()),
            super::group(gzip_len(&page.body)?),
        );
    }
    Ok(())
}

struct Fetched {
    status: u16,
    ttfb: Duration,
    set_cookie: Vec<String>,
    body: Vec<u8>,
}

async fn get(authority: &str, path: &str, cookie: &str) -> Result<Fetched> {
    send(authority, "GET", path, cookie, None).await
}

/// Sign in with the bench server's token, as the form does; the session's `Cookie` header.
async fn sign_in(authority: &str) -> Result<String> {
    let form = get(authority, "/admin/sign-in", "").await?;
    let token = form
        .set_cookie
        .iter()
        .find_map(|c| c.strip_prefix("cfp_inbox_sign_in="))
        .and_then(|rest| rest.split(';').next())
        .context("no sign-in cookie")?
        .to_owned();
    let cookie = format!("cfp_inbox_sign_in={token}");
    let body = format!("csrf={token}&name=Bench&token=bench&next=%2Fadmin%2F");
    let signed = send(authority, "POST", "/admin/sign-in", &cookie, Some(body)).await?;
    signed
        .set_cookie
        .iter()
        .find_map(|c| c.strip_prefix("cfp_inbox="))
        .and_then(|rest| rest.split(';').next())
        .filter(|v| !v.is_empty())
        .map(|session| format!("cfp_inbox={session}"))
        .with_context(|| format!("sign-in answered {} without a session", signed.status))
}

async fn send(
    authority: &str,
    method: &str,
    path: &str,
    cookie: &str,
    body: Option<String>,
) -> Result<Fetched> {
    let started = Instant::now();
    let stream = tokio::net::TcpStream::connect(authority)
        .await
        .with_context(|| format!("connecting to {authority}"))?;
    stream.set_nodelay(true)?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("host", authority);
    if !cookie.is_empty() {
        request = request.header("cookie", cookie);
    }
    if body.is_some() {
        request = request.header("content-type", "application/x-www-form-urlencoded");
    }
    let request = request.body(Full::new(Bytes::from(body.unwrap_or_default())))?;
    let response = sender.send_request(request).await?;
    let ttfb = started.elapsed();
    let status = response.status().as_u16();
    let set_cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let body = response.into_body().collect().await?.to_bytes().to_vec();
    Ok(Fetched {
        status,
        ttfb,
        set_cookie,
        body,
    })
}

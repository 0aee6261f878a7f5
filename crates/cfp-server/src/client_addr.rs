//! The client's address: who a request is from, for the rate limiter and the log.
//!
//! Without `--trusted-proxy` it is the connection's peer. Behind a reverse proxy (nginx,
//! a load balancer) the peer is the proxy, so every speaker would share one rate-limit
//! bucket; the proxy says who its client was in `X-Forwarded-For` or `Forwarded`
//! (RFC 7239). That header is believed only from a peer inside a trusted CIDR block,
//! never from anyone else, so nobody can spoof an address past the limiter.
//!
//! Exactly one of the two headers is read, the one the operator names
//! (`--proxy-header`, `ProxyHeader`: `X-Forwarded-For` by default); the other is ignored
//! however it is set. A proxy writes one of them and passes the other on from the client
//! untouched, so reading whichever is present would let a client pick its own address.
//!
//! The rule, when the peer is trusted:
//!
//! - The hops are the `X-Forwarded-For` entries, or the `Forwarded` header's `for=`
//!   values, as `ProxyHeader` says; every header of that name, joined in order. Empty
//!   list elements are skipped (RFC 9110's list rule). A port is dropped
//!   (`"[2001:db8::1]:4711"`, `192.0.2.7:80`); an IPv4-mapped IPv6 address is its IPv4
//!   address.
//! - Walk from the right, starting at the peer. The client is the first address that is
//!   not trusted.
//! - The walk also stops at a hop that is not an address (`unknown`, an obfuscated
//!   `_name`, a `Forwarded` element without `for=`, text that does not parse): nothing
//!   left of it can be vouched for. Then, and when every hop is trusted, the client is
//!   the last address the walk reached: the hop right of the bad one, or the leftmost
//!   entry when all are trusted, or the peer when there are no usable hops at all.
//!
//! `resolve` runs once per request, as the outermost layer that reads requests
//! (`app.rs`), and stores a `ClientAddr` in the request's extensions; the limiter
//! (`ClientAddrKey`) and the request span of the log (`client=`) read that one value.
//! **Invariant: the limiter and the logs use one client address, resolved once.**

use crate::error::ApiError;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::FORWARDED;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// The one header that names the client (`--proxy-header`); the other is never read.
/// In the settings file it is written as on the command line (`"x-forwarded-for"`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ProxyHeader {
    /// `X-Forwarded-For`, as nginx's `$proxy_add_x_forwarded_for` and Caddy's
    /// `reverse_proxy` write it.
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239), its `for=` values.
    Forwarded,
}

impl ProxyHeader {
    pub fn name(self) -> &'static str {
        match self {
            ProxyHeader::XForwardedFor => "X-Forwarded-For",
            ProxyHeader::Forwarded => "Forwarded",
        }
    }
}

/// The proxies whose forwarding header is believed (`--trusted-proxy`), and which
/// header that is (`--proxy-header`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ProxyHeader,
}

impl TrustedProxies {
    pub fn new(nets: impl IntoIterator<Item = IpNet>, header: ProxyHeader) -> Self {
        TrustedProxies {
            nets: nets.into_iter().collect(),
            header,
        }
    }

    pub fn header(&self) -> ProxyHeader {
        self.header
    }

    pub fn is_empty(&self) -> bool {
        self.nets.is_empty()
    }

    pub fn nets(&self) -> &[IpNet] {
        &self.nets
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.nets.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request from `peer` with `headers` (the rule above).
    pub fn resolve(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.contains(peer) {
            return peer;
        }
        let hops = match self.header {
            ProxyHeader::XForwardedFor => x_forwarded_for_hops(headers),
            ProxyHeader::Forwarded => forwarded_hops(headers),
        };
        let mut client = peer;
        for hop in hops.into_iter().rev() {
            let Some(ip) = hop else { break };
            client = ip.to_canonical();
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

impl TrustedProxies {
    /// How the request reached the proxy next to us, as that proxy says (the last
    /// `X-Forwarded-Proto`, or the last `Forwarded` element's `proto=`, by the
    /// `--proxy-header`); a peer that is no trusted proxy is the client itself, over http
    /// (cfp-server speaks no TLS).
    pub fn scheme(&self, peer: IpAddr, headers: &HeaderMap) -> RequestScheme {
        if !self.contains(peer.to_canonical()) {
            return RequestScheme::Http;
        }
        let proto = match self.header {
            ProxyHeader::XForwardedFor => headers
                .get_all(X_FORWARDED_PROTO)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_owned())
                .rfind(|v| !v.is_empty()),
            ProxyHeader::Forwarded => headers
                .get_all(FORWARDED)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .filter_map(|text| split_outside_quotes(text, ','))
                .flatten()
                .rfind(|element| !element.trim().is_empty())
                .and_then(|element| {
                    split_outside_quotes(element, ';')?
                        .into_iter()
                        .filter_map(|pair| {
                            let (name, value) = pair.trim().split_once('=')?;
                            name.trim()
                                .eq_ignore_ascii_case("proto")
                                .then(|| forwarded_value(value.trim()))
                                .flatten()
                        })
                        .next_back()
                }),
        };
        match proto {
            Some(p) if p.eq_ignore_ascii_case("https") => RequestScheme::Https,
            _ => RequestScheme::Http,
        }
    }
}

/// Whether the client's request came over https (to a trusted proxy in front) or http:
/// what makes the inbox's cookie `Secure`. Stored by `resolve` beside `ClientAddr`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RequestScheme {
    #[default]
    Http,
    Https,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestScheme {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestScheme>()
            .copied()
            .unwrap_or_default())
    }
}

/// A `--trusted-proxy` value: a CIDR block (`10.0.0.0/8`, `fd00::/8`) or one address
/// (`127.0.0.1`, `::1`), surrounding spaces ignored.
pub fn parse_trusted_proxy(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| {
            format!(
                "{text:?} is not a CIDR block or an address (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)"
            )
        })
}

/// Each `X-Forwarded-For` entry, left to right over every such header: its address, or
/// `None` for one that is not an address.
fn x_forwarded_for_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all(&X_FORWARDED_FOR) {
        let Ok(text) = value.to_str() else {
            hops.push(None);
            continue;
        };
        hops.extend(
            text.split(',')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(node_address),
        );
    }
    hops
}

/// Each `Forwarded` element's `for=` address, left to right over every such header;
/// `None` for an element without one (or with two), or one that does not parse.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all(FORWARDED) {
        let Ok(text) = value.to_str() else {
            hops.push(None);
            continue;
        };
        match split_outside_quotes(text, ',') {
            Some(elements) => hops.extend(
                elements
                    .into_iter()
                    .filter(|element| !element.trim().is_empty())
                    .map(forwarded_for),
            ),
            // An unclosed quote: none of it can be read.
            None => hops.push(None),
        }
    }
    hops
}

/// The address of one `Forwarded` element's `for=` pair (`for=192.0.2.60;proto=http`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    let mut found = None;
    for pair in split_outside_quotes(element, ';')? {
        let pair = pair.trim();
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("for") {
            if found.is_some() {
                return None;
            }
            found = Some(forwarded_value(value.trim())?);
        }
    }
    node_address(&found?)
}

/// A pair's value: a token, or a quoted-string with its escapes undone.
fn forwarded_value(value: &str) -> Option<String> {
    let Some(quoted) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let mut out = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push(chars.next()?),
            // The closing quote must end the value.
            '"' => return chars.next().is_none().then_some(out),
            c => out.push(c),
        }
    }
    None
}

/// `text` split at each `separator` outside a quoted-string; `None` if a quote is left
/// open.
fn split_outside_quotes(text: &str, separator: char) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    if quoted {
        return None;
    }
    parts.push(&text[start..]);
    Some(parts)
}

/// A hop's address with its port dropped: `192.0.2.7`, `192.0.2.7:80`, `2001:db8::1`,
/// `[2001:db8::1]`, `[2001:db8::1]:4711`. Anything else is not an address.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    node.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// The client's address, as `resolve` found it for this request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .ok_or_else(|| {
                ApiError::internal("no client address: `client_addr::resolve` did not run")
            })
    }
}

/// The rate limiter's key: the request's `ClientAddr`. A request without one (no peer
/// address: a test calling the router without `ConnectInfo`) cannot be limited and is
/// refused, as tower_governor's own peer-address key refuses it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientAddrKey;

impl KeyExtractor for ClientAddrKey {
    type Key = IpAddr;

    fn extract<T>(&self, request: &axum::http::Request<T>) -> Result<IpAddr, GovernorError> {
        request
            .extensions()
            .get::<ClientAddr>()
            .map(|client| client.0)
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// Middleware: the client's address from the peer (`ConnectInfo`) and the headers,
/// stored in the request's extensions for everything after it.
pub async fn resolve(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .copied()
    {
        let client = trusted.resolve(peer.ip(), request.headers());
        let scheme = trusted.scheme(peer.ip(), request.headers());
        request.extensions_mut().insert(ClientAddr(client));
        request.extensions_mut().insert(scheme);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn https_is_believed_from_a_trusted_proxy_only() {
        let proxies =
            TrustedProxies::new(["10.0.0.0/8".parse().unwrap()], ProxyHeader::XForwardedFor);
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("http, https"));
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(proxies.scheme(proxy, &headers), RequestScheme::Https);
        assert_eq!(proxies.scheme(stranger, &headers), RequestScheme::Http);
        assert_eq!(
            proxies.scheme(proxy, &HeaderMap::new()),
            RequestScheme::Http
        );
        let forwarded =
            TrustedProxies::new(["10.0.0.0/8".parse().unwrap()], ProxyHeader::Forwarded);
        assert_eq!(
            forwarded.scheme(proxy, &headers),
            RequestScheme::Http,
            "the other header is never read"
        );
        headers.insert(
            FORWARDED,
            HeaderValue::from_static("for=192.0.2.60;proto=http, for=10.0.0.9;proto=\"HTTPS\""),
        );
        assert_eq!(forwarded.scheme(proxy, &headers), RequestScheme::Https);
    }

    /// Trusting `nets`, reading the default header (`X-Forwarded-For`).
    fn trusted(nets: &[&str]) -> TrustedProxies {
        reading(ProxyHeader::default(), nets)
    }

    fn reading(header: ProxyHeader, nets: &[&str]) -> TrustedProxies {
        TrustedProxies::new(nets.iter().map(|n| parse_trusted_proxy(n).unwrap()), header)
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// Headers in order, each name as often as it is given.
    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    fn xff(value: &str) -> HeaderMap {
        headers(&[("x-forwarded-for", value)])
    }

    fn fwd(value: &str) -> HeaderMap {
        headers(&[("forwarded", value)])
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.resolve(ip("127.0.0.1"), &xff("203.0.113.9")),
            ip("127.0.0.1")
        );
        // A spoofed header from a peer outside the trusted blocks is ignored.
        let spoofed = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=198.51.100.1"),
        ]);
        for header in [ProxyHeader::XForwardedFor, ProxyHeader::Forwarded] {
            let proxies = reading(header, &["10.0.0.0/8"]);
            assert_eq!(
                proxies.resolve(ip("192.0.2.50"), &spoofed),
                ip("192.0.2.50"),
                "{header:?}"
            );
        }
    }

    #[test]
    fn only_the_chosen_header_is_read() {
        let peer = ip("127.0.0.1");
        let both = headers(&[
            ("forwarded", "for=192.0.2.60"),
            ("x-forwarded-for", "198.51.100.200"),
            ("forwarded", "for=192.0.2.61"),
        ]);
        // The default, X-Forwarded-For: a Forwarded header, even alone, is ignored.
        let xff_proxies = trusted(&["127.0.0.1/32"]);
        assert_eq!(xff_proxies.header(), ProxyHeader::XForwardedFor);
        assert_eq!(xff_proxies.resolve(peer, &fwd("for=192.0.2.60")), peer);
        assert_eq!(xff_proxies.resolve(peer, &both), ip("198.51.100.200"));
        // --proxy-header forwarded: an X-Forwarded-For, even alone, is ignored.
        let fwd_proxies = reading(ProxyHeader::Forwarded, &["127.0.0.1/32"]);
        assert_eq!(fwd_proxies.resolve(peer, &xff("203.0.113.9")), peer);
        assert_eq!(fwd_proxies.resolve(peer, &both), ip("192.0.2.61"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = trusted(&["10.0.0.0/8", "127.0.0.1"]);
        let peer = ip("127.0.0.1");
        assert_eq!(
            proxies.resolve(peer, &xff("203.0.113.9")),
            ip("203.0.113.9")
        );
        // A chain of proxies: the client's own claim (left) is passed over.
        let chain = xff("198.51.100.1, 203.0.113.9, 10.1.2.3, 10.0.0.7");
        assert_eq!(proxies.resolve(peer, &chain), ip("203.0.113.9"));
        // Several headers are one list, in order.
        let split = headers(&[
            ("x-forwarded-for", "198.51.100.1, 203.0.113.9"),
            ("x-forwarded-for", "10.1.2.3"),
        ]);
        assert_eq!(proxies.resolve(peer, &split), ip("203.0.113.9"));
        // A trusted peer that says nothing: the peer.
        assert_eq!(proxies.resolve(peer, &HeaderMap::new()), peer);
    }

    #[test]
    fn when_every_hop_is_trusted_the_leftmost_is_the_client() {
        let proxies = trusted(&["10.0.0.0/8", "127.0.0.0/8"]);
        assert_eq!(
            proxies.resolve(ip("127.0.0.1"), &xff("10.9.9.9, 10.0.0.7")),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn ipv6_ports_and_mapped_addresses() {
        let proxies = trusted(&["fd00::/8", "::1/128", "127.0.0.1/32"]);
        assert_eq!(
            proxies.resolve(ip("::1"), &xff("2001:db8::7, fd00::1")),
            ip("2001:db8::7")
        );
        assert_eq!(
            proxies.resolve(ip("::1"), &xff("[2001:db8::7]:4711")),
            ip("2001:db8::7")
        );
        assert_eq!(
            proxies.resolve(ip("::1"), &xff("[2001:db8::8]")),
            ip("2001:db8::8")
        );
        assert_eq!(
            proxies.resolve(ip("::1"), &xff("192.0.2.7:8080")),
            ip("192.0.2.7")
        );
        // A listener on [::] sees IPv4 peers as ::ffff:a.b.c.d: still trusted, and a
        // mapped client is its IPv4 address (one bucket, one form in the log).
        assert_eq!(
            proxies.resolve(ip("::ffff:127.0.0.1"), &xff("::ffff:192.0.2.7")),
            ip("192.0.2.7")
        );
        assert_eq!(
            TrustedProxies::default().resolve(ip("::ffff:192.0.2.9"), &HeaderMap::new()),
            ip("192.0.2.9")
        );
    }

    #[test]
    fn forwarded_for_in_its_quoted_forms() {
        let proxies = reading(ProxyHeader::Forwarded, &["127.0.0.1/32", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        assert_eq!(
            proxies.resolve(peer, &fwd("for=192.0.2.60;proto=http;by=203.0.113.43")),
            ip("192.0.2.60")
        );
        assert_eq!(
            proxies.resolve(peer, &fwd(r#"for="[2001:db8:cafe::17]:4711""#)),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(
            proxies.resolve(peer, &fwd(r#"For="[2001:db8:cafe::17]", for=10.0.0.2"#)),
            ip("2001:db8:cafe::17")
        );
        assert_eq!(
            proxies.resolve(peer, &fwd(r#"for="192.0.2.43:47011""#)),
            ip("192.0.2.43")
        );
        // Quoted commas and semicolons do not split; escapes are undone.
        assert_eq!(
            proxies.resolve(
                peer,
                &fwd(r#"for="\[2001:db8::9\]", for=10.0.0.4;host="a,b;c";proto=https"#)
            ),
            ip("2001:db8::9")
        );
        // Several headers, and an empty element between commas.
        let split = headers(&[
            ("forwarded", "for=198.51.100.1, for=203.0.113.9,"),
            ("forwarded", "for=10.0.0.3;proto=https"),
        ]);
        assert_eq!(proxies.resolve(peer, &split), ip("203.0.113.9"));
    }

    #[test]
    fn a_hop_that_is_not_an_address_is_the_boundary() {
        let proxies = trusted(&["127.0.0.1/32", "10.0.0.0/8"]);
        let fwd_proxies = reading(ProxyHeader::Forwarded, &["127.0.0.1/32", "10.0.0.0/8"]);
        let peer = ip("127.0.0.1");
        // Right of the bad hop an untrusted address was found first: it is the client.
        assert_eq!(
            proxies.resolve(peer, &xff("garbage, 203.0.113.9")),
            ip("203.0.113.9")
        );
        // Only trusted hops right of it: the nearest of them, never the claim beyond.
        assert_eq!(
            proxies.resolve(peer, &xff("198.51.100.1, not-an-ip, 10.0.0.2")),
            ip("10.0.0.2")
        );
        // The rightmost hop is bad: the peer.
        for bad in [
            "198.51.100.1, unknown",
            "198.51.100.1, 1.2.3",
            "198.51.100.1, 999.1.1.1",
            "198.51.100.1, \"198.51.100.2\"",
            "198.51.100.1, 2001:db8::1:80]",
            "198.51.100.1, [2001:db8::1]:port",
        ] {
            assert_eq!(proxies.resolve(peer, &xff(bad)), peer, "{bad}");
        }
        for bad in [
            "for=198.51.100.1, for=unknown",
            "for=198.51.100.1, for=_hidden",
            "for=198.51.100.1, proto=https",
            "for=198.51.100.1, for=198.51.100.2;for=198.51.100.3",
            "for=198.51.100.1, for=\"[2001:db8::1]",
            "for=198.51.100.1, for=\"[2001:db8::1]\"x",
            "for=198.51.100.1, for=[2001:db8::1]:80]",
            "for=198.51.100.1, garbage",
            "for=198.51.100.1, for=\"_x\"",
        ] {
            assert_eq!(fwd_proxies.resolve(peer, &fwd(bad)), peer, "{bad}");
        }
        assert_eq!(
            fwd_proxies.resolve(peer, &fwd("for=198.51.100.1, for=unknown, for=10.0.0.2")),
            ip("10.0.0.2")
        );
        // A header value that is not visible ASCII counts as one bad hop.
        let mut opaque = xff("198.51.100.1");
        opaque.append(
            X_FORWARDED_FOR.clone(),
            HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(proxies.resolve(peer, &opaque), peer);
    }

    #[test]
    fn trusted_proxy_values_are_blocks_or_single_addresses() {
        let nets = |text: &str| parse_trusted_proxy(text).map(|n| n.to_string());
        assert_eq!(nets("10.0.0.0/8"), Ok("10.0.0.0/8".into()));
        assert_eq!(nets(" 127.0.0.1 "), Ok("127.0.0.1/32".into()));
        assert_eq!(nets("::1"), Ok("::1/128".into()));
        assert_eq!(nets("10.1.2.3/8"), Ok("10.0.0.0/8".into()));
        for bad in ["", "10.0.0.0/33", "localhost", "10.0.0.0/8,"] {
            let error = parse_trusted_proxy(bad).unwrap_err();
            assert!(error.contains("not a CIDR block"), "{bad}: {error}");
        }
        let proxies = trusted(&["10.0.0.0/8"]);
        assert!(proxies.contains(ip("10.255.0.1")) && !proxies.contains(ip("11.0.0.1")));
        assert!(proxies.contains(ip("::ffff:10.0.0.1")));
    }
}

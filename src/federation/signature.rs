//! HTTP signatures: we sign with draft-cavage (what Mastodon verifies); we verify draft-cavage
//! and RFC 9421, with Mastodon's rules: required signed components, a matching digest, a date
//! within an hour.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, Method};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use http_signature_normalization::Config;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use sha2::{Digest, Sha256, Sha512};
use url::Url;

/// How far a signature's date may be from now, either way (Mastodon: one hour).
pub const CLOCK_SKEW: Duration = Duration::from_secs(60 * 60);

/// A private key ready to sign (parsed once; signing is constant-time, by ring).
pub struct SigningKey {
    pair: RsaKeyPair,
    rng: SystemRandom,
}

impl SigningKey {
    /// Reads a PKCS#8 PEM private key.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        let der = pem_body(pem)?;
        let pair =
            RsaKeyPair::from_pkcs8(&der).map_err(|e| format!("not an RSA PKCS#8 key: {e}"))?;
        Ok(SigningKey {
            pair,
            rng: SystemRandom::new(),
        })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256, base64-encoded.
    pub fn sign(&self, message: &[u8]) -> String {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, message, &mut signature)
            .expect("signing with a valid key does not fail");
        BASE64.encode(signature)
    }
}

fn pem_body(pem: &str) -> Result<Vec<u8>, String> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .map(str::trim)
        .collect();
    BASE64
        .decode(body)
        .map_err(|e| format!("not a PEM document: {e}"))
}

/// `SHA-256=<base64>`: the `Digest` header of a body.
pub fn digest_header(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// The headers of a signed POST of `body` to `url`: Host, Date, Digest, Content-Type and
/// Signature, signing `(request-target) host date digest content-type`.
pub fn sign_post(
    url: &Url,
    body: &[u8],
    key_id: &str,
    key: &SigningKey,
) -> Vec<(&'static str, String)> {
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let date = httpdate::fmt_http_date(SystemTime::now());
    let digest = digest_header(body);
    let content_type = super::protocol::ACTIVITY_JSON.to_owned();
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path = format!("{path}?{query}");
    }
    let headers = BTreeMap::from([
        ("host".to_owned(), host.clone()),
        ("date".to_owned(), date.clone()),
        ("digest".to_owned(), digest.clone()),
        ("content-type".to_owned(), content_type.clone()),
    ]);
    let signature = Config::new()
        .mastodon_compat()
        .begin_sign("POST", &path, headers)
        .expect("every required header is given")
        .sign(key_id.to_owned(), |s| {
            Ok::<_, std::convert::Infallible>(key.sign(s.as_bytes()))
        })
        .expect("infallible")
        .signature_header();
    vec![
        ("host", host),
        ("date", date),
        ("digest", digest),
        ("content-type", content_type),
        ("signature", signature),
    ]
}

/// Which signature scheme a request used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Cavage,
    Rfc9421,
}

impl Style {
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Cavage => "cavage",
            Style::Rfc9421 => "rfc9421",
        }
    }
}

/// A well-formed, fresh signature whose key is not checked yet.
#[derive(Debug, Clone)]
pub struct Claim {
    pub style: Style,
    pub key_id: String,
    signing_string: Vec<u8>,
    signature: Vec<u8>,
}

impl Claim {
    /// Checks the signature with the signer's public key (SPKI PEM).
    pub fn verify(&self, public_key_pem: &str) -> bool {
        super::public_keys::verify(public_key_pem, &self.signing_string, &self.signature)
    }
}

/// The request as seen by the verifier.
pub struct SignedRequest<'a> {
    pub method: &'a Method,
    /// Path and query, as received.
    pub path_and_query: &'a str,
    /// `https://host` as the sender addressed us (for RFC 9421 `@target-uri`).
    pub scheme: &'a str,
    pub headers: &'a HeaderMap,
    /// `None` for a GET.
    pub body: Option<&'a [u8]>,
}

/// Parses and checks a signature before any key is fetched: present, well-formed, covering
/// the required parts, fresh, and with a body digest that matches.
pub fn inspect(req: &SignedRequest<'_>) -> Result<Claim, String> {
    if req.headers.contains_key("signature-input") {
        inspect_rfc9421(req)
    } else if req.headers.contains_key("signature") {
        inspect_cavage(req)
    } else {
        Err("the request is not signed: a Signature header is required".into())
    }
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn check_time(t: SystemTime, what: &str) -> Result<(), String> {
    let now = SystemTime::now();
    if t + CLOCK_SKEW < now {
        return Err(format!("the signature's {what} is more than an hour old"));
    }
    if t > now + CLOCK_SKEW {
        return Err(format!(
            "the signature's {what} is more than an hour in the future"
        ));
    }
    Ok(())
}

fn inspect_cavage(req: &SignedRequest<'_>) -> Result<Claim, String> {
    let raw = header(req.headers, "signature").ok_or("the Signature header is not text")?;
    let field = |name: &str| {
        raw.split(',').find_map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            (k.trim() == name).then(|| v.trim().trim_matches('"').to_owned())
        })
    };
    let signed: Vec<String> = field("headers")
        .unwrap_or_else(|| "(created)".into())
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let has = |h: &str| signed.iter().any(|s| s == h);
    let mut missing: Vec<&str> = ["(request-target)", "host"]
        .into_iter()
        .filter(|h| !has(h))
        .collect();
    if req.body.is_some() && !has("digest") {
        missing.push("digest");
    }
    if !has("date") && !has("(created)") {
        missing.push("date");
    }
    if !missing.is_empty() {
        return Err(format!("the signature must cover {}", missing.join(", ")));
    }
    if let Some(algorithm) = field("algorithm")
        && !matches!(algorithm.as_str(), "rsa-sha256" | "hs2019")
    {
        return Err(format!("unsupported signature algorithm {algorithm:?}"));
    }
    if let Some(body) = req.body {
        let digest = header(req.headers, "digest").ok_or("the Digest header is missing")?;
        check_cavage_digest(digest, body)?;
    }
    if has("(created)") {
        let created = field("created")
            .and_then(|c| c.parse::<u64>().ok())
            .ok_or("the signature covers (created) but has no created time")?;
        check_time(
            SystemTime::UNIX_EPOCH + Duration::from_secs(created),
            "created time",
        )?;
    }
    if has("date") {
        let date = header(req.headers, "date").ok_or("the Date header is missing")?;
        let date = httpdate::parse_http_date(date)
            .map_err(|_| format!("the Date header {date:?} is not an HTTP date"))?;
        check_time(date, "date")?;
    }

    let headers: BTreeMap<String, String> = req
        .headers
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let unverified = Config::new()
        .set_expiration(CLOCK_SKEW)
        .begin_verify(req.method.as_str(), req.path_and_query, headers)
        .map_err(|e| format!("invalid signature: {e}"))?;
    let signature = BASE64
        .decode(unverified.signature())
        .map_err(|_| "the signature is not base64".to_owned())?;
    Ok(Claim {
        style: Style::Cavage,
        key_id: unverified.key_id().to_owned(),
        signing_string: unverified.signing_string().as_bytes().to_vec(),
        signature,
    })
}

fn check_cavage_digest(header: &str, body: &[u8]) -> Result<(), String> {
    for part in header.split(',') {
        let Some((algorithm, value)) = part.trim().split_once('=') else {
            continue;
        };
        let expected = match algorithm.to_ascii_uppercase().as_str() {
            "SHA-256" => BASE64.encode(Sha256::digest(body)),
            "SHA-512" => BASE64.encode(Sha512::digest(body)),
            _ => continue,
        };
        return if value == expected {
            Ok(())
        } else {
            Err("the Digest header does not match the body".into())
        };
    }
    Err("the Digest header has no SHA-256 or SHA-512 digest".into())
}

fn inspect_rfc9421(req: &SignedRequest<'_>) -> Result<Claim, String> {
    use sfv::{BareItem, Dictionary, FieldType, ListEntry, Parser};

    let input_raw = header(req.headers, "signature-input").ok_or("Signature-Input is not text")?;
    let signature_raw =
        header(req.headers, "signature").ok_or("the Signature header is missing")?;
    let inputs: Dictionary = Parser::new(input_raw)
        .parse::<Dictionary>()
        .map_err(|e| format!("Signature-Input is not a structured field: {e}"))?;
    let signatures: Dictionary = Parser::new(signature_raw)
        .parse::<Dictionary>()
        .map_err(|e| format!("Signature is not a structured field: {e}"))?;
    let (label, entry) = inputs.iter().next().ok_or("Signature-Input is empty")?;
    let ListEntry::InnerList(list) = entry else {
        return Err("Signature-Input must hold an inner list".into());
    };
    let signature = match signatures.get(label.as_str()) {
        Some(ListEntry::Item(item)) => match &item.bare_item {
            BareItem::ByteSequence(bytes) => bytes.clone(),
            _ => return Err("the signature must be a byte sequence".into()),
        },
        _ => return Err(format!("no signature labelled {label:?}")),
    };

    let param = |name: &str| list.params.get(name);
    let key_id = match param("keyid") {
        Some(BareItem::String(s)) => s.as_str().to_owned(),
        _ => return Err("the signature has no keyid".into()),
    };
    if let Some(alg) = param("alg") {
        let alg = match alg {
            BareItem::String(s) => s.as_str().to_owned(),
            _ => String::new(),
        };
        if alg != "rsa-v1_5-sha256" {
            return Err(format!("unsupported signature algorithm {alg:?}"));
        }
    }
    let created = match param("created") {
        Some(BareItem::Integer(t)) => i64::from(*t),
        _ => return Err("the signature must have a created time".into()),
    };
    check_time(
        SystemTime::UNIX_EPOCH + Duration::from_secs(created.max(0) as u64),
        "created time",
    )?;
    if let Some(BareItem::Integer(expires)) = param("expires")
        && i64::from(*expires) < chrono::Utc::now().timestamp()
    {
        return Err("the signature has expired".into());
    }

    let components: Vec<String> = list
        .items
        .iter()
        .map(|item| match &item.bare_item {
            BareItem::String(s) => Ok(s.as_str().to_owned()),
            _ => Err("signature components must be strings".to_owned()),
        })
        .collect::<Result<_, _>>()?;
    let has = |c: &str| components.iter().any(|x| x == c);
    if !has("@method") {
        return Err("the signature must cover @method".into());
    }
    let covers_target = has("@target-uri") || (has("@authority") && has("@path"));
    if !covers_target {
        return Err("the signature must cover @target-uri".into());
    }
    if req.body.is_some() && !has("content-digest") {
        return Err("the signature must cover content-digest".into());
    }
    if let Some(body) = req.body {
        let digest = header(req.headers, "content-digest").ok_or("Content-Digest is missing")?;
        check_content_digest(digest, body)?;
    }

    let host = header(req.headers, "host").unwrap_or_default().to_owned();
    let (path, query) = req
        .path_and_query
        .split_once('?')
        .map_or((req.path_and_query, None), |(p, q)| (p, Some(q)));
    let mut base = String::new();
    for component in &components {
        let value = match component.as_str() {
            "@method" => req.method.as_str().to_owned(),
            "@target-uri" => format!("{}://{host}{}", req.scheme, req.path_and_query),
            "@authority" => host.to_lowercase(),
            "@scheme" => req.scheme.to_owned(),
            "@path" => path.to_owned(),
            "@query" => format!("?{}", query.unwrap_or("")),
            "@request-target" => req.path_and_query.to_owned(),
            name if name.starts_with('@') => return Err(format!("unsupported component {name}")),
            name => {
                let values: Vec<&str> = req
                    .headers
                    .get_all(name)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .map(str::trim)
                    .collect();
                if values.is_empty() {
                    return Err(format!("the signed header {name} is missing"));
                }
                values.join(", ")
            }
        };
        base.push_str(&format!("\"{component}\": {value}\n"));
    }
    let params: sfv::List = vec![ListEntry::InnerList(list.clone())];
    let serialized = params
        .serialize()
        .ok_or("cannot serialise the signature parameters")?;
    base.push_str(&format!("\"@signature-params\": {serialized}"));

    Ok(Claim {
        style: Style::Rfc9421,
        key_id,
        signing_string: base.into_bytes(),
        signature,
    })
}

fn check_content_digest(header: &str, body: &[u8]) -> Result<(), String> {
    use sfv::{BareItem, Dictionary, ListEntry, Parser};
    let digests: Dictionary = Parser::new(header)
        .parse::<Dictionary>()
        .map_err(|_| "Content-Digest is not a structured field".to_owned())?;
    for (algorithm, entry) in &digests {
        let ListEntry::Item(item) = entry else {
            continue;
        };
        let BareItem::ByteSequence(value) = &item.bare_item else {
            continue;
        };
        let expected = match algorithm.as_str() {
            "sha-256" => Sha256::digest(body).to_vec(),
            "sha-512" => Sha512::digest(body).to_vec(),
            _ => continue,
        };
        return if *value == expected {
            Ok(())
        } else {
            Err("Content-Digest does not match the body".into())
        };
    }
    Err("Content-Digest has no sha-256 or sha-512 digest".into())
}

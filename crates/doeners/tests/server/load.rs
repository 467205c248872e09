//! Mixed traffic as people and other systems make it, sent open-loop at a fixed rate to one or more servers:
//! searches (API and portal pages), portal pages, API reads, API writes and logins, each tagged with the
//! province it concerns. Latency is measured from the moment a request was due, so a slow server is not
//! flattered by requests that waited to be sent.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::{Value, json};

/// One request of the mix.
#[derive(Debug, Clone)]
pub struct Step {
    pub kind: &'static str,
    /// The province whose data it needs, if one.
    pub province: Option<String>,
    pub method: &'static str,
    pub path: String,
    pub bearer: Option<String>,
    pub json: Option<Value>,
    pub form: Option<Vec<(String, String)>>,
    /// Sent as `X-Forwarded-For`, as a proxy in front would: each client its own address.
    pub client: Option<String>,
}

impl Step {
    fn get(kind: &'static str, province: Option<&str>, path: String) -> Self {
        Self {
            kind,
            province: province.map(str::to_string),
            method: "GET",
            path,
            bearer: None,
            json: None,
            form: None,
            client: None,
        }
    }
}

/// What one province offers the mix: an organisation to show and an offer to edit, with a token that may.
#[derive(Debug, Clone)]
pub struct ProvinceFixture {
    pub slug: String,
    pub organisation: String,
    pub offer: String,
    pub token: String,
    /// Accounts that sign in: (address, password).
    pub logins: Vec<(String, String)>,
}

const WORDS: &[&str] = &[
    "verpakken",
    "groenonderhoud",
    "kuisen",
    "catering",
    "assemblage",
    "fietsen%20herstellen",
    "drukwerk",
    "strijken",
];
const PLACES: &[&str] = &["", "&near=3500", "&near=9000", "&near=2000", "&near=3000"];

/// A cycle of 100 requests (25 API searches, 15 portal searches, 25 portal pages, 20 API reads, 7 Flanders-wide
/// pages and searches, 8 API writes) over the given provinces, and a login every `login_every` requests.
pub fn mix(provinces: &[ProvinceFixture]) -> Vec<Step> {
    let mut steps = Vec::new();
    for i in 0..100usize {
        let p = &provinces[i % provinces.len()];
        let slug = p.slug.as_str();
        let word = WORDS[i % WORDS.len()];
        let place = PLACES[i % PLACES.len()];
        let step = match i % 20 {
            0..=4 => Step::get(
                "api_search",
                None,
                format!("/api/v1/search?q={word}{place}&portal={slug}"),
            ),
            5..=7 => Step::get(
                "portal_search",
                Some(slug),
                format!("/{slug}/zoeken?q={word}{place}"),
            ),
            8 => Step::get("page", Some(slug), format!("/{slug}/")),
            9 => Step::get("page", Some(slug), format!("/{slug}/aanbod")),
            10..=12 => Step::get(
                "page",
                Some(slug),
                format!("/{slug}/organisaties/{}", p.organisation),
            ),
            13 | 14 => Step::get(
                "api_read",
                Some(slug),
                format!("/api/v1/tenants/{slug}/offers?per_page=20"),
            ),
            15 | 16 => Step::get(
                "api_read",
                Some(slug),
                format!("/api/v1/tenants/{slug}/organisations/{}", p.organisation),
            ),
            17 => match i % 40 {
                17 => Step::get("flanders", None, format!("/zoeken?q={word}{place}")),
                _ => Step::get("flanders", None, "/".to_string()),
            },
            _ => Step {
                kind: "api_write",
                province: Some(slug.to_string()),
                method: "PUT",
                path: format!(
                    "/api/v1/tenants/{slug}/organisations/{}/offers/{}",
                    p.organisation, p.offer
                ),
                bearer: Some(p.token.clone()),
                json: Some(json!({
                    "title": "Proefaanbod onder belasting",
                    "category": "handverpakking",
                    "execution_mode": "eigen-atelier",
                    "service_area": "vlaanderen",
                    "description": format!("Versie {i} van de beschrijving."),
                })),
                form: None,
                client: None,
            },
        };
        steps.push(step);
    }
    steps
}

/// Every account's login, each from a client address of its own, expected to answer 303.
pub fn logins(provinces: &[ProvinceFixture]) -> Vec<Step> {
    let mut steps = Vec::new();
    for p in provinces {
        for (email, password) in &p.logins {
            steps.push(Step {
                kind: "login",
                province: Some(p.slug.clone()),
                method: "POST",
                path: format!("/{}/aanmelden", p.slug),
                bearer: None,
                json: None,
                form: Some(vec![
                    ("email".to_string(), email.clone()),
                    ("password".to_string(), password.clone()),
                ]),
                client: Some(format!("198.51.100.{}", steps.len() + 1)),
            });
        }
    }
    steps
}

/// How one request went: status 0 is a request that got no answer.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub kind: &'static str,
    pub province: Option<String>,
    pub status: u16,
    pub latency: Duration,
    /// The answer's text (its first 4000 characters) when it was not a success.
    pub said: String,
    /// Seconds since the start of the run when it was due.
    pub at: f64,
}

/// Sends `steps` in turn (and `logins` in turn every `login_every` requests) to `bases` in turn, `rate` a
/// second for `duration`; returns every outcome.
pub async fn open_loop(
    bases: &[String],
    steps: Arc<Vec<Step>>,
    logins: Arc<Vec<Step>>,
    login_every: usize,
    rate: f64,
    duration: Duration,
) -> Vec<Outcome> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(64)
        .build()
        .expect("client");
    let started = Instant::now();
    let total = (rate * duration.as_secs_f64()) as usize;
    let mut tasks = Vec::with_capacity(total);
    for n in 0..total {
        let due = started + Duration::from_secs_f64(n as f64 / rate);
        tokio::time::sleep_until(due.into()).await;
        let step = if login_every > 0 && n % login_every == login_every - 1 && !logins.is_empty() {
            logins[(n / login_every) % logins.len()].clone()
        } else {
            steps[n % steps.len()].clone()
        };
        let base = bases[n % bases.len()].clone();
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let url = format!("{base}{}", step.path);
            let mut request = match step.method {
                "PUT" => client.put(&url),
                "POST" => client.post(&url),
                _ => client.get(&url),
            };
            if let Some(token) = &step.bearer {
                request = request.bearer_auth(token);
            }
            if let Some(body) = &step.json {
                request = request.json(body);
            }
            if let Some(form) = &step.form {
                request = request.form(form);
            }
            if let Some(client) = &step.client {
                request = request.header("x-forwarded-for", client);
            }
            let (status, said) = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let said = if status >= 400 {
                        response
                            .text()
                            .await
                            .unwrap_or_default()
                            .chars()
                            .take(4000)
                            .collect()
                    } else {
                        let _ = response.bytes().await;
                        String::new()
                    };
                    (status, said)
                }
                Err(e) => (0, e.to_string()),
            };
            Outcome {
                kind: step.kind,
                province: step.province,
                status,
                latency: due.elapsed(),
                said,
                at: (due - started).as_secs_f64(),
            }
        }));
    }
    let mut outcomes = Vec::with_capacity(total);
    for task in tasks {
        outcomes.push(task.await.expect("request task"));
    }
    outcomes
}

/// The `p`th percentile of the latencies, in milliseconds.
pub fn percentile_ms(outcomes: &[&Outcome], p: f64) -> f64 {
    let mut ms: Vec<f64> = outcomes
        .iter()
        .map(|o| o.latency.as_secs_f64() * 1000.0)
        .collect();
    if ms.is_empty() {
        return 0.0;
    }
    ms.sort_by(f64::total_cmp);
    ms[((ms.len() - 1) as f64 * p).round() as usize]
}

/// Whether an outcome is the answer its step should get from a healthy server.
pub fn healthy(o: &Outcome) -> bool {
    match o.kind {
        "login" => o.status == 303,
        _ => (200..300).contains(&o.status),
    }
}

/// The resident memory of process `pid`, in MiB.
pub fn rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// An API token for `email` on `slug`'s portal, made as a person makes one: sign in, open the account page,
/// ask for a key.
pub async fn api_token(base: &str, slug: &str, email: &str, password: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let login = client
        .post(format!("{base}/{slug}/aanmelden"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 303, "{email} signs in");
    let cookie = super::cookie_of(&login);
    let page = client
        .get(format!("{base}/{slug}/account"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("account")
        .text()
        .await
        .expect("body");
    let at = page.find("name=\"csrf\" value=\"").expect("csrf") + "name=\"csrf\" value=\"".len();
    let csrf = page[at..].split('"').next().expect("value").to_string();
    let made = client
        .post(format!("{base}/{slug}/account/api-sleutels"))
        .header("cookie", &cookie)
        .form(&[("csrf", csrf.as_str()), ("name", "belasting")])
        .send()
        .await
        .expect("token")
        .text()
        .await
        .expect("body");
    let at = made
        .find(&format!("dnr_{}_", slug.replace('-', "_")))
        .or_else(|| made.find("dnr_"))
        .expect("a token on the page");
    made[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

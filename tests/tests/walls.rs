//! Every route of the router, tried as every kind of caller: anonymous, each role of this province, callers of
//! another province and a Flanders administrator. Each route has a case saying what it is (public, one's own
//! account, or an action of `docs/authorization.md` on this province's objects); the answer must be what
//! `access::decide` says, private data must appear only in answers the caller is allowed to see, and no answer
//! but the stylesheet may be kept by a browser or proxy (`Cache-Control: no-store`). A route without a case
//! fails the test, so a new route cannot slip past it.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use axum::{
    body::Body,
    http::{Method, Request, header},
};
use doeners_domain::{
    OfferStatus, OrganisationId,
    access::{Action, Caller, Decision, Object, Role, decide},
};
use doeners_http::routes::{Route, Table};
use doeners_tests::{
    TestApp, on_both_backends,
    people::{Person, draft_organisation, flanders_admin, offer, person, published_organisation},
};

/// What a route is, for the authorization matrix.
#[derive(Debug, Clone, Copy)]
enum Case {
    /// Anyone; must never show private data.
    Public,
    /// One's own account in this province: only this province's session may use it.
    Own,
    /// Something of another account of this province (its API token): hidden from everyone else.
    SomeoneElses,
    /// A portal page doing `Action` to the organisation (or, for province actions, the province).
    Portal(Action),
    /// A write-API call with a bearer token.
    Api(Action),
    /// The Flanders console: only its own session counts.
    Console(Action),
    /// The console's front page: every province for a Flanders administrator, their own for a province
    /// administrator.
    ConsoleHome,
    /// The evaluation (console, exports, report), asked for Limburg (`?province=limburg`): any session.
    Evaluation,
    /// The API's list of one's own contact requests or questions: any token of this province.
    ApiOwnList,
    /// A contact request of the world (`TakePart` as its company or as its organisation), by API token.
    ApiRequest,
    /// A question of the world (`TakePart` as its company), by API token.
    ApiQuestion,
    /// The same request on the portal, by session.
    PortalRequest,
    /// Something only a member of an organisation of this province does, in this province's session.
    MemberHere,
    /// The same question on the portal, by session.
    PortalQuestion,
    /// A public file asked for by an id that names nothing: hidden from everyone alike.
    NoSuchThing,
    /// What a company keeps on its own account (saved organisations and searches): only a company, in this
    /// province's session.
    CompanyHere,
}

fn case(route: &Route) -> Option<Case> {
    use Action::*;
    use Case::*;
    let m = &route.method;
    let get = *m == Method::GET;
    let api_org = "/api/v1/tenants/{tenant}/organisations/{slug}";
    Some(match route.path.as_str() {
        "/api/v1/tenants/{tenant}/organisations" if !get => Api(ReviewRegistrations),
        "/healthz"
        | "/readyz"
        | "/metrics"
        | "/api/openapi.json"
        | "/api/docs"
        | "/api/v1/tenants"
        | "/api/v1/categories"
        | "/api/v1/tenants/{tenant}/organisations"
        | "/api/v1/tenants/{tenant}/offers"
        | "/api/v1/search"
        | "/"
        | "/static/site.css"
        | "/zoeken"
        | "/{tenant}"
        | "/{tenant}/"
        | "/{tenant}/aanbod"
        | "/{tenant}/zoeken"
        | "/{tenant}/organisaties/{slug}"
        | "/{tenant}/registreren"
        | "/{tenant}/registreren/organisatie"
        | "/{tenant}/bevestigen"
        | "/{tenant}/aanmelden"
        | "/{tenant}/afmelden"
        | "/{tenant}/e-mailadres-bevestigen"
        | "/{tenant}/wachtwoord-vergeten"
        | "/{tenant}/wachtwoord-herstellen"
        | "/admin/aanmelden"
        | "/admin/afmelden"
        | "/cijfers"
        | "/cijfers.csv"
        | "/api/v1/stats" => Public,
        "/admin/evaluatie"
        | "/admin/evaluatie.csv"
        | "/admin/evaluatie.json"
        | "/admin/rapport" => Evaluation,
        p if p == api_org && get => Public,
        p if p == api_org => Api(EditOrganisation),
        "/api/v1/tenants/{tenant}/organisations/{slug}/publish"
        | "/api/v1/tenants/{tenant}/organisations/{slug}/withdraw" => Api(EditOrganisation),
        "/api/v1/tenants/{tenant}/organisations/{slug}/offers" if get => Api(ReadOrganisation),

        "/api/v1/tenants/{tenant}/organisations/{slug}/offers"
        | "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}"
        | "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/publish"
        | "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/withdraw" => {
            Api(EditOrganisation)
        }
        "/{tenant}/account"
        | "/{tenant}/account/wachtwoord"
        | "/{tenant}/account/e-mailadres"
        | "/{tenant}/account/bedrijf"
        | "/{tenant}/account/gegevens"
        | "/{tenant}/account/verwijderen"
        | "/{tenant}/account/api-sleutels" => Own,
        "/{tenant}/account/api-sleutels/{id}/intrekken" => SomeoneElses,
        "/{tenant}/account/bewaard"
        | "/{tenant}/account/bewaard/{id}/verwijderen"
        | "/{tenant}/account/zoekopdrachten"
        | "/{tenant}/account/zoekopdrachten/{id}/verwijderen" => CompanyHere,
        "/{tenant}/organisaties/{slug}/beheren"
        | "/{tenant}/organisaties/{slug}/beheren/concept"
        | "/{tenant}/organisaties/{slug}/aanbod/{id}"
            if get =>
        {
            Portal(ReadOrganisation)
        }
        "/{tenant}/organisaties/{slug}/beheren"
        | "/{tenant}/organisaties/{slug}/aanbod"
        | "/{tenant}/organisaties/{slug}/details"
        | "/{tenant}/organisaties/{slug}/fotos"
        | "/{tenant}/organisaties/{slug}/fotos/{id}/verwijderen"
        | "/{tenant}/organisaties/{slug}/aanbod/{id}" => Portal(EditOrganisation),
        // The matrix asks for a photo that does not exist: no one finds it.
        "/{tenant}/organisaties/{slug}/fotos/{id}" => NoSuchThing,
        "/{tenant}/beheer/aanvragen"
        | "/{tenant}/beheer/aanvragen/{account}"
        | "/{tenant}/beheer/organisaties" => Portal(ReviewRegistrations),
        "/{tenant}/beheer/logboek" => Portal(ReadAuditLog),
        "/admin" => ConsoleHome,
        "/admin/{tenant}/beheerders" | "/admin/{tenant}/beheerders/{account}" => {
            Console(ManageProvinceAdmins)
        }
        "/admin/{tenant}/logboek" => Console(ReadAuditLog),
        "/api/v1/tenants/{tenant}/contact-requests" | "/api/v1/tenants/{tenant}/questions"
            if get =>
        {
            ApiOwnList
        }
        "/api/v1/tenants/{tenant}/contact-requests" | "/api/v1/tenants/{tenant}/questions" => {
            Api(AskOrganisations)
        }
        p if p.starts_with("/api/v1/tenants/{tenant}/contact-requests/{id}") => ApiRequest,
        p if p.starts_with("/api/v1/tenants/{tenant}/questions/{id}") => ApiQuestion,
        "/{tenant}/account/meldingen" | "/{tenant}/aanvragen" | "/{tenant}/suggesties" => Own,
        "/{tenant}/vragen" if get => Own,
        "/{tenant}/contact" | "/{tenant}/vragen/nieuw" if get => Public,
        "/{tenant}/contact" | "/{tenant}/vragen" => Portal(AskOrganisations),
        "/{tenant}/beheer/samenwerking"
        | "/{tenant}/beheer/vragen/{id}"
        | "/{tenant}/beheer/goede-praktijken"
        | "/{tenant}/beheer" => Portal(ReviewRegistrations),
        "/goede-praktijken" | "/{tenant}/goede-praktijken" => Public,
        "/privacy"
        | "/cookies"
        | "/toegankelijkheid"
        | "/contactgegevens"
        | "/{tenant}/privacy"
        | "/{tenant}/cookies"
        | "/{tenant}/toegankelijkheid"
        | "/{tenant}/contactgegevens" => Public,
        "/{tenant}/suggesties/{province}/{id}/oppakken" => MemberHere,
        p if p.starts_with("/{tenant}/aanvragen/{id}") => PortalRequest,
        p if p.starts_with("/{tenant}/vragen/{id}") => PortalQuestion,
        "/{tenant}/meldingen/uitschrijven" => Public,
        _ => return None,
    })
}

/// Limburg's private data, and Antwerpen's: names no one outside may read.
const LIMBURG_PRIVATE: &[&str] = &[
    "Geheime aanvraagtekst Limburg",
    "Verborgen aanbod Limburg",
    "Geheime Werkplaats Limburg",
    "aanvrager@limburg.example",
];
const ANTWERPEN_PRIVATE: &[&str] = &["Verborgen aanbod Antwerpen", "Geheime Werkplaats Antwerpen"];

struct World {
    slug: String,
    organisation: OrganisationId,
    withdrawn: doeners_persistence::OwnOffer,
    applicant: Person,
    /// Limburg's administrator, whom the console manages.
    province_admin: doeners_domain::AccountId,
    /// An API token of a Limburg account that is none of the callers.
    bystanders_token: uuid::Uuid,
    /// (name, person, how `decide` sees them): every caller but the anonymous one.
    people: Vec<(&'static str, Person, Caller)>,
    /// A contact request from the company of P to O, and a question of that company.
    request: uuid::Uuid,
    question: uuid::Uuid,
    company: doeners_domain::AccountId,
}

fn caller(p: &Person, province: Option<&str>) -> Caller {
    Caller {
        account: p.account,
        role: p.role.clone(),
        province: province.map(|s| doeners_domain::TenantSlug::parse(s).expect("slug")),
    }
}

async fn world(app: &TestApp) -> World {
    let limburg = app.db("limburg");
    let antwerpen = app.db("antwerpen");
    let o = published_organisation(limburg, "Zichtbare Werkplaats", "3500").await;
    offer(limburg, o.id, "Zichtbaar aanbod", OfferStatus::Published).await;
    let withdrawn = offer(
        limburg,
        o.id,
        "Verborgen aanbod Limburg",
        OfferStatus::Withdrawn,
    )
    .await;
    let other = published_organisation(limburg, "Andere Werkplaats", "3600").await;
    let draft = draft_organisation(limburg, "Geheime Werkplaats Limburg", "3500").await;
    let oa = published_organisation(antwerpen, "Antwerpse Werkplaats", "2000").await;
    offer(
        antwerpen,
        oa.id,
        "Verborgen aanbod Antwerpen",
        OfferStatus::Withdrawn,
    )
    .await;
    draft_organisation(antwerpen, "Geheime Werkplaats Antwerpen", "2000").await;

    let applicant = person(
        limburg,
        "aanvrager@limburg.example",
        Role::Applicant(draft.id),
    )
    .await;
    let bystander = person(limburg, "derde@limburg.example", Role::Company).await;
    let bystanders_token = limburg
        .api_tokens_of(bystander.account)
        .await
        .expect("tokens")[0]
        .id;
    let federation = &**app.state.federation().database();
    let mut people = Vec::new();
    for (name, p, province) in [
        (
            "company of P",
            person(limburg, "bedrijf@limburg.example", Role::Company).await,
            Some("limburg"),
        ),
        (
            "member of O",
            person(limburg, "lid@limburg.example", Role::Member(o.id)).await,
            Some("limburg"),
        ),
        (
            "member of another organisation",
            person(limburg, "ander@limburg.example", Role::Member(other.id)).await,
            Some("limburg"),
        ),
        ("applicant", applicant.clone(), Some("limburg")),
        (
            "admin of P",
            person(limburg, "beheer@limburg.example", Role::ProvinceAdmin).await,
            Some("limburg"),
        ),
        (
            "company of Antwerpen",
            person(antwerpen, "bedrijf@antwerpen.example", Role::Company).await,
            Some("antwerpen"),
        ),
        (
            "member in Antwerpen of O's id",
            person(antwerpen, "lid@antwerpen.example", Role::Member(o.id)).await,
            Some("antwerpen"),
        ),
        (
            "admin of Antwerpen",
            person(antwerpen, "beheer@antwerpen.example", Role::ProvinceAdmin).await,
            Some("antwerpen"),
        ),
        (
            "Flanders admin",
            flanders_admin(federation, "vlaanderen@doeners.example").await,
            None,
        ),
    ] {
        let c = caller(&p, province);
        people.push((name, p, c));
    }
    let province_admin = people
        .iter()
        .find(|(n, _, _)| *n == "admin of P")
        .map(|(_, p, _)| p.account)
        .expect("admin");
    let (company_person, company) = people
        .iter()
        .find(|(n, _, _)| *n == "company of P")
        .map(|(_, p, c)| (p.clone(), c.clone()))
        .expect("company");
    let limburg_tenant = app
        .state
        .tenants()
        .iter()
        .find(|t| t.slug() == "limburg")
        .expect("limburg");
    let sent = doeners_app::collaboration::contact_requests::send(
        limburg_tenant,
        app.state.tenants(),
        app.state.search(),
        app.state.services(),
        Some(&company),
        &doeners_app::collaboration::contact_requests::NewRequest {
            organisation: format!("limburg/{}", o.slug),
            message: "Geheime aanvraagtekst Limburg".to_string(),
            ..Default::default()
        },
    )
    .await
    .expect("sent");
    let doeners_app::collaboration::contact_requests::Sent::Thread(request) = sent else {
        panic!("the request was refused: {sent:?}");
    };
    let fields = [
        ("kind", "suggestion"),
        ("title", "Herstel van paletten"),
        (
            "description",
            "Geheime aanvraagtekst Limburg: paletten herstellen.",
        ),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let posted = doeners_app::collaboration::questions::post(
        limburg_tenant,
        app.state.tenants(),
        app.state.search(),
        app.state.services(),
        Some(&company),
        &fields,
    )
    .await
    .expect("posted");
    let doeners_app::collaboration::questions::Posted::Thread(question) = posted else {
        panic!("the suggestion was refused: {posted:?}");
    };
    World {
        request: request.exchange.id,
        question: question.exchange.id,
        company: company_person.account,
        province_admin,
        slug: o.slug.to_string(),
        organisation: o.id,
        withdrawn,
        applicant,
        bystanders_token,
        people,
    }
}

fn classify(status: u16, location: &str) -> Decision {
    match status {
        401 => Decision::SignIn,
        303 | 307 if location.ends_with("/aanmelden") => Decision::SignIn,
        403 => Decision::Forbidden,
        404 => Decision::Hidden,
        _ => Decision::Allow,
    }
}

/// Runs every route as every caller; returns what went wrong, one line each.
async fn check(app: &TestApp, routes: &[Route], w: &World) -> Vec<String> {
    let limburg = app.db("limburg");
    let mut failures = Vec::new();
    let object = Object {
        province: Some(doeners_domain::TenantSlug::parse("limburg").expect("slug")),
        organisation: Some(w.organisation),
        account: None,
    };
    let callers: Vec<Option<&(&str, Person, Caller)>> = std::iter::once(None)
        .chain(w.people.iter().map(Some))
        .collect();
    for route in routes {
        let Some(case) = case(route) else {
            failures.push(format!(
                "{} {}: no case in the authorization test",
                route.method, route.path
            ));
            continue;
        };
        let path = route
            .path
            .replace("{tenant}", "limburg")
            .replace("{province}", "limburg")
            .replace("{slug}", &w.slug)
            .replace(
                "{account}",
                &if route.path.starts_with("/admin/") {
                    w.province_admin.to_string()
                } else {
                    w.applicant.account.to_string()
                },
            )
            .replace(
                "{id}",
                &if route.path.contains("api-sleutels") {
                    w.bystanders_token.to_string()
                } else if route.path.contains("contact-requests")
                    || route.path.contains("/aanvragen/{id}")
                {
                    w.request.to_string()
                } else if route.path.contains("questions")
                    || route.path.contains("vragen/{id}")
                    || route.path.contains("suggesties")
                {
                    w.question.to_string()
                } else {
                    w.withdrawn.offer.id.to_string()
                },
            );
        let path = if matches!(case, Case::Evaluation) {
            format!("{path}?province=limburg")
        } else {
            path
        };
        for who in &callers {
            let name = who.map_or("anonymous", |(n, _, _)| n);
            let mut request = Request::builder()
                .method(route.method.clone())
                .uri(&path)
                .header("sec-fetch-site", "same-origin");
            if let Some((_, p, _)) = who {
                request = request.header(header::COOKIE, &p.cookie);
                if let Some(token) = &p.token {
                    request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
                }
            }
            let body = if route.path.starts_with("/api/") {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from("{}")
            } else {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                // Logging out with a wrong token refuses, so no one's session ends mid-test.
                let csrf = match (who, route.path.ends_with("afmelden")) {
                    (Some((_, p, _)), false) => p.csrf.clone(),
                    _ => String::new(),
                };
                Body::from(format!("csrf={csrf}"))
            };
            let (status, headers, text) = app.send(request.body(body).expect("request")).await;
            // A caller allowed to withdraw O made it private: publish it again.
            limburg
                .set_organisation_status(
                    w.organisation,
                    doeners_domain::OrganisationStatus::Published,
                )
                .await
                .expect("publish");
            // A caller allowed to publish made the withdrawn offer public: withdraw it again.
            let draft = w.withdrawn.offer.draft.clone();
            let current = limburg
                .offer_of(w.organisation, w.withdrawn.offer.id)
                .await
                .expect("read")
                .expect("there");
            limburg
                .update_offer(w.organisation, &current, &draft, OfferStatus::Withdrawn)
                .await
                .expect("withdraw")
                .expect("same title");
            let location = headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let got = classify(status, location);
            let here = format!("{} {path} as {name}: {status}", route.method);
            if status >= 500 {
                failures.push(format!("{here}: server error"));
            }
            let c = who.map(|(_, _, c)| c);
            let expected = match case {
                Case::Public => None,
                Case::Own => Some(match who {
                    Some((_, p, _)) if p.cookie.starts_with("sessie-limburg=") => Decision::Allow,
                    _ => Decision::SignIn,
                }),
                Case::SomeoneElses => Some(match who {
                    Some((_, p, _)) if p.cookie.starts_with("sessie-limburg=") => Decision::Hidden,
                    _ => Decision::SignIn,
                }),
                Case::Portal(action) => Some(decide(c, action, &object)),
                Case::Api(action) => {
                    let with_token = who.and_then(|(_, p, c)| p.token.as_ref().map(|_| c));
                    Some(decide(with_token, action, &object))
                }
                Case::NoSuchThing => Some(Decision::Hidden),
                Case::CompanyHere => Some(match who {
                    Some((_, p, _)) if p.cookie.starts_with("sessie-limburg=") => {
                        if p.role == Role::Company {
                            Decision::Allow
                        } else {
                            Decision::Forbidden
                        }
                    }
                    _ => Decision::SignIn,
                }),
                Case::MemberHere => Some(match who {
                    Some((_, p, _)) if p.cookie.starts_with("sessie-limburg=") => {
                        if matches!(p.role, Role::Member(_)) {
                            Decision::Allow
                        } else {
                            Decision::Forbidden
                        }
                    }
                    _ => Decision::SignIn,
                }),
                Case::ApiOwnList => {
                    let with_token = who.and_then(|(_, p, c)| p.token.as_ref().map(|_| c));
                    Some(match with_token {
                        None => Decision::SignIn,
                        Some(c) if c.province == object.province => Decision::Allow,
                        Some(_) => Decision::Hidden,
                    })
                }
                Case::ApiRequest
                | Case::ApiQuestion
                | Case::PortalRequest
                | Case::PortalQuestion => {
                    let with_token = match case {
                        Case::ApiRequest | Case::ApiQuestion => {
                            who.and_then(|(_, p, c)| p.token.as_ref().map(|_| c))
                        }
                        _ => c,
                    };
                    let as_company = Object {
                        province: object.province.clone(),
                        organisation: None,
                        account: Some(w.company),
                    };
                    let company_side = decide(with_token, Action::TakePart, &as_company);
                    let organisation_side = decide(with_token, Action::TakePart, &object);
                    Some(match (case, company_side, organisation_side) {
                        (_, Decision::Allow, _) => Decision::Allow,
                        (Case::ApiRequest | Case::PortalRequest, _, Decision::Allow) => {
                            Decision::Allow
                        }
                        (_, refused, _) => refused,
                    })
                }
                Case::Console(action) => {
                    let object = if action == Action::ManageProvinceAdmins {
                        Object::default()
                    } else {
                        object.clone()
                    };
                    Some(decide(c, action, &object))
                }
                Case::Evaluation => Some(decide(c, Action::ReadEvaluation, &object)),
                Case::ConsoleHome => {
                    let everything = decide(c, Action::ManageProvinceAdmins, &Object::default());
                    let own = c
                        .filter(|c| c.role == Role::ProvinceAdmin)
                        .is_some_and(|c| {
                            let theirs = Object {
                                province: c.province.clone(),
                                ..Object::default()
                            };
                            decide(Some(c), Action::ReadAuditLog, &theirs) == Decision::Allow
                        });
                    Some(if own { Decision::Allow } else { everything })
                }
            };
            if let Some(expected) = expected
                && expected != got
            {
                failures.push(format!("{here}: expected {expected:?}, got {got:?}"));
            }
            // Private unless it is the same for everyone: only the stylesheet may be kept by a cache.
            let cache = headers
                .get(header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if route.path != "/static/site.css" && cache != "no-store" {
                failures.push(format!("{here}: Cache-Control '{cache}', not no-store"));
            }
            let allowed = matches!(case, Case::Own)
                || expected == Some(Decision::Allow) && got == Decision::Allow;
            for marker in ANTWERPEN_PRIVATE {
                if text.contains(marker) {
                    failures.push(format!("{here}: shows Antwerpen's '{marker}'"));
                }
            }
            if !allowed {
                for marker in LIMBURG_PRIVATE {
                    if text.contains(marker) {
                        failures.push(format!("{here}: shows private '{marker}'"));
                    }
                }
            }
        }
    }
    failures
}

on_both_backends!(
    every_route_answers_every_caller_as_the_matrix_says,
    |mut app: TestApp| async move {
        let w = world(&app).await;
        let routes = app.add_routes(Table::new());
        assert!(
            routes.len() > 50,
            "the table lists the routes: {}",
            routes.len()
        );
        let failures = check(&app, &routes, &w).await;
        eprintln!(
            "{} routes, each as {} callers",
            routes.len(),
            w.people.len() + 1
        );
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);

/// A handler that forgets to ask `decide`: it shows an organisation's offers, withdrawn ones too, to anyone.
async fn unprotected(
    axum::extract::State(state): axum::extract::State<doeners_http::AppState>,
    axum::extract::Path((tenant, slug)): axum::extract::Path<(String, String)>,
) -> String {
    let db = state
        .tenants()
        .iter()
        .find(|t| t.slug() == tenant)
        .expect("tenant")
        .database();
    let org = db
        .organisation_by_slug(&slug)
        .await
        .expect("read")
        .expect("there");
    let offers = db.offers_of(org.id).await.expect("read");
    offers
        .iter()
        .map(|o| o.offer.draft.title.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

on_both_backends!(
    an_unprotected_route_or_one_without_a_case_fails_the_check,
    |mut app: TestApp| async move {
        let w = world(&app).await;
        // Declared as a management page (it has a case), but the handler does not check.
        let routes = app.add_routes(
            Table::new()
                .get("/{tenant}/organisaties/{slug}/beheren/concept", unprotected)
                .get("/{tenant}/zonder-geval", || async { "niets" }),
        );
        let extra: Vec<Route> = routes
            .into_iter()
            .filter(|r| r.path.ends_with("/concept") || r.path.ends_with("/zonder-geval"))
            .collect();
        assert_eq!(extra.len(), 2);
        let failures = check(&app, &extra, &w).await;
        let text = failures.join("\n");
        assert!(
        text.contains("GET /limburg/organisaties/zichtbare-werkplaats/beheren/concept as anonymous: 200: expected SignIn, got Allow"),
        "{text}"
    );
        assert!(
            text.contains("as company of Antwerpen: 200: shows private 'Verborgen aanbod Limburg'"),
            "{text}"
        );
        assert!(
            text.contains("GET /{tenant}/zonder-geval: no case"),
            "{text}"
        );
    }
);

on_both_backends!(
    every_form_and_api_write_refuses_a_cross_site_request,
    |mut app: TestApp| async move {
        let w = world(&app).await;
        let routes = app.add_routes(Table::new());
        let (_, admin, _) = w
            .people
            .iter()
            .find(|(n, _, _)| *n == "admin of P")
            .expect("admin");
        let mut checked = 0;
        for route in routes.iter().filter(|r| r.method != Method::GET) {
            let path = route
                .path
                .replace("{tenant}", "limburg")
                .replace("{province}", "limburg")
                .replace("{slug}", &w.slug)
                .replace("{account}", &w.applicant.account.to_string())
                .replace("{id}", &w.withdrawn.offer.id.to_string());
            for (header_name, value) in [
                ("sec-fetch-site", "cross-site"),
                ("origin", "https://elders.example"),
            ] {
                let request = Request::builder()
                    .method(route.method.clone())
                    .uri(&path)
                    .header(header_name, value)
                    .header(header::COOKIE, &admin.cookie)
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(format!("csrf={}&decision=approve", admin.csrf)))
                    .expect("request");
                let (status, _, _) = app.send(request).await;
                assert_eq!(
                    status, 403,
                    "{} {path} with {header_name}: {value}",
                    route.method
                );
                checked += 1;
            }
        }
        assert!(checked >= 40, "{checked}");
        assert!(
            app.db("limburg")
                .applicants()
                .await
                .expect("read")
                .iter()
                .any(|a| a.account == w.applicant.account),
            "the forged approval did nothing"
        );
    }
);

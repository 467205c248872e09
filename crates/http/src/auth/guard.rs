//! Who is asking, and whether they may: the one place where a request's caller is resolved and where the
//! matrix of `doeners_domain::access::decide` becomes an answer.
//!
//! A portal request is signed in by the province's session cookie. A request that carries another province's
//! cookie, or the Flanders console's, is recognised as that caller (read from their own database) so that
//! the matrix can answer them 404 rather than ask them to sign in: a Limburg account learns nothing about
//! Antwerpen's drafts. An API request is signed in by a bearer token, which names the province it belongs to.

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::{Realm, records::ActiveSession};
use doeners_domain::{
    Organisation, OrganisationId, TenantSlug,
    access::{Action, Caller, Decision, Object, Role, decide},
};
use maud::html;

use crate::error::ErrorCode;
use crate::{
    AppState, Tenant,
    error::ApiError,
    extract::ResolvedTenant,
    html::{PortalTenant, layout},
    session,
};

/// A signed-in session of this province: the account, and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct HomeSession {
    pub active: ActiveSession,
}

/// A portal request: its province, and who is asking.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub tenant: Tenant,
    pub caller: Option<Caller>,
    /// Only for a session of this province: the one that may submit this portal's forms.
    pub home: Option<HomeSession>,
}

fn caller_of(active: &ActiveSession, province: Option<&TenantSlug>) -> Caller {
    Caller {
        account: active.account.id,
        role: active.account.role.clone(),
        province: if active.account.role == Role::FlandersAdmin {
            None
        } else {
            province.cloned()
        },
    }
}

/// The caller a session cookie of `realm` names, if any.
async fn session_in(
    state: &AppState,
    realm: Realm<'_>,
    headers: &HeaderMap,
) -> Result<Option<(String, ActiveSession)>, ApiError> {
    let Some(id) = session::id_from(headers, &session::cookie_name_for(state, realm.name())) else {
        return Ok(None);
    };
    Ok(
        doeners_app::sessions::active(realm, &id, &state.settings().session)
            .await?
            .map(|s| (id, s)),
    )
}

impl Visitor {
    pub async fn resolve(
        state: &AppState,
        tenant: Tenant,
        headers: &HeaderMap,
    ) -> Result<Self, ApiError> {
        if let Some((_, active)) = session_in(state, Realm::Province(&tenant), headers).await? {
            let caller = caller_of(&active, Some(&tenant.profile.slug));
            return Ok(Self {
                tenant,
                caller: Some(caller),
                home: Some(HomeSession { active }),
            });
        }
        let others = state
            .tenants()
            .iter()
            .filter(|t| t.profile.slug != tenant.profile.slug)
            .map(Realm::Province)
            .chain(std::iter::once(Realm::Federation(state.federation())));
        let caller = first_signed_in(state, others, headers)
            .await
            .map(|(_, caller)| caller);
        Ok(Self {
            tenant,
            caller,
            home: None,
        })
    }
}

/// The first of `realms` whose session cookie the request carries: its session and the caller it names. Only a
/// cookie that is present costs a query; an unreachable province is a stranger.
async fn first_signed_in<'a>(
    state: &AppState,
    realms: impl Iterator<Item = Realm<'a>>,
    headers: &HeaderMap,
) -> Option<(ActiveSession, Caller)> {
    for realm in realms {
        if let Ok(Some((_, active))) = session_in(state, realm, headers).await {
            let caller = caller_of(&active, realm.province());
            return Some((active, caller));
        }
    }
    None
}

/// Who asks on the console: a Flanders administrator by the console's session, or anyone signed in on a portal
/// (a province administrator sees their own province there), with the id of the console's session when it is
/// that one.
pub async fn console_caller(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<ConsoleCaller>, ApiError> {
    let federation = Realm::Federation(state.federation());
    if let Some((id, active)) = session_in(state, federation, headers).await? {
        let caller = caller_of(&active, None);
        return Ok(Some(ConsoleCaller {
            console_session: Some(id),
            active,
            caller,
        }));
    }
    let provinces = state.tenants().iter().map(Realm::Province);
    Ok(first_signed_in(state, provinces, headers)
        .await
        .map(|(active, caller)| ConsoleCaller {
            console_session: None,
            active,
            caller,
        }))
}

/// A caller of the console.
#[derive(Debug, Clone)]
pub struct ConsoleCaller {
    /// The console's own session id; `None` for someone signed in on a portal.
    pub console_session: Option<String>,
    pub active: ActiveSession,
    pub caller: Caller,
}

impl Visitor {
    pub fn slug(&self) -> &str {
        self.tenant.profile.slug.as_str()
    }

    /// An object of this province.
    pub fn here(&self) -> Object {
        Object {
            province: Some(self.tenant.profile.slug.clone()),
            ..Object::default()
        }
    }

    pub fn organisation(&self, id: OrganisationId) -> Object {
        Object {
            organisation: Some(id),
            ..self.here()
        }
    }

    /// The page for `decision` on this portal.
    pub fn refuse(&self, decision: Decision) -> Refusal {
        Refusal {
            decision,
            profile: Some(Box::new(self.tenant.profile.clone())),
        }
    }

    /// Allowed, or the page that says why not.
    pub fn allow(&self, action: Action, object: &Object) -> Result<(), Refusal> {
        match decide(self.caller.as_ref(), action, object) {
            Decision::Allow => Ok(()),
            other => Err(self.refuse(other)),
        }
    }

    /// The organisation the path names, if the visitor may do `action` to it.
    pub async fn find_organisation(
        &self,
        slug: &str,
        action: Action,
    ) -> Result<Organisation, crate::html::Failure> {
        organisation_for(&self.tenant, self.caller.as_ref(), slug, action)
            .await?
            .map_err(|d| self.refuse(d).into())
    }

    /// The session of this province, or the login page: for the pages about one's own account.
    pub fn signed_in(&self) -> Result<&HomeSession, Refusal> {
        self.home.as_ref().ok_or(self.refuse(Decision::SignIn))
    }

    /// A form posted in this province's session carries that session's token; anything else is refused.
    pub fn check_form(&self, fields: &crate::html::Fields) -> Result<(), Refusal> {
        match &self.home {
            Some(home) if session::form_belongs_to(&home.active, fields) => Ok(()),
            _ => Err(self.refuse(Decision::Forbidden)),
        }
    }
}

/// The organisation `slug` names in `tenant`, if `caller` may do `action` to it; otherwise the decision to
/// answer with. A stranger is refused before anything is read, and an unknown slug is answered exactly like
/// a hidden organisation, so that neither answer tells whether it exists.
async fn organisation_for(
    tenant: &Tenant,
    caller: Option<&Caller>,
    slug: &str,
    action: Action,
) -> Result<Result<Organisation, Decision>, ApiError> {
    let province = Some(tenant.profile.slug.clone());
    if caller.is_none() {
        let here = Object {
            province,
            ..Object::default()
        };
        return Ok(Err(decide(None, action, &here)));
    }
    let found = if doeners_domain::Slug::parse(slug).is_ok() {
        doeners_app::organisations::by_slug(tenant, slug).await?
    } else {
        None
    };
    let object = Object {
        province,
        organisation: Some(found.as_ref().map_or_else(OrganisationId::new, |o| o.id)),
        account: None,
    };
    Ok(match decide(caller, action, &object) {
        Decision::Allow => found.ok_or(Decision::Hidden),
        refused => Err(refused),
    })
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let PortalTenant(tenant) = PortalTenant::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Self::resolve(state, tenant, &parts.headers)
            .await
            .map_err(|e| crate::html::PageError(e).into_response())
    }
}

/// A refused portal request, as a page: the login page for strangers, 403 or 404 for the rest.
#[derive(Debug)]
pub struct Refusal {
    pub decision: Decision,
    /// The portal to answer on; none for the Flanders console.
    pub profile: Option<Box<doeners_domain::TenantProfile>>,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let profile = self.profile.as_deref();
        match self.decision {
            Decision::SignIn => match profile {
                Some(p) => Redirect::to(&format!("/{}/aanmelden", p.slug)).into_response(),
                None => Redirect::to("/admin/aanmelden").into_response(),
            },
            Decision::Forbidden => layout::answer(
                StatusCode::FORBIDDEN,
                "Geen toegang",
                profile,
                html! {
                    h1 { "Geen toegang" }
                    p { "U bent aangemeld, maar uw account mag dit niet doen. Een formulier dat te lang openstond, moet u opnieuw openen." }
                },
            ),
            Decision::Hidden | Decision::Allow => layout::answer(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                profile,
                html! {
                    h1 { "Niet gevonden" }
                    p { "Deze pagina bestaat niet." }
                },
            ),
        }
    }
}

/// An API request: its province, and the caller its bearer token names.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub tenant: Tenant,
    pub caller: Option<Caller>,
}

impl ApiCaller {
    pub fn allow(&self, action: Action, object: &Object) -> Result<(), ApiError> {
        match decide(self.caller.as_ref(), action, object) {
            Decision::Allow => Ok(()),
            refused => Err(api_refusal(refused)),
        }
    }

    /// The organisation the path names, if the token's account may do `action` to it.
    pub async fn find_organisation(
        &self,
        slug: &str,
        action: Action,
    ) -> Result<Organisation, ApiError> {
        organisation_for(&self.tenant, self.caller.as_ref(), slug, action)
            .await?
            .map_err(api_refusal)
    }
}

fn api_refusal(decision: Decision) -> ApiError {
    match decision {
        Decision::SignIn => ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Meld u aan met een API-sleutel: Authorization: Bearer <sleutel>.",
        ),
        Decision::Forbidden => ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "Deze API-sleutel mag dit niet.",
        ),
        Decision::Hidden | Decision::Allow => {
            ApiError::not_found(ErrorCode::NotFound, "Niet gevonden in deze provincie.")
        }
    }
}

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ResolvedTenant(tenant) = ResolvedTenant::from_request_parts(parts, state).await?;
        let Some(token) = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
        else {
            return Ok(Self {
                tenant,
                caller: None,
            });
        };
        let unknown = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::InvalidToken,
                "Deze API-sleutel is onbekend of ingetrokken.",
            )
        };
        // `dnr_<province>_<secret>`: the province whose database knows the token.
        let home = token
            .strip_prefix("dnr_")
            .and_then(|rest| rest.split_once('_'))
            .and_then(|(slug, _)| state.tenant(slug))
            .ok_or_else(unknown)?;
        let account = doeners_app::own_account::by_api_token(home, token)
            .await?
            .ok_or_else(unknown)?;
        let caller = Caller {
            account: account.id,
            role: account.role,
            province: Some(home.profile.slug.clone()),
        };
        Ok(Self {
            tenant,
            caller: Some(caller),
        })
    }
}

//! Who may do what to whose data: the authorization matrix of `docs/authorization.md`, decided here and
//! nowhere else. Handlers ask `decide` with the caller, the action and the object; a test reads the table in
//! the document and checks every cell against this function, so the two cannot drift apart.
//!
//! Another province's private objects are answered as if they did not exist (404), so that neither their data
//! nor their existence crosses the wall between provinces.

use crate::{AccountId, OrganisationId, TenantSlug};

/// What a signed-in person is on the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A company or public buyer of the regular economy.
    Company,
    /// A member of one social-economy organisation.
    Member(OrganisationId),
    /// Someone who registered or claimed an organisation and waits for the province's approval: until then
    /// they may do what a company may, nothing more.
    Applicant(OrganisationId),
    /// An administrator of one province.
    ProvinceAdmin,
    /// An administrator of the interprovincial console.
    FlandersAdmin,
}

impl Role {
    /// How the role is stored beside the account; a member's organisation is stored beside it.
    pub fn slug(&self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Member(_) => "member",
            Self::Applicant(_) => "applicant",
            Self::ProvinceAdmin => "province-admin",
            Self::FlandersAdmin => "flanders-admin",
        }
    }

    pub fn from_stored(slug: &str, organisation: Option<OrganisationId>) -> Option<Self> {
        match (slug, organisation) {
            ("company", _) => Some(Self::Company),
            ("member", Some(o)) => Some(Self::Member(o)),
            ("applicant", Some(o)) => Some(Self::Applicant(o)),
            ("province-admin", _) => Some(Self::ProvinceAdmin),
            ("flanders-admin", _) => Some(Self::FlandersAdmin),
            _ => None,
        }
    }

    pub fn organisation(&self) -> Option<OrganisationId> {
        match self {
            Self::Member(o) | Self::Applicant(o) => Some(*o),
            _ => None,
        }
    }
}

/// The signed-in caller: an account, its role, and its home province (none for Flanders administrators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: AccountId,
    pub role: Role,
    pub province: Option<TenantSlug>,
}

/// What the caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Search, and read published organisations and offers.
    ReadPublic,
    /// Read, change, export or delete one's own account, company profile and API tokens.
    ManageOwnAccount,
    /// Read an organisation's unpublished data: drafts, withdrawn offers, its members.
    ReadOrganisation,
    /// Edit an organisation and create, change, publish or withdraw its offers.
    EditOrganisation,
    /// Approve or refuse new organisations and membership claims.
    ReviewRegistrations,
    /// Read a province's audit log.
    ReadAuditLog,
    /// Read a province's evaluation figures in detail (anyone may read the published, suppressed ones).
    ReadEvaluation,
    /// Create, suspend and remove province administrators.
    ManageProvinceAdmins,
    /// Send a contact request or post a question or suggestion, as a company of the province.
    AskOrganisations,
    /// Read and write an exchange (a contact request, a question) as one of its parties: the company that
    /// asked (`object.account`) or a member of the organisation asked (`object.organisation`).
    TakePart,
}

/// What the action is done to: the province it belongs to (none for the federation's own objects), and
/// the organisation or account it concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Object {
    pub province: Option<TenantSlug>,
    pub organisation: Option<OrganisationId>,
    pub account: Option<AccountId>,
}

/// The answer, and the HTTP status it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in: 401 on the API, the login page on a portal.
    SignIn,
    /// Signed in and allowed to know the object, but not to do this: 403.
    Forbidden,
    /// Not allowed to know the object exists: 404.
    Hidden,
}

impl Decision {
    pub fn status(self) -> u16 {
        match self {
            Self::Allow => 200,
            Self::SignIn => 401,
            Self::Forbidden => 403,
            Self::Hidden => 404,
        }
    }
}

pub fn decide(caller: Option<&Caller>, action: Action, object: &Object) -> Decision {
    use Decision::{Allow, Forbidden, Hidden, SignIn};
    if action == Action::ReadPublic {
        return Allow;
    }
    let Some(caller) = caller else {
        return SignIn;
    };
    let flanders = caller.role == Role::FlandersAdmin;
    let same_province = object.province.is_some() && caller.province == object.province;
    let admin_here = caller.role == Role::ProvinceAdmin && same_province;
    let member_here =
        matches!(caller.role, Role::Member(o) if same_province && Some(o) == object.organisation);
    match action {
        Action::ReadPublic => Allow,
        Action::ManageOwnAccount => {
            if object.account == Some(caller.account) {
                Allow
            } else {
                Hidden
            }
        }
        Action::ReadOrganisation | Action::EditOrganisation => {
            let may_read = member_here || admin_here || flanders;
            let may_edit = member_here || admin_here;
            match (may_read, action == Action::EditOrganisation && !may_edit) {
                (false, _) => Hidden,
                (true, true) => Forbidden,
                (true, false) => Allow,
            }
        }
        Action::ReviewRegistrations | Action::ReadAuditLog | Action::ReadEvaluation => {
            let flanders_reads = flanders && action != Action::ReviewRegistrations;
            if admin_here || flanders_reads {
                Allow
            } else if same_province || flanders {
                Forbidden
            } else {
                Hidden
            }
        }
        Action::ManageProvinceAdmins => {
            if flanders {
                Allow
            } else {
                Forbidden
            }
        }
        Action::AskOrganisations => {
            let asks = matches!(caller.role, Role::Company | Role::Applicant(_));
            if asks && same_province {
                Allow
            } else {
                Forbidden
            }
        }
        Action::TakePart => {
            let company_here = same_province
                && object.account == Some(caller.account)
                && matches!(caller.role, Role::Company | Role::Applicant(_));
            if company_here || member_here {
                Allow
            } else {
                Hidden
            }
        }
    }
}

//! The doeners domain: pure types and rules, no I/O.
//!
//! Every value type here is parsed, never assumed: once you hold an `EnterpriseNumber`, a `PostalCode` or a
//! `ServiceArea`, it is valid, so the layers above never check again.

pub mod access;
pub mod company;
pub mod email;
pub mod enterprise_number;
pub mod error;
pub mod events;
pub mod exchange;
pub mod forms;
pub mod geography;
pub mod ids;
pub mod offer;
pub mod organisation;
pub mod organisation_details;
pub mod password;
pub mod question;
pub mod service_area;
pub mod slug;
pub mod taxonomy;
pub mod tenant;
pub mod text;

pub use company::{CompanyProfile, NaceSection, SizeClass};
pub use email::Email;
pub use enterprise_number::EnterpriseNumber;
pub use error::InvalidValue;
pub use events::{Message, PublicChange, Sender};
pub use geography::{GeoPoint, Municipality, PostalArea, PostalCode, ProvinceRef};
pub use ids::{AccountId, OfferId, OrganisationId};
pub use offer::{ExecutionMode, Offer, OfferDraft, OfferStatus};
pub use organisation::{
    Address, Organisation, OrganisationDraft, OrganisationKind, OrganisationStatus, Phone, Website,
};
pub use organisation_details::OrganisationDetails;
pub use password::Password;
pub use service_area::ServiceArea;
pub use slug::Slug;
pub use taxonomy::{Category, CategoryGroup, CategoryRef};
pub use tenant::{HostName, TenantProfile, TenantSlug};

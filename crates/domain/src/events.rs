//! What a province's outbox carries: changes of public data, which the search index follows, and messages
//! addressed to another province, which the relay delivers there. Both are written in the transaction of the
//! use case that caused them, so a follower never misses one and never sees one that was rolled back.

use uuid::Uuid;

use crate::{AccountId, OfferId, OrganisationId, TenantSlug, access::Role};

/// A change of public data: after it, the index must read the organisation again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicChange {
    OrganisationPublished(OrganisationId),
    /// Its profile, its status (withdrawn, too) or anything the index shows of it changed.
    OrganisationUpdated(OrganisationId),
    /// An offer was created, edited, published or withdrawn.
    OfferUpserted {
        offer: OfferId,
        organisation: OrganisationId,
    },
}

impl PublicChange {
    pub const KINDS: [&'static str; 3] = [
        "organisation.published",
        "organisation.updated",
        "offer.upserted",
    ];

    /// The stored name of the change.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::OrganisationPublished(_) => Self::KINDS[0],
            Self::OrganisationUpdated(_) => Self::KINDS[1],
            Self::OfferUpserted { .. } => Self::KINDS[2],
        }
    }

    /// The row that changed.
    pub fn aggregate(&self) -> Uuid {
        match self {
            Self::OrganisationPublished(o) | Self::OrganisationUpdated(o) => o.as_uuid(),
            Self::OfferUpserted { offer, .. } => offer.as_uuid(),
        }
    }

    /// The organisation whose public data changed.
    pub fn organisation(&self) -> OrganisationId {
        match self {
            Self::OrganisationPublished(o) | Self::OrganisationUpdated(o) => *o,
            Self::OfferUpserted { organisation, .. } => *organisation,
        }
    }

    /// The change a stored row names, or `None` for a kind this version does not know.
    pub fn from_stored(kind: &str, aggregate: Uuid, organisation: Uuid) -> Option<Self> {
        let organisation = OrganisationId::from_uuid(organisation);
        match kind {
            "organisation.published" => Some(Self::OrganisationPublished(organisation)),
            "organisation.updated" => Some(Self::OrganisationUpdated(organisation)),
            "offer.upserted" => Some(Self::OfferUpserted {
                offer: OfferId::from_uuid(aggregate),
                organisation,
            }),
            _ => None,
        }
    }
}

/// Who sent a message across provinces: enough for the receiver to decide what the sender may do there,
/// without reading the sender's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub province: TenantSlug,
    pub account: AccountId,
    pub role: Role,
}

/// A message for another province's database, delivered there once (by `id`) by the relay, in order per
/// `conversation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: Uuid,
    pub destination: TenantSlug,
    /// The exchange the message belongs to (a contact request, a question): its messages arrive in order.
    pub conversation: Uuid,
    pub sender: Sender,
    /// What the message asks, e.g. `contact_request.sent`.
    pub kind: String,
    /// The message itself, as a JSON document the receiving use case parses.
    pub payload: String,
}

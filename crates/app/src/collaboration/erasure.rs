//! A company that deletes its account is erased from its exchanges, here and in every province that holds a
//! copy of them (GDPR Art. 17, and Art. 19: the recipients are told). The exchanges stay, without the name,
//! the account or any text, so the provinces' counts still add up.

use doeners_domain::{AccountId, Sender, access::Role};
use doeners_persistence::TenantTx;

use super::{parties, wire::Wire};
use crate::{AppError, Tenant};

/// Erases `account`'s company from its exchanges on the deletion's transaction, and queues the erasure for the
/// other provinces concerned; returns those provinces.
pub(crate) async fn erase_company(
    tx: &TenantTx,
    tenant: &Tenant,
    account: AccountId,
) -> Result<Vec<String>, AppError> {
    let exchanges = tx
        .exchanges_of_company(account, &["contact_request", "question", "suggestion"])
        .await?;
    let sender = Sender {
        province: tenant.profile.slug.clone(),
        account,
        role: Role::Company,
    };
    let mut told = Vec::new();
    for exchange in exchanges {
        let routes = tx.routes_of(exchange.id).await?;
        // The row lock first, as for every message of an exchange.
        tx.set_exchange_state(exchange.id, &exchange.state).await?;
        for destination in parties::destinations(tenant.slug(), &exchange, &routes, None) {
            let wire = Wire::Erased {
                exchange: exchange.id,
            };
            parties::tell(tx, &destination, exchange.id, &sender, &wire).await?;
            told.push(destination);
        }
        tx.erase_company_from(exchange.id).await?;
    }
    told.sort();
    told.dedup();
    Ok(told)
}

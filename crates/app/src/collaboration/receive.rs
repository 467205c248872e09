//! The receiving side of the relay: a message from another province is applied in one transaction with its
//! inbox row, so a second delivery finds the row and does nothing. The receiver trusts no more than the
//! message's sender may do: the company's province opens an exchange and speaks for the company, an
//! organisation's province speaks for its own organisations, and only about exchanges they take part in.

use doeners_domain::{Message, access::Role};
use doeners_persistence::{ExchangeRow, RouteRow, StepRow};

use super::{notify::tell_about_step, standing_of, wire::Wire};
use crate::{AppError, Services, Tenant};

/// What became of a delivered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Applied,
    /// It was applied before: nothing happened.
    AlreadyHad,
    /// The sender may not do this here (or the message is unreadable); it is not retried.
    Refused(String),
}

/// Applies `message` from province `source` to `tenant`'s database.
pub async fn receive(
    tenant: &Tenant,
    services: &Services,
    source: &str,
    message: &Message,
) -> Result<Received, AppError> {
    let wire: Wire = match serde_json::from_str(&message.payload) {
        Ok(wire) => wire,
        Err(e) => return Ok(Received::Refused(format!("onleesbaar bericht: {e}"))),
    };
    if message.sender.province.as_str() != source || message.destination.as_str() != tenant.slug() {
        return Ok(Received::Refused(
            "afzender of bestemming klopt niet".to_string(),
        ));
    }
    let tx = tenant.db.begin().await?;
    if !tx.take_into_inbox(source, message.id).await? {
        return Ok(Received::AlreadyHad);
    }
    let refusal = match &wire {
        Wire::Opened {
            exchange,
            steps,
            routes,
        } => match may_open(tenant, message, exchange, steps, routes) {
            Err(why) => Some(why),
            Ok(()) => {
                let existing = tx.exchange(exchange.id).await?;
                tx.insert_exchange(exchange).await?;
                let held = existing.unwrap_or_else(|| exchange.clone());
                for route in routes {
                    tx.add_route(route).await?;
                }
                for step in steps {
                    if tx.add_step(step).await? {
                        tell_about_step(&tx, tenant, services, &held, step).await?;
                    }
                }
                settle_state(&tx, &held).await?;
                None
            }
        },
        Wire::Step { step } => match tx.exchange(step.exchange_id).await? {
            None => Some("onbekende uitwisseling".to_string()),
            Some(exchange) => {
                let routes = tx.routes_of(exchange.id).await?;
                match may_step(message, &exchange, &routes, step) {
                    Err(why) => Some(why),
                    Ok(()) => {
                        // The row lock first, as the use cases take it: one writer of an exchange at a time.
                        tx.set_exchange_state(exchange.id, &exchange.state).await?;
                        if tx.add_step(step).await? {
                            settle_state(&tx, &exchange).await?;
                            tell_about_step(&tx, tenant, services, &exchange, step).await?;
                        }
                        None
                    }
                }
            }
        },
        Wire::Erased { exchange } => match tx.exchange(*exchange).await? {
            None => None,
            Some(held) => {
                let company = message.sender.province.as_str() == held.company_province
                    && held
                        .company_account
                        .is_none_or(|a| a == message.sender.account.as_uuid());
                if company {
                    tx.erase_company_from(held.id).await?;
                    tx.audit(
                        None,
                        "exchange.erased",
                        &format!("{}:{}", held.kind, held.id),
                        serde_json::json!({
                            "source": source,
                            "reason": "het bedrijf verwijderde zijn account (AVG art. 17 en 19)",
                        }),
                    )
                    .await?;
                    None
                } else {
                    Some("alleen het bedrijf zelf kan zijn gegevens laten wissen".to_string())
                }
            }
        },
    };
    if let Some(why) = refusal {
        // Dropping the transaction rolls the inbox row back too: a refused message leaves no trace here.
        drop(tx);
        return Ok(Received::Refused(why));
    }
    tx.commit().await?;
    services.mail.ring();
    Ok(Received::Applied)
}

/// A contact request's state follows its steps; a question's is set by its own province.
async fn settle_state(
    tx: &doeners_persistence::TenantTx,
    exchange: &ExchangeRow,
) -> Result<(), AppError> {
    if exchange.kind == "contact_request" {
        let steps = tx.steps_of(exchange.id).await?;
        tx.set_exchange_state(exchange.id, standing_of(&steps).state.slug())
            .await?;
    }
    Ok(())
}

/// Only the company's province opens an exchange, for the company, and only towards parties in this province.
fn may_open(
    tenant: &Tenant,
    message: &Message,
    exchange: &ExchangeRow,
    steps: &[StepRow],
    routes: &[RouteRow],
) -> Result<(), String> {
    let here = tenant.slug();
    if exchange.company_province != message.sender.province.as_str()
        || exchange.company_account != Some(message.sender.account.as_uuid())
        || !matches!(message.sender.role, Role::Company | Role::Applicant(_))
    {
        return Err("alleen de provincie van het bedrijf opent een uitwisseling".to_string());
    }
    let for_here = match exchange.kind.as_str() {
        "contact_request" => exchange.organisation_province.as_deref() == Some(here),
        "question" => !routes.is_empty() && routes.iter().all(|r| r.organisation_province == here),
        _ => false,
    };
    let own_steps = steps
        .iter()
        .all(|s| s.exchange_id == exchange.id && s.side != "organisation");
    if for_here && own_steps {
        Ok(())
    } else {
        Err("deze uitwisseling heeft geen partij in deze provincie".to_string())
    }
}

/// A step speaks for the company (from its province and account), for the platform (from the company's
/// province), or for an organisation (a member of it, from its province).
fn may_step(
    message: &Message,
    exchange: &ExchangeRow,
    routes: &[RouteRow],
    step: &StepRow,
) -> Result<(), String> {
    let sender = &message.sender;
    let from = sender.province.as_str();
    let allowed = match step.side.as_str() {
        "company" => {
            from == exchange.company_province
                && exchange.company_account == Some(sender.account.as_uuid())
                && step.actor_account == Some(sender.account.as_uuid())
        }
        "platform" => from == exchange.company_province,
        // Any organisation of any province may pick up a suggestion, for itself.
        "organisation" if exchange.kind == "suggestion" => {
            step.kind == "picked_up"
                && step.actor_province == from
                && matches!(&sender.role, Role::Member(org) if Some(org.as_uuid()) == step.organisation_id)
        }
        "organisation" => match (&sender.role, step.organisation_id) {
            (Role::Member(org), Some(about)) if org.as_uuid() == about => {
                let addressed = exchange.organisation_id == Some(about)
                    && exchange.organisation_province.as_deref() == Some(from);
                let routed = routes
                    .iter()
                    .any(|r| r.organisation_id == about && r.organisation_province == from);
                addressed || routed
            }
            _ => false,
        },
        _ => false,
    };
    if allowed && step.exchange_id == message.conversation {
        Ok(())
    } else {
        Err(format!(
            "{} {} mag deze stap niet zetten",
            sender.role.slug(),
            sender.province
        ))
    }
}

//! The audit log as an administrator reads it: one Dutch sentence per entry, "jan@debeuk.example (lid van De
//! Beuk) wijzigde het aanbod 'Handverpakking' van De Beuk", at a Brussels time. The stored codes
//! (`offer.edited`, `offer:<id>`) stay what the log keeps; this only tells them.
//!
//! Who may see names: the province's own administrators see the e-mail address of whoever acted; the Flanders
//! console sees only the role ("een beheerder van Limburg"), since the people are the province's.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use doeners_domain::{AccountId, OfferId, OrganisationId, access::Role};
use doeners_persistence::AuditEntry;

use crate::{AppError, Tenant};

/// One entry, told.
#[derive(Debug, Clone)]
pub struct AuditLine {
    pub at: DateTime<Utc>,
    /// "3 dec 2026 14:02", Brussels time.
    pub when: String,
    pub sentence: String,
}

/// Whether the reader sees the names of the people who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Shown,
    RolesOnly,
}

/// The newest `limit` entries of the province's log, as sentences.
pub async fn audit_story(
    tenant: &Tenant,
    limit: u64,
    names: Names,
) -> Result<Vec<AuditLine>, AppError> {
    let entries = tenant.db.audit_log(limit).await?;
    let mut teller = Teller {
        tenant,
        names,
        accounts: HashMap::new(),
        organisations: HashMap::new(),
        offers: HashMap::new(),
    };
    let mut lines = Vec::with_capacity(entries.len());
    for entry in &entries {
        lines.push(AuditLine {
            at: entry.at,
            when: brussels_time(entry.at),
            sentence: teller.sentence(entry).await?,
        });
    }
    Ok(lines)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];

/// "3 dec 2026 14:02" in Brussels.
pub fn brussels_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Brussels);
    format!(
        "{} {} {} {:02}:{:02}",
        local.day(),
        MONTHS[local.month0() as usize],
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// Looks up each account, organisation and offer once per page.
struct Teller<'a> {
    tenant: &'a Tenant,
    names: Names,
    accounts: HashMap<AccountId, Option<(String, Role)>>,
    organisations: HashMap<OrganisationId, Option<String>>,
    offers: HashMap<OfferId, Option<(OrganisationId, String)>>,
}

impl Teller<'_> {
    /// The organisation's name; empty when it is gone.
    async fn organisation(&mut self, id: OrganisationId) -> Result<String, AppError> {
        if !self.organisations.contains_key(&id) {
            let name = self
                .tenant
                .db
                .organisation_by_id(id)
                .await?
                .map(|o| o.draft.name);
            self.organisations.insert(id, name);
        }
        Ok(self
            .organisations
            .get(&id)
            .cloned()
            .flatten()
            .unwrap_or_default())
    }

    /// The organisation's name, or a phrase for one that is gone.
    async fn organisation_named(&mut self, id: OrganisationId) -> Result<String, AppError> {
        let name = self.organisation(id).await?;
        Ok(if name.is_empty() {
            "een verwijderde organisatie".to_string()
        } else {
            name
        })
    }

    async fn account(&mut self, id: AccountId) -> Result<Option<(String, Role)>, AppError> {
        if !self.accounts.contains_key(&id) {
            let found = self
                .tenant
                .db
                .account(id)
                .await?
                .map(|a| (a.email.as_str().to_string(), a.role));
            self.accounts.insert(id, found);
        }
        Ok(self.accounts.get(&id).cloned().flatten())
    }

    /// "de beheerder van Limburg", "een lid van De Beuk", "een bedrijf".
    async fn role(&mut self, role: Role) -> Result<String, AppError> {
        let province = self
            .tenant
            .profile
            .province()
            .map_or(self.tenant.profile.display_name.clone(), |p| {
                p.name.to_string()
            });
        Ok(match role {
            Role::Company => "bedrijf".to_string(),
            Role::Member(org) => format!("lid van {}", self.organisation_named(org).await?),
            Role::Applicant(org) => {
                format!("aanvrager voor {}", self.organisation_named(org).await?)
            }
            Role::ProvinceAdmin => format!("beheerder {province}"),
            Role::FlandersAdmin => "beheerder Vlaanderen".to_string(),
        })
    }

    /// Who acted: "jan@x.example (beheerder Limburg)", or without names "een beheerder Limburg".
    async fn person(&mut self, id: AccountId) -> Result<String, AppError> {
        Ok(self
            .named_person(id)
            .await?
            .unwrap_or_else(|| "een verwijderd account".to_string()))
    }

    /// A person as `person` names them; `None` when the account is gone.
    async fn named_person(&mut self, id: AccountId) -> Result<Option<String>, AppError> {
        let Some((email, role)) = self.account(id).await? else {
            return Ok(None);
        };
        let role = self.role(role).await?;
        Ok(Some(match self.names {
            Names::Shown => format!("{email} ({role})"),
            // "een beheerder van Limburg", "een lid van De Beuk", "een bedrijf".
            Names::RolesOnly => match role.strip_prefix("beheerder ") {
                Some(of) => format!("een beheerder van {of}"),
                None => format!("een {role}"),
            },
        }))
    }

    async fn offer(&mut self, id: OfferId) -> Result<String, AppError> {
        if !self.offers.contains_key(&id) {
            let heading = self.tenant.db.offer_heading(id).await?;
            self.offers.insert(id, heading);
        }
        match self.offers.get(&id).cloned().flatten() {
            Some((org, title)) => Ok(format!(
                "het aanbod '{title}' van {}",
                self.organisation_named(org).await?
            )),
            None => Ok(String::new()),
        }
    }

    /// What the entry was about: an offer, an organisation or an account, named.
    async fn object(&mut self, object: &str) -> Result<String, AppError> {
        // Console entries name the province first: "limburg/account:<id>".
        let object = object.rsplit('/').next().unwrap_or(object);
        let Some((kind, id)) = object.split_once(':') else {
            return Ok(String::new());
        };
        let Ok(id) = id.parse::<uuid::Uuid>() else {
            return Ok(String::new());
        };
        match kind {
            "offer" => self.offer(OfferId::from_uuid(id)).await,
            "organisation" => self.organisation(OrganisationId::from_uuid(id)).await,
            "account" => Ok(self
                .named_person(AccountId::from_uuid(id))
                .await?
                .unwrap_or_default()),
            _ => Ok(String::new()),
        }
    }

    async fn sentence(&mut self, e: &AuditEntry) -> Result<String, AppError> {
        // The console's work on a province's administrators is logged there without an actor, naming the
        // Flanders administrator in the detail.
        let actor = match e.actor {
            Some(id) => self.person(id).await?,
            None if e.detail.get("flanders_admin").is_some() => {
                "een beheerder van Vlaanderen".to_string()
            }
            None => "het platform".to_string(),
        };
        let object = self.object(&e.object).await?;
        // A sentence about the object when it is still there, else about "een ..." (`missing`).
        let about = |prefix: &str, missing: &str| {
            if object.is_empty() {
                format!("{prefix} {missing}")
            } else {
                format!("{prefix} {object}")
            }
        };
        let deed = match e.action.as_str() {
            "offer.created" => format!("voegde {} toe", about("", "een aanbod").trim_start()),
            "offer.edited" => about("wijzigde", "een aanbod"),
            "offer.published" => about("publiceerde", "een aanbod"),
            "offer.withdrawn" => format!("trok {} in", about("", "een aanbod").trim_start()),
            "organisation.created" => about("maakte de organisatie aan:", "(intussen verwijderd)"),
            "organisation.edited" => about("wijzigde het profiel van", "een organisatie"),
            "organisation.details_edited" => about(
                "wijzigde de capaciteit, certificaten en referenties van",
                "een organisatie",
            ),
            "organisation.photo_added" => about("voegde een foto toe aan", "een organisatie"),
            "organisation.photo_removed" => about("verwijderde een foto van", "een organisatie"),
            "organisation.published" => {
                about("publiceerde de organisatie", "(intussen verwijderd)")
            }
            "organisation.withdrawn" => {
                about("haalde de organisatie offline:", "(intussen verwijderd)")
            }
            "applicant.approved" => about("keurde de aanvraag goed van", "een aanvrager"),
            "applicant.refused" => about("weigerde de aanvraag van", "een aanvrager"),
            "account.registered" => "registreerde een account".to_string(),
            "account.verified" => "bevestigde het e-mailadres".to_string(),
            "email.changed" => "wijzigde het e-mailadres".to_string(),
            "collaboration.none" => "sloot een contact af zonder samenwerking".to_string(),
            "account.deleted" => "verwijderde het eigen account".to_string(),
            "account.exported" => "downloadde de eigen gegevens".to_string(),
            "login.failed" => {
                return Ok(with_via(
                    "Iemand probeerde zich aan te melden met een verkeerd wachtwoord".to_string(),
                    e,
                ));
            }
            "login.throttled" => {
                return Ok(with_via(
                    "Aanmelden werd even geblokkeerd na te veel mislukte pogingen".to_string(),
                    e,
                ));
            }
            "login" => "meldde zich aan".to_string(),
            "logout" => "meldde zich af".to_string(),
            "admin.created" => about(
                "maakte met de opdrachtregel een beheerder aan:",
                "(intussen verwijderd)",
            ),
            "contact_request.sent" => "stuurde een contactaanvraag".to_string(),
            "password.changed" => "wijzigde het eigen wachtwoord".to_string(),
            "password.reset" => "koos een nieuw wachtwoord via de link in de mail".to_string(),
            "password.reset_requested" => {
                "vroeg een link om een nieuw wachtwoord te kiezen".to_string()
            }
            "email.change-requested" => "vroeg een ander e-mailadres aan".to_string(),
            "api-token.created" => "maakte een API-sleutel aan".to_string(),
            "api-token.revoked" => "trok een API-sleutel in".to_string(),
            "company.edited" => "wijzigde de gegevens van het bedrijf".to_string(),
            "notifications.changed" => "wijzigde de meldingen per e-mail".to_string(),
            "notifications.digest" => "kreeg een overzicht van de meldingen".to_string(),
            "notifications.unsubscribed" => "schreef zich uit voor meldingen".to_string(),
            "province-admin.created" => about("maakte een beheerder aan:", "(intussen verwijderd)"),
            "province-admin.removed" => about("verwijderde", "een beheerder"),
            "province-admin.suspended" => about("schorste de beheerder", "(intussen verwijderd)"),
            "exchange.opened" => "stuurde een contactaanvraag".to_string(),
            "exchange.step" => "zette een stap in een contactaanvraag".to_string(),
            "exchange.erased" => "wiste de gegevens van een uitwisseling".to_string(),
            "request.reminder" => "herinnerde een organisatie aan een contactaanvraag".to_string(),
            "question.approved" => "keurde een vraag van een bedrijf goed".to_string(),
            "question.refused" => "weigerde een vraag van een bedrijf".to_string(),
            "question.answered" => "beantwoordde een vraag".to_string(),
            "question.batch" => "stuurde vragen door naar organisaties".to_string(),
            "question.outcome" => "noteerde wat een vraag opleverde".to_string(),
            "question.reminder" => "herinnerde aan een vraag zonder antwoord".to_string(),
            "question.seen" => "las een vraag".to_string(),
            "collaboration.recorded" => "noteerde een samenwerking".to_string(),
            "collaboration.confirmed" => "bevestigde een samenwerking".to_string(),
            "outcome.asked" => "vroeg wat een contact opleverde".to_string(),
            "suggestion.picked_up" => "nam een voorgestelde organisatie op".to_string(),
            "good_practice.published" => "publiceerde een goede praktijk".to_string(),
            other => format!("deed iets wat het logboek nog niet beschrijft ({other})"),
        };
        // An e-mail address keeps its case; "een beheerder" and "het platform" start the sentence.
        let actor = if actor.contains('@') {
            actor
        } else {
            capitalised(&actor)
        };
        Ok(with_via(format!("{actor} {deed}"), e))
    }
}

/// "… via de API" when the entry came through the write API.
fn with_via(sentence: String, e: &AuditEntry) -> String {
    let via_api = e.detail.get("via").and_then(|v| v.as_str()) == Some("api");
    format!(
        "{}{}.",
        sentence.trim_end(),
        if via_api { " via de API" } else { "" }
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_told_in_brussels() {
        // 13:02 UTC in December is 14:02 in Brussels; in July (summer time) 15:02.
        let winter = Utc.with_ymd_and_hms(2026, 12, 3, 13, 2, 0).single();
        assert_eq!(
            winter.map(brussels_time).as_deref(),
            Some("3 dec 2026 14:02")
        );
        let summer = Utc.with_ymd_and_hms(2026, 7, 3, 13, 2, 0).single();
        assert_eq!(
            summer.map(brussels_time).as_deref(),
            Some("3 jul 2026 15:02")
        );
    }

    #[test]
    fn sentences_start_with_a_capital_and_say_the_api() {
        assert_eq!(capitalised("een beheerder"), "Een beheerder");
        let entry = AuditEntry {
            at: Utc::now(),
            actor: None,
            action: "offer.edited".into(),
            object: String::new(),
            detail: serde_json::json!({ "via": "api" }),
        };
        assert_eq!(
            with_via("Het platform wijzigde".into(), &entry),
            "Het platform wijzigde via de API."
        );
    }
}

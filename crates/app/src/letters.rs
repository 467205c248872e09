//! The texts of the messages the platform sends, in Dutch, each with its links built from `Links`.

use doeners_domain::{Email, TenantProfile};

use crate::{Links, mail::Letter};

/// The link that verifies a new account's address.
pub fn verify_address(links: &Links, portal: &TenantProfile, to: &Email, token: &str) -> Letter {
    Letter {
        to: to.clone(),
        subject: format!(
            "Bevestig uw e-mailadres voor doeners ({})",
            portal.display_name
        ),
        body: format!(
            "Welkom bij doeners.\n\nBevestig uw e-mailadres met deze link (48 uur geldig):\n{}/bevestigen?token={token}\n\nHebt u zich niet geregistreerd? Dan mag u dit bericht negeren.\n",
            links.portal(portal.slug.as_str())
        ),
    }
}

/// To the owner of an address someone tried to register again.
pub fn already_registered(links: &Links, portal: &TenantProfile, to: &Email) -> Letter {
    Letter {
        to: to.clone(),
        subject: format!(
            "U hebt al een account bij doeners ({})",
            portal.display_name
        ),
        body: format!(
            "Iemand probeerde zich met dit e-mailadres te registreren, maar u hebt al een account.\n\nAanmelden: {}/aanmelden\n\nWas u dit niet? Dan mag u dit bericht negeren.\n",
            links.portal(portal.slug.as_str())
        ),
    }
}

pub fn application_approved(
    links: &Links,
    portal: &TenantProfile,
    to: &Email,
    organisation_name: &str,
    organisation_slug: &str,
) -> Letter {
    let portal_address = links.portal(portal.slug.as_str());
    Letter {
        to: to.clone(),
        subject: format!(
            "Uw aanvraag bij doeners ({}) is goedgekeurd",
            portal.display_name
        ),
        body: format!(
            "U beheert nu {organisation_name} op doeners.\n\nAanmelden: {portal_address}/aanmelden\nUw organisatie: {portal_address}/organisaties/{organisation_slug}/beheren\n"
        ),
    }
}

/// The refusal, with the administrator's reason in their own words.
pub fn application_refused(portal: &TenantProfile, to: &Email, reason: &str) -> Letter {
    Letter {
        to: to.clone(),
        subject: format!(
            "Uw aanvraag bij doeners ({}) is niet goedgekeurd",
            portal.display_name
        ),
        body: format!(
            "De provincie keurde uw aanvraag niet goed; uw account is verwijderd.\n\nDe reden:\n{}\n\nKlopt dit niet, of kunt u het oplossen? Mail {} of dien een nieuwe aanvraag in.\n",
            reason.trim(),
            portal.contact_email
        ),
    }
}

pub fn province_admin_invitation(
    links: &Links,
    portal: &TenantProfile,
    to: &Email,
    token: &str,
) -> Letter {
    Letter {
        to: to.clone(),
        subject: "Uw account als provinciebeheerder bij doeners".to_string(),
        body: format!(
            "U bent provinciebeheerder van doeners ({}).\n\nKies uw wachtwoord met deze link (48 uur geldig):\n{}/wachtwoord-herstellen?token={token}\n",
            portal.display_name,
            links.portal(portal.slug.as_str())
        ),
    }
}

/// The link that lets an account's owner choose a new password.
pub fn password_reset(links: &Links, portal: &TenantProfile, to: &Email, token: &str) -> Letter {
    Letter {
        to: to.clone(),
        subject: "Een nieuw wachtwoord voor doeners".to_string(),
        body: format!(
            "U vroeg een nieuw wachtwoord voor doeners ({}).\n\nKies het met deze link (een uur geldig, één keer te gebruiken):\n{}/wachtwoord-herstellen?token={token}\n\nVroeg u dit niet? Dan mag u dit bericht negeren; uw wachtwoord blijft hetzelfde.\n",
            portal.display_name,
            links.portal(portal.slug.as_str())
        ),
    }
}

/// To the new address of an account: the link that makes it the account's.
pub fn confirm_new_address(
    links: &Links,
    portal: &TenantProfile,
    to: &Email,
    token: &str,
) -> Letter {
    Letter {
        to: to.clone(),
        subject: "Bevestig uw nieuwe e-mailadres voor doeners".to_string(),
        body: format!(
            "Bevestig dat dit uw nieuwe e-mailadres is (24 uur geldig):\n{}/e-mailadres-bevestigen?token={token}\n\nVroeg u dit niet aan? Dan mag u dit bericht negeren.\n",
            links.portal(portal.slug.as_str())
        ),
    }
}

/// To the current address of an account whose address is being changed.
pub fn address_change_notice(to: &Email) -> Letter {
    Letter {
        to: to.clone(),
        subject: "Uw e-mailadres bij doeners wordt gewijzigd".to_string(),
        body: "Iemand die met uw wachtwoord aangemeld is, vroeg een nieuw e-mailadres voor uw account. Was u dit niet? Wijzig dan meteen uw wachtwoord.\n".to_string(),
    }
}

//! Turning the text fields a person, an import row or an API client submits into validated drafts. The import,
//! the portal forms and the write API all go through here, so they accept and refuse exactly the same things.
//!
//! Every problem is reported with the field it belongs to (the import's column names), not only the first.

use std::collections::HashMap;

use crate::{
    Address, CategoryRef, Email, EnterpriseNumber, ExecutionMode, InvalidValue, OfferDraft,
    OrganisationDraft, OrganisationKind, Phone, PostalCode, ServiceArea, Website,
    organisation::optional,
};

/// The fields of an organisation, in the import file's column order.
pub const ORGANISATION_FIELDS: &[&str] = &[
    "name",
    "kind",
    "enterprise_number",
    "street",
    "postal_code",
    "municipality",
    "website",
    "email",
    "phone",
    "employees",
    "description",
];

/// The fields of an offer, in the import file's column order.
pub const OFFER_FIELDS: &[&str] = &[
    "title",
    "category",
    "execution_mode",
    "service_area",
    "description",
];

/// Field name → submitted text; a missing field reads as empty.
pub type Fields = HashMap<String, String>;

/// Problems found, each with the field it belongs to.
pub type Problems = Vec<(&'static str, InvalidValue)>;

fn raw<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

struct Checker<'a> {
    fields: &'a Fields,
    problems: Problems,
}

impl Checker<'_> {
    fn get<T>(
        &mut self,
        name: &'static str,
        parse: impl Fn(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        parse(raw(self.fields, name))
            .map_err(|e| self.problems.push((name, e)))
            .ok()
    }

    /// The address is checked as a whole; its problem is put on the field that caused it.
    fn address(&mut self) -> Option<Address> {
        let postal_code = raw(self.fields, "postal_code");
        let street = raw(self.fields, "street");
        let locality = raw(self.fields, "municipality");
        let street_line = self.get("street", |r| crate::text::line(r, "straat", 200));
        let locality_line = self.get("municipality", |r| crate::text::line(r, "gemeente", 100));
        if street_line.is_none() || locality_line.is_none() {
            return None;
        }
        let field = if PostalCode::parse(postal_code).is_err() {
            "postal_code"
        } else if street.chars().count() > 200 {
            "street"
        } else {
            "municipality"
        };
        self.get(field, |_| Address::parse(street, postal_code, locality))
    }
}

/// The fields of an organisation: `name`, `kind`, `enterprise_number`, `street`, `postal_code`,
/// `municipality`, `website`, `email`, `phone`, `employees`, `description`.
pub fn organisation_draft(fields: &Fields) -> Result<OrganisationDraft, Problems> {
    let mut c = Checker {
        fields,
        problems: Vec::new(),
    };
    let name = c.get("name", OrganisationDraft::parse_name);
    let kind = c.get("kind", OrganisationKind::parse);
    let enterprise_number = c.get("enterprise_number", |r| {
        optional(r, EnterpriseNumber::parse)
    });
    let address = c.address();
    let website = c.get("website", |r| optional(r, Website::parse));
    let email = c.get("email", |r| optional(r, Email::parse));
    let phone = c.get("phone", |r| optional(r, Phone::parse));
    let employees = c.get("employees", OrganisationDraft::parse_employees);
    let description = c.get("description", OrganisationDraft::parse_description);
    match (
        name,
        kind,
        enterprise_number,
        address,
        website,
        email,
        phone,
        employees,
        description,
    ) {
        (
            Some(name),
            Some(kind),
            Some(enterprise_number),
            Some(address),
            Some(website),
            Some(email),
            Some(phone),
            Some(employees),
            Some(description),
        ) if c.problems.is_empty() => Ok(OrganisationDraft {
            name,
            kind,
            enterprise_number,
            address,
            website,
            email,
            phone,
            employees,
            description,
        }),
        _ => Err(c.problems),
    }
}

/// The fields of an offer: `title`, `category`, `execution_mode`, `service_area`, `description`.
pub fn offer_draft(fields: &Fields) -> Result<OfferDraft, Problems> {
    let mut c = Checker {
        fields,
        problems: Vec::new(),
    };
    let title = c.get("title", OfferDraft::parse_title);
    let category = c.get("category", CategoryRef::parse);
    let execution_mode = c.get("execution_mode", ExecutionMode::parse);
    let service_area = c.get("service_area", ServiceArea::parse);
    let description = c.get("description", OfferDraft::parse_description);
    match (title, category, execution_mode, service_area, description) {
        (
            Some(title),
            Some(category),
            Some(execution_mode),
            Some(service_area),
            Some(description),
        ) if c.problems.is_empty() => Ok(OfferDraft {
            title,
            description,
            category,
            execution_mode,
            service_area,
        }),
        _ => Err(c.problems),
    }
}

/// The fields an offer draft is shown and edited with: the inverse of `offer_draft`.
pub fn offer_fields(draft: &OfferDraft) -> Fields {
    [
        ("title", draft.title.clone()),
        ("category", draft.category.slug().to_string()),
        ("execution_mode", draft.execution_mode.slug().to_string()),
        ("service_area", draft.service_area.to_string()),
        ("description", draft.description.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The fields an organisation draft is shown and edited with: the inverse of `organisation_draft`.
pub fn organisation_fields(draft: &OrganisationDraft) -> Fields {
    let text = |v: Option<String>| v.unwrap_or_default();
    [
        ("name", draft.name.clone()),
        ("kind", draft.kind.slug().to_string()),
        (
            "enterprise_number",
            text(draft.enterprise_number.as_ref().map(ToString::to_string)),
        ),
        ("street", draft.address.street.clone()),
        ("postal_code", draft.address.postal_code.to_string()),
        ("municipality", draft.address.locality.clone()),
        (
            "website",
            text(draft.website.as_ref().map(|w| w.as_str().to_string())),
        ),
        ("email", text(draft.email.as_ref().map(ToString::to_string))),
        (
            "phone",
            text(draft.phone.as_ref().map(|p| p.as_str().to_string())),
        ),
        ("employees", text(draft.employees.map(|n| n.to_string()))),
        ("description", draft.description.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn an_offer_round_trips_through_its_fields() {
        let draft = offer_draft(&fields(&[
            ("title", "Kuisen van bureaus"),
            ("category", "schoonmaak"),
            ("execution_mode", "op-locatie"),
            ("service_area", "provinces:limburg"),
            ("description", "Dagelijks of wekelijks."),
        ]))
        .expect("valid");
        assert_eq!(offer_draft(&offer_fields(&draft)), Ok(draft));
    }

    #[test]
    fn every_bad_field_is_named() {
        let problems = offer_draft(&fields(&[("category", "vliegen")])).expect_err("invalid");
        let named: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            named,
            ["title", "category", "execution_mode", "service_area"]
        );
    }

    #[test]
    fn an_organisation_with_a_bad_postal_code_names_the_postal_code() {
        let problems = organisation_draft(&fields(&[
            ("name", "Kringloop"),
            ("kind", "maatwerkbedrijf"),
            ("postal_code", "99999"),
        ]))
        .expect_err("invalid");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "postal_code");
    }
}

//! Every cell of the table in docs/authorization.md, checked against `access::decide`.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::{
    AccountId, OrganisationId, TenantSlug,
    access::{Action, Caller, Decision, Object, Role, decide},
};

fn province(slug: &str) -> Option<TenantSlug> {
    Some(TenantSlug::parse(slug).expect("slug"))
}

fn caller(role: Role, home: &str) -> Caller {
    Caller {
        account: AccountId::new(),
        role,
        province: if home.is_empty() {
            None
        } else {
            province(home)
        },
    }
}

fn decision(cell: &str) -> Decision {
    match cell {
        "✓" => Decision::Allow,
        "401" => Decision::SignIn,
        "403" => Decision::Forbidden,
        "404" => Decision::Hidden,
        other => panic!("unknown cell '{other}'"),
    }
}

/// The action a row names, whether the object is the caller's own account, and whether it belongs to O.
fn action(code: &str) -> (Action, bool, bool) {
    let (action, own) = plain_action(code);
    match code {
        "TakePart(company)" => (Action::TakePart, true, false),
        "TakePart(organisation)" => (Action::TakePart, false, true),
        _ => (action, own, true),
    }
}

fn plain_action(code: &str) -> (Action, bool) {
    match code {
        "ReadPublic" => (Action::ReadPublic, false),
        "ManageOwnAccount(own)" => (Action::ManageOwnAccount, true),
        "ManageOwnAccount(other)" => (Action::ManageOwnAccount, false),
        "ReadOrganisation" => (Action::ReadOrganisation, false),
        "EditOrganisation" => (Action::EditOrganisation, false),
        "ReviewRegistrations" => (Action::ReviewRegistrations, false),
        "ReadAuditLog" => (Action::ReadAuditLog, false),
        "ReadEvaluation" => (Action::ReadEvaluation, false),
        "ManageProvinceAdmins" => (Action::ManageProvinceAdmins, false),
        "AskOrganisations" => (Action::AskOrganisations, false),
        "TakePart(company)" | "TakePart(organisation)" => (Action::TakePart, false),
        other => panic!("unknown action '{other}'"),
    }
}

#[test]
fn the_documented_matrix_is_the_enforced_one() {
    let table = include_str!("../../../docs/authorization.md");
    let organisation = OrganisationId::new();
    let columns: Vec<Vec<Option<Caller>>> = vec![
        vec![None],
        vec![Some(caller(Role::Company, "limburg"))],
        vec![Some(caller(Role::Member(organisation), "limburg"))],
        vec![Some(caller(Role::Member(OrganisationId::new()), "limburg"))],
        vec![Some(caller(Role::Applicant(organisation), "limburg"))],
        vec![Some(caller(Role::ProvinceAdmin, "limburg"))],
        vec![
            Some(caller(Role::Company, "antwerpen")),
            Some(caller(Role::Member(organisation), "antwerpen")),
            Some(caller(Role::Applicant(organisation), "antwerpen")),
            Some(caller(Role::ProvinceAdmin, "antwerpen")),
        ],
        vec![Some(caller(Role::FlandersAdmin, ""))],
    ];
    let mut rows = 0;
    let mut actions_seen = Vec::new();
    for line in table
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains('`'))
    {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let code = cells[0].rsplit('`').nth(1).expect("an action in backticks");
        let (action, own, of_o) = action(code);
        actions_seen.push(action);
        assert_eq!(cells.len(), 1 + columns.len(), "{line}");
        for (cell, callers) in cells[1..].iter().zip(&columns) {
            for c in callers {
                let object = Object {
                    province: if action == Action::ManageProvinceAdmins {
                        None
                    } else {
                        province("limburg")
                    },
                    organisation: of_o.then_some(organisation),
                    account: match (c, own) {
                        (Some(c), true) => Some(c.account),
                        _ => Some(AccountId::new()),
                    },
                };
                assert_eq!(
                    decide(c.as_ref(), action, &object),
                    decision(cell),
                    "{code} for {c:?}"
                );
            }
        }
        rows += 1;
    }
    assert_eq!(rows, 12, "every row of the table was read");
    // A new action does not compile here until it is added to the list below and given a row.
    let _every_action_is_listed = |a: Action| match a {
        Action::ReadPublic
        | Action::ManageOwnAccount
        | Action::ReadOrganisation
        | Action::EditOrganisation
        | Action::ReviewRegistrations
        | Action::ReadAuditLog
        | Action::ReadEvaluation
        | Action::ManageProvinceAdmins
        | Action::AskOrganisations
        | Action::TakePart => (),
    };
    for action in [
        Action::ReadPublic,
        Action::ManageOwnAccount,
        Action::ReadOrganisation,
        Action::EditOrganisation,
        Action::ReviewRegistrations,
        Action::ReadAuditLog,
        Action::ReadEvaluation,
        Action::ManageProvinceAdmins,
        Action::AskOrganisations,
        Action::TakePart,
    ] {
        assert!(
            actions_seen.contains(&action),
            "{action:?} has no row in docs/authorization.md"
        );
    }
}

//! The pieces every form page is made of: the submitted fields, the list of problems, a labelled input, and the
//! "too many attempts" answer.

use std::{collections::HashMap, time::Duration};

use axum::{
    http::{StatusCode, header},
    response::Response,
};
use maud::{Markup, html};

use super::layout;
use crate::Tenant;

/// The hidden CSRF field of a signed-in form: the token of this province's session (nothing without one).
pub(crate) fn csrf(v: &crate::guard::Visitor) -> Markup {
    html! {
        @if let Some(home) = &v.home {
            input type="hidden" name="csrf" value=(home.active.csrf_token);
        }
    }
}

/// 429 with `Retry-After`, as a page.
pub(crate) fn too_many(tenant: &Tenant, wait: Duration) -> Response {
    let seconds = wait.as_secs().max(1);
    let minutes = seconds.div_ceil(60);
    let main = html! {
        h1 { "Even geduld" }
        p { "U probeerde dit te vaak na elkaar. Probeer opnieuw over " (minutes) @if minutes == 1 { " minuut." } @else { " minuten." } }
    };
    let mut response = layout::answer(
        StatusCode::TOO_MANY_REQUESTS,
        "Te veel pogingen",
        Some(&tenant.profile),
        main,
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

pub(crate) type Fields = HashMap<String, String>;

pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

pub(crate) fn problems_list(problems: &[(&str, String)]) -> Markup {
    html! {
        @if !problems.is_empty() {
            div.problems role="alert" {
                p { "Niet alles is in orde:" }
                ul { @for (_, p) in problems { li { (sentence(p)) } } }
            }
        }
    }
}

/// A problem as a sentence: a capital first and a full stop last, whatever the parser wrote
/// ("ongeldige postcode '99'" → "Ongeldige postcode '99'.").
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The problem of one field, if any.
pub(crate) fn problem_of<'a>(problems: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    problems
        .iter()
        .find(|(f, _)| *f == name)
        .map(|(_, p)| p.as_str())
}

/// A labelled input that says whether it is required and carries its own problem, tied to it for screen readers.
/// Required is said in the label, not enforced by the browser: the server's sentences name what is missing.
pub(crate) struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub kind: &'a str,
    pub autocomplete: &'a str,
    pub required: bool,
}

impl Input<'_> {
    pub(crate) fn render(&self, value: &str, problem: Option<&str>) -> Markup {
        let problem_id = format!("{}-problem", self.name);
        html! {
            p {
                label for=(self.name) { (self.label) @if self.required { " (verplicht)" } }
                @if let Some(p) = problem { span.field-problem id=(problem_id) { (sentence(p)) } }
                input id=(self.name) name=(self.name) type=(self.kind) value=(value) autocomplete=(self.autocomplete)
                    aria-invalid=[problem.map(|_| "true")] aria-describedby=[problem.map(|_| &problem_id)];
            }
        }
    }
}

pub(crate) fn text_input(
    name: &str,
    label: &str,
    kind: &str,
    value: &str,
    autocomplete: &str,
) -> Markup {
    html! {
        p {
            label for=(name) { (label) }
            input id=(name) name=(name) type=(kind) value=(value) autocomplete=(autocomplete);
        }
    }
}

/// The notice under a form that asks personal data: what it is used for, and where the privacy statement is.
pub(crate) fn privacy_notice(slug: &str, used_for: &str) -> Markup {
    html! {
        p.small.privacy {
            "Uw gegevens gebruiken we alleen " (used_for) ". Meer in de "
            a href={ "/" (slug) "/privacy" } { "privacyverklaring" } "."
        }
    }
}

/// A form's problems, for the fields that carry their own.
pub(crate) type FieldProblems<'a> = &'a [(&'a str, String)];

pub(crate) fn input(
    fields: &Fields,
    problems: FieldProblems,
    (name, label, kind, autocomplete, required): (&str, &str, &str, &str, bool),
) -> Markup {
    Input {
        name,
        label,
        kind,
        autocomplete,
        required,
    }
    .render(field(fields, name), problem_of(problems, name))
}

/// A labelled, required select with its own problem.
pub(crate) fn select(name: &str, label: &str, problem: Option<&str>, options: Markup) -> Markup {
    let problem_id = format!("{name}-problem");
    html! {
        p {
            label for=(name) { (label) " (verplicht)" }
            @if let Some(p) = problem { span.field-problem id=(problem_id) { (sentence(p)) } }
            select id=(name) name=(name) aria-invalid=[problem.map(|_| "true")] aria-describedby=[problem.map(|_| &problem_id)] { (options) }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn problems_read_as_sentences() {
        assert_eq!(
            super::sentence("ongeldige postcode '99'"),
            "Ongeldige postcode '99'."
        );
        assert_eq!(super::sentence("Al goed."), "Al goed.");
        assert_eq!(super::sentence("élan"), "Élan.");
        assert_eq!(super::sentence(" "), "");
    }
}

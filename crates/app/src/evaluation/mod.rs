//! The evaluation: per province and for Flanders, for any period, what the platform led to. Read from each
//! province's rollups (see `doeners_persistence::rollups`) and the federation's search log, added up here,
//! and shown to each reader as far as they may see it: a Flanders administrator every province, a province
//! administrator their own and the Flanders totals, anyone the published figures with small counts hidden.

pub mod activity;
mod figures;
pub mod open_data;
mod period;
pub mod sheet;

pub use figures::{Depth, Figures, arrondissement};
pub use period::{Period, dutch_date, short_month, today};
pub use sheet::{Cell, Columns, Row, Section, Sheet};

use doeners_domain::{
    TenantSlug,
    access::{Action, Caller, Decision, Object, Role, decide},
};

use crate::{AppError, Federation, Tenant};

/// The figures of every province and of Flanders for one period.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub period: Period,
    /// Every province in order: slug, name, and its figures (`None` when its database did not answer).
    pub provinces: Vec<(String, String, Option<Figures>)>,
    /// The provinces' sum and the Flanders-wide searches.
    pub flanders: Figures,
}

impl Evaluation {
    /// The figures of each column `columns` shows, then Flanders.
    pub fn columns<'a>(
        &'a self,
        columns: &'a Columns,
    ) -> impl Iterator<Item = Option<&'a Figures>> + 'a {
        columns
            .provinces
            .iter()
            .map(|(slug, _)| self.province(slug))
            .chain(std::iter::once(Some(&self.flanders)))
    }

    pub fn province(&self, slug: &str) -> Option<&Figures> {
        self.provinces
            .iter()
            .find(|(s, _, _)| s == slug)
            .and_then(|(_, _, f)| f.as_ref())
    }

    /// The provinces whose database did not answer.
    pub fn missing(&self) -> Vec<&str> {
        self.provinces
            .iter()
            .filter(|(_, _, f)| f.is_none())
            .map(|(_, n, _)| n.as_str())
            .collect()
    }
}

/// Reads the figures of every province (at once) and of the Flanders-wide search for `period`.
pub async fn evaluate(
    tenants: &[Tenant],
    federation: &Federation,
    period: Period,
    depth: Depth,
) -> Result<Evaluation, AppError> {
    let reads = tenants
        .iter()
        .map(|t| figures::of_province(t, &period, depth));
    let (results, wide) = tokio::join!(
        futures::future::join_all(reads),
        figures::flanders_wide(federation, &period)
    );
    let mut flanders = wide?;
    let mut provinces = Vec::new();
    for (tenant, result) in tenants.iter().zip(results) {
        let figures = match result {
            Ok(f) => Some(f),
            Err(e) => {
                tracing::warn!(province = %tenant.slug(), error = %e, "evaluation figures not read");
                None
            }
        };
        if let Some(f) = &figures {
            flanders.absorb(f);
        }
        provinces.push((
            tenant.slug().to_string(),
            tenant.profile.display_name.clone(),
            figures,
        ));
    }
    Ok(Evaluation {
        period,
        provinces,
        flanders,
    })
}

/// What `caller` may see of the figures, asked with `province` (a slug, or empty for all): the columns, or
/// the decision to answer with.
pub fn columns_for(
    caller: Option<&Caller>,
    tenants: &[Tenant],
    province: Option<&str>,
) -> Result<Columns, Decision> {
    let Some(caller) = caller else {
        return Err(Decision::SignIn);
    };
    let named = |slug: &str| {
        tenants
            .iter()
            .find(|t| t.slug() == slug)
            .map(|t| (t.slug().to_string(), t.profile.display_name.clone()))
    };
    let asked = province.map(str::trim).filter(|p| !p.is_empty());
    if caller.role == Role::FlandersAdmin {
        let provinces = match asked {
            Some(p) => vec![named(p).ok_or(Decision::Hidden)?],
            None => tenants
                .iter()
                .map(|t| (t.slug().to_string(), t.profile.display_name.clone()))
                .collect(),
        };
        return Ok(Columns {
            provinces,
            matrix_of: None,
        });
    }
    let own = caller.province.clone().ok_or(Decision::Forbidden)?;
    let slug = asked.unwrap_or(own.as_str());
    let object = Object {
        province: TenantSlug::parse(slug).ok(),
        ..Object::default()
    };
    match decide(Some(caller), Action::ReadEvaluation, &object) {
        Decision::Allow => {}
        refused => return Err(refused),
    }
    Ok(Columns {
        provinces: vec![named(slug).ok_or(Decision::Hidden)?],
        matrix_of: Some(slug.to_string()),
    })
}

//! The values the API accepts where the domain has a closed list (organisation kinds, execution modes,
//! categories, provinces, and the tenants this server runs), written into the OpenAPI document from the domain
//! itself, so the document cannot drift from what the server takes.

use doeners_domain::{CategoryGroup, ExecutionMode, OrganisationKind, ProvinceRef};
use utoipa::openapi::{
    OpenApi, RefOr, Schema,
    path::ParameterIn,
    schema::{ArrayBuilder, ObjectBuilder, Type},
};

fn slugs<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values.map(str::to_string).collect()
}

fn kinds() -> Vec<String> {
    slugs(OrganisationKind::ALL.iter().map(|k| k.slug()))
}

fn modes() -> Vec<String> {
    slugs(ExecutionMode::ALL.iter().map(|m| m.slug()))
}

fn groups() -> Vec<String> {
    slugs(CategoryGroup::all().iter().map(|g| g.slug))
}

/// Subcategories and groups: a filter or an offer may name either.
fn categories() -> Vec<String> {
    slugs(
        CategoryGroup::all()
            .iter()
            .flat_map(|g| std::iter::once(g.slug).chain(g.categories.iter().map(|c| c.slug))),
    )
}

fn provinces() -> Vec<String> {
    slugs(ProvinceRef::all().iter().map(|p| p.slug))
}

fn one_of(values: Vec<String>) -> Schema {
    Schema::Object(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(values))
            .build(),
    )
}

/// Sets the allowed values of every parameter and body field with a closed list; `tenants` are this server's.
pub fn fill(doc: &mut OpenApi, tenants: &[String]) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            for param in op.parameters.iter_mut().flatten() {
                let mut values = match param.name.as_str() {
                    "tenant" | "portal" => tenants.to_vec(),
                    "kind" => kinds(),
                    "mode" => modes(),
                    "group" => groups(),
                    "category" => categories(),
                    "province" => provinces(),
                    _ => continue,
                };
                // A filter given empty is a filter not given, as a form with "alle" chosen sends it.
                if matches!(param.parameter_in, ParameterIn::Query) {
                    values.push(String::new());
                }
                // Repeatable where the operation takes several (the search), single where it reads one.
                let repeatable = matches!(param.schema, Some(RefOr::T(Schema::Array(_))));
                param.schema = Some(RefOr::T(if repeatable {
                    Schema::Array(ArrayBuilder::new().items(RefOr::T(one_of(values))).build())
                } else {
                    one_of(values)
                }));
            }
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for (schema, field, values) in [
        ("OrganisationFields", "kind", kinds()),
        ("OfferFields", "category", categories()),
        ("OfferFields", "execution_mode", modes()),
    ] {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(schema) {
            object
                .properties
                .insert(field.to_string(), RefOr::T(one_of(values)));
        }
    }
}

//! The one question every use case asks before it changes anything: may this caller do this?

use doeners_domain::access::{Action, Caller, Decision, Object, decide};

use crate::{AppError, Tenant};

/// `Ok` when `access::decide` allows `action` on `object`; otherwise the refusal, for the face to render.
pub(crate) fn allow(
    caller: Option<&Caller>,
    action: Action,
    object: &Object,
) -> Result<(), AppError> {
    match decide(caller, action, object) {
        Decision::Allow => Ok(()),
        refused => Err(AppError::Refused(refused)),
    }
}

/// `tenant` itself, as the object of a province-wide action.
pub(crate) fn province(tenant: &Tenant) -> Object {
    Object {
        province: Some(tenant.profile.slug.clone()),
        ..Object::default()
    }
}

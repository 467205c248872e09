//! Logs through tracing: readable lines in development, JSON for log collectors.

use tracing_subscriber::{EnvFilter, fmt};

use crate::settings::LogSettings;

pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&settings.filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let result = if settings.format == "json" {
        fmt()
            .json()
            .with_env_filter(filter)
            // The request's span (its id, province, method and address) on every line logged while it is served.
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        fmt().with_env_filter(filter).try_init()
    };
    if let Err(e) = result {
        eprintln!("logging kon niet gestart worden: {e}");
    }
}

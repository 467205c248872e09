//! What the relay carries between provinces, as the JSON payload of an outbox message. The rows travel as
//! they are stored, so the receiving province writes exactly what the sending one holds, under the same ids.

use doeners_persistence::{ExchangeRow, RouteRow, StepRow};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum Wire {
    /// An exchange reaches a province for the first time, or with more organisations to route to: the
    /// exchange, the steps that concern that province's parties, and (for a question) its routes there.
    Opened {
        exchange: ExchangeRow,
        steps: Vec<StepRow>,
        routes: Vec<RouteRow>,
    },
    /// One more step of an exchange the province holds.
    Step { step: StepRow },
    /// The company deleted its account: erase its name and the thread's texts.
    Erased { exchange: Uuid },
}

impl Wire {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Opened { .. } => "exchange.opened",
            Self::Step { .. } => "exchange.step",
            Self::Erased { .. } => "exchange.erased",
        }
    }
}

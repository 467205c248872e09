//! Answers given before the request body was read (a cross-site refusal, a missing API token, an unknown
//! province) must still reach a client that is sending its body. If the server answered and closed the
//! connection with the body unread, the client's kernel would receive a reset and the client would see a broken
//! connection instead of the answer. So what a handler leaves unread is read and thrown away before the answer
//! goes out: at most the body limit, for at most a few seconds; a client that sends more is cut off as before.

use std::{sync::Arc, time::Duration};

use axum::{
    body::{Body, BodyDataStream},
    extract::{Request, State},
    http::header,
    middleware::Next,
    response::Response,
};
use futures::StreamExt;
use tokio::sync::Mutex;

/// How long a leftover body is read at most.
const DRAIN_FOR: Duration = Duration::from_secs(5);

/// The body limit in bytes: a leftover body is read up to this much.
#[derive(Debug, Clone, Copy)]
pub struct DrainLimit(pub usize);

pub async fn leftover_body(
    State(DrainLimit(limit)): State<DrainLimit>,
    request: Request,
    next: Next,
) -> Response {
    let has_body = request.headers().contains_key(header::TRANSFER_ENCODING)
        || request
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if !has_body {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let shared: Arc<Mutex<BodyDataStream>> = Arc::new(Mutex::new(body.into_data_stream()));
    let reader = shared.clone();
    let stream = futures::stream::unfold(reader, |reader| async move {
        let next = reader.lock().await.next().await;
        next.map(|chunk| (chunk, reader))
    });
    let response = next
        .run(Request::from_parts(parts, Body::from_stream(stream)))
        .await;
    let mut rest = shared.lock().await;
    let drain = async {
        let mut read = 0usize;
        while let Some(Ok(chunk)) = rest.next().await {
            read += chunk.len();
            if read > limit {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_FOR, drain).await;
    response
}

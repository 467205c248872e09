//! Reading the messages the platform wrote as `.eml` files (mail without an SMTP server).

use std::path::Path;

/// Quoted-printable decoded, as a mail reader shows it: soft line breaks joined, `=XX` turned into bytes.
fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The newest message written into `dir`, decoded as a mail reader shows it.
pub fn newest(dir: &Path) -> String {
    let mut messages: Vec<_> = std::fs::read_dir(dir)
        .expect("a mail directory")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| {
            (
                e.metadata().and_then(|m| m.modified()).expect("mtime"),
                e.path(),
            )
        })
        .collect();
    messages.sort();
    quoted_printable(
        &std::fs::read_to_string(&messages.last().expect("a message").1).expect("message"),
    )
}

/// Every message written into `dir`, as written (headers are not quoted-printable, so a `=` in them stays).
pub fn all_raw(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("a mail directory")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| std::fs::read_to_string(e.path()).expect("message"))
        .collect()
}

/// Every message written into `dir`, decoded.
pub fn all(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("a mail directory")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| quoted_printable(&std::fs::read_to_string(e.path()).expect("message")))
        .collect()
}

/// Waits (up to 10 s) until `dir` holds at least `count` messages, then returns the newest: the real server
/// sends its mail from a worker, a moment after the request that queued it was answered.
pub async fn newest_of_at_least(dir: &Path, count: usize) -> String {
    for _ in 0..500 {
        let present = std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        });
        if present >= count {
            return newest(dir);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "fewer than {count} messages in {} after 10 s",
        dir.display()
    );
}

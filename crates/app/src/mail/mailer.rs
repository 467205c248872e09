//! Sending e-mail: over SMTP in production, written as `.eml` files in development and tests so that a person
//! or a test can open the message. Both go through lettre's message builder and its transports.

use std::path::PathBuf;

use doeners_domain::Email;
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Mailbox, SinglePart,
        header::{ContentType, Header, HeaderName, HeaderValue},
    },
};

#[derive(Clone)]
pub enum Mailer {
    /// Messages written as files into this directory.
    Files(PathBuf, Mailbox),
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Mailbox),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Files(dir, _) => write!(f, "Mailer::Files({})", dir.display()),
            Self::Smtp(..) => f.write_str("Mailer::Smtp"),
        }
    }
}

impl Mailer {
    /// `smtp_url` like `smtps://user:password@smtp.example.be` or `smtp://relay:25?tls=required`; empty
    /// writes files into `dir`. `from` like `doeners <noreply@doeners.be>`.
    pub fn new(smtp_url: &str, dir: PathBuf, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("ongeldig afzenderadres '{from}': {e}"))?;
        if smtp_url.trim().is_empty() {
            return Ok(Self::Files(dir, from));
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| format!("ongeldige SMTP-URL: {e}"))?
            .build();
        Ok(Self::Smtp(transport, from))
    }

    /// Sends a plain-text message (lettre picks its transfer encoding: long lines become quoted-printable).
    /// With `unsubscribe`, the message carries RFC 8058's one-click unsubscribe headers: `List-Unsubscribe`
    /// with that address and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub async fn send(
        &self,
        to: &Email,
        subject: &str,
        body: String,
        unsubscribe: Option<&str>,
    ) -> Result<(), String> {
        let (Self::Files(_, from) | Self::Smtp(_, from)) = self;
        let to: Mailbox = to
            .as_str()
            .parse()
            .map_err(|e| format!("ongeldig adres: {e}"))?;
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(subject);
        if let Some(url) = unsubscribe {
            builder = builder
                .header(ListUnsubscribe(format!("<{url}>")))
                .header(ListUnsubscribePost);
        }
        let message = builder
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(body.replace("\r\n", "\n").replace('\n', "\r\n")),
            )
            .map_err(|e| format!("bericht kan niet opgesteld worden: {e}"))?;
        match self {
            Self::Files(dir, _) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("map {} kan niet gemaakt worden: {e}", dir.display()))?;
                AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("bericht niet geschreven: {e}"))
            }
            Self::Smtp(transport, _) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| format!("bericht niet verstuurd: {e}")),
        }
    }
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): a mail client may unsubscribe with one POST.
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_string())
    }
}

#[cfg(test)]
mod tests {
    use doeners_domain::Email;
    use lettre::message::Mailbox;

    /// Every address the platform accepts can be written to: no account exists that can never get its mail.
    #[test]
    fn the_mailer_takes_every_address_the_domain_accepts() {
        for raw in [
            "jan.peeters+doeners@vlinder.be",
            "o'brien@vlinder.be",
            "a!#$%&*/=?^_`{|}~-z@vlinder.be",
            "info@maatwerk-bedrijf.vlaanderen",
            "info@café.be",
            "<script>x</script>@probe.example",
            "\"quoted\"@vlinder.be",
        ] {
            if let Ok(email) = Email::parse(raw) {
                assert!(
                    email.as_str().parse::<Mailbox>().is_ok(),
                    "accepted by the domain but not by the mailer: {raw}"
                );
            }
        }
        assert!(Email::parse("<script>x</script>@probe.example").is_err());
    }
}

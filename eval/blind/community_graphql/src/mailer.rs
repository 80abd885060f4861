use anyhow::Context as _;
use askama::Template;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tracing::instrument;

use crate::model::User;

#[derive(Template)]
#[template(path = "verify_email.txt")]
struct VerifyEmail<'a> {
    display_name: &'a str,
    link: &'a str,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(relay: &str, from: Mailbox) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::relay(relay)?.build();
        Ok(Self { transport, from })
    }

    #[instrument(skip(self, user), fields(user_id = %user.id))]
    pub async fn send_verification(&self, user: &User, token: &str) -> anyhow::Result<()> {
        let link = format!("https://community.example.org/verify/{token}");
        let text = VerifyEmail { display_name: &user.display_name, link: &link }.render()?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(user.email.parse().context("stored address does not parse")?)
            .subject("Confirm your email address")
            .body(text)?;
        self.transport
            .send(message)
            .await
            .with_context(|| format!("sending verification mail to {}", user.email))?;
        tracing::info!(user_id = %user.id, "verification mail sent");
        Ok(())
    }

    #[instrument(skip(self))]
    pub async fn send_ban_notice(&self, user: &User, reason: &str) -> anyhow::Result<()> {
        anyhow::ensure!(user.banned, "user {} is not banned", user.id);
        let message = Message::builder()
            .from(self.from.clone())
            .to(user.email.parse()?)
            .subject("Your account was suspended")
            .body(format!("Hi {}, your account was suspended: {reason}", user.display_name))?;
        self.transport.send(message).await?;
        Ok(())
    }
}

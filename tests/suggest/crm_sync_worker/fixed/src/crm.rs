use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};

use crate::config::UpstreamConfig;

/// A contact as returned by the CRM's `/contacts` endpoint.
#[derive(Debug, Clone, Deserialize, Serialize, datamin::Personal)]
pub struct ContactRecord {
    pub external_id: String,
    #[personal(email)]
    pub email: String,
    pub email_verified: bool,
    #[personal(name)]
    pub first_name: Option<String>,
    pub unsubscribed: bool,
    /// Two-letter language code for the template.
    pub lang: String,
    pub num_accounts: u32,
}

#[derive(Debug, Deserialize)]
struct Page {
    contacts: Vec<ContactRecord>,
    next_cursor: Option<String>,
}

pub async fn fetch_since(cfg: &UpstreamConfig, since: Option<&str>) -> anyhow::Result<Vec<ContactRecord>> {
    let http = reqwest::Client::builder().user_agent(&cfg.user_agent).build()?;
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = http
            .get(cfg.base_url.join("contacts")?)
            .header(cfg.api_key_header, cfg.client_secret.expose_secret());
        if let Some(s) = since {
            req = req.query(&[("since", s)]);
        }
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c.as_str())]);
        }
        let page: Page = req.send().await?.error_for_status()?.json().await?;
        out.extend(page.contacts);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

pub async fn push(cfg: &UpstreamConfig, contact: &ContactRecord) -> anyhow::Result<()> {
    reqwest::Client::new()
        .post(cfg.base_url.join("audience/members")?)
        .header(cfg.api_key_header, cfg.client_secret.expose_secret())
        .json(contact)
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

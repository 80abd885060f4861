//! Payment methods on file and the calls to the payment provider.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Other,
}

/// A card or a SEPA mandate on file.
#[derive(
    Debug,
    Clone,
    Serialize,
    datamin::Personal,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentMethod {
    Card {
        brand: CardBrand,
        last4: String,
        exp_month: u8,
        exp_year: u16,
        #[personal(name)]
        holder_name: String,
    },
    Sepa {
        #[personal(financial)]
        iban: String,
        /// Mandate reference we generated, e.g. `ACME-7F3K2`.
        mandate_ref: String,
    },
    /// Paid by bank transfer against the invoice number.
    BankTransfer,
}

/// Body sent to the provider's tokenisation endpoint; never stored.
#[derive(Serialize, datamin::Personal)]
pub(crate) struct TokenizeCardRequest<'a> {
    #[personal(financial)]
    pub(crate) card_number: &'a str,
    pub(crate) exp_month: u8,
    pub(crate) exp_year: u16,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenizeCardResponse {
    /// Provider-side id of the stored card (`pm_...`).
    pub(crate) payment_method_id: String,
    pub(crate) card_last4: String,
    pub(crate) brand: CardBrand,
}

pub(crate) async fn tokenize(
    http: &reqwest::Client,
    secret_key: &str,
    req: &TokenizeCardRequest<'_>,
) -> reqwest::Result<TokenizeCardResponse> {
    http.post("https://api.payments.example/v1/payment_methods")
        .bearer_auth(secret_key)
        .form(req)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

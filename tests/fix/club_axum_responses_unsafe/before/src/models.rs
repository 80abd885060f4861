//! Members, bookings and what the public API shows of them.

use datamin::{Personal, Redacted};
use serde::{Deserialize, Serialize};

/// A member of the club, as stored.
#[derive(Clone, Serialize, Deserialize, Personal)]
pub struct Member {
    pub id: u64,
    /// Login and contact address.
    #[personal(email)]
    pub email: String,
    /// Shown on the member card.
    #[serde(rename = "displayName")]
    #[personal(name)]
    pub display_name: String,
    #[personal(date_of_birth)]
    pub birthday: Option<String>,
    /// Only the front desk calls it.
    #[personal(phone)]
    #[serde(skip_serializing)]
    pub phone: Option<String>,
    /// For the booking kiosk.
    #[personal(credentials)]
    pub kiosk_pin: Redacted<String>,
    pub tier: Tier,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Junior,
    Adult,
    Senior,
}

/// A court booking. The guest may be no member.
#[derive(Clone, Serialize)]
pub struct Booking {
    pub id: u64,
    pub court: u8,
    pub slot: String,
    pub guest: Guest,
}

/// Who plays on a booking.
#[derive(Clone, Serialize, Personal)]
pub struct Guest {
    pub member_id: Option<u64>,
    /// As written on the court sheet.
    #[personal(name)]
    pub full_name: String,
}

/// The sign-up form.
#[derive(Deserialize, Personal)]
pub struct JoinRequest {
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub display_name: String,
    pub tier: Tier,
}

/// What anyone may see of a member.
#[derive(Serialize)]
pub struct PublicMember {
    pub id: u64,
    pub tier: Tier,
}

impl From<&Member> for PublicMember {
    fn from(member: &Member) -> Self {
        Self {
            id: member.id,
            tier: member.tier,
        }
    }
}

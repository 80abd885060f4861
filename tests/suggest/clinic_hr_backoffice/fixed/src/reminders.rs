//! Appointment reminders.

use chrono::{DateTime, Utc};

/// Where a reminder goes.
#[derive(Debug, Clone, datamin::Personal)]
pub enum ReminderChannel {
    /// E.164 mobile number.
    Sms(#[personal(phone)] String),
    Letter,
    /// Only to patients who opted out of SMS and e-mail.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    DayBefore,
    HourBefore,
    FollowUp,
}

#[derive(Debug, Clone)]
pub struct Reminder {
    pub encounter_id: i64,
    pub kind: ReminderKind,
    pub channel: ReminderChannel,
    pub due_at: DateTime<Utc>,
    pub sms_template: &'static str,
    pub attempt_count: u8,
}

use std::sync::atomic::{AtomicU64, Ordering};

/// Prometheus counters, exported on `/metrics`.
#[derive(Default)]
pub struct Metrics {
    pub token_count: AtomicU64,
    pub num_accounts: AtomicU64,
    pub emails_sent_total: AtomicU64,
    pub sign_ins_total: AtomicU64,
}

/// Label set of `http_requests_total`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequestLabels {
    pub route: &'static str,
    pub status: u16,
    pub ip_version: u8,
    /// "chrome", "firefox", "curl", ...: a low-cardinality family, not the header.
    pub user_agent_family: &'static str,
}

impl Metrics {
    pub fn signed_in(&self) {
        self.sign_ins_total.fetch_add(1, Ordering::Relaxed);
        self.token_count.fetch_add(1, Ordering::Relaxed);
    }
}

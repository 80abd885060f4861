/// Counters of one run, logged at the end.
#[derive(Debug, Default)]
pub struct RunStats {
    pub pushed: u64,
    pub skipped: u64,
    pub token_count: u64,
    pub num_accounts: u64,
    pub city_count: u32,
    pub coauthor_count: u32,
}

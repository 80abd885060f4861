//! The threads the analysis runs on: one pool for parsing, lowering and the
//! fixpoint's batches, each thread with the analysis stack.

/// A pool of `jobs` threads, or this thread alone when none can be had.
pub(crate) struct Workers(Option<rayon::ThreadPool>);

impl Workers {
    /// `jobs` threads (`0`: one per core).
    pub fn new(jobs: usize) -> Workers {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .stack_size(crate::ANALYSIS_STACK_BYTES)
            .thread_name(|i| format!("datamin-{i}"))
            .build();
        Workers(pool.ok())
    }

    /// Runs `work` on the pool: rayon's parallel iterators inside it use the
    /// pool's threads.
    pub fn install<T: Send>(&self, work: impl FnOnce() -> T + Send) -> T {
        match &self.0 {
            Some(pool) => pool.install(work),
            None => work(),
        }
    }
}

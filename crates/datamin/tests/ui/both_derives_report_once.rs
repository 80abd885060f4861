// With both derives on one type, each problem is reported once.
use datamin::{Personal, RedactedDebug};

#[derive(Personal, RedactedDebug)]
struct Customer {
    #[personal(emial)]
    email: String,
}

fn main() {}

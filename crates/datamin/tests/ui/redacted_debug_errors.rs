// RedactedDebug validates `#[personal]` exactly like Personal.
use datamin::RedactedDebug;

#[derive(RedactedDebug)]
struct Customer {
    #[personal(emial)]
    email: String,
    #[personal(email, name)]
    name: String,
    #[personal]
    #[personal]
    notes: String,
}

fn main() {}

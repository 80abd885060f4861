use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal(email = 1)]
    email: String,
}

fn main() {}

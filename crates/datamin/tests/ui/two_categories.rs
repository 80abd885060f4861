use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal(email, name)]
    email: String,
}

fn main() {}

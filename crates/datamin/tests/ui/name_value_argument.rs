use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal = "email"]
    email: String,
}

fn main() {}

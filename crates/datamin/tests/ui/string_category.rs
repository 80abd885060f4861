use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal("email")]
    email: String,
    #[personal("mail")]
    backup: String,
}

fn main() {}

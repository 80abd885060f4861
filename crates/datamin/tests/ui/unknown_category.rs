use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal(emial)]
    email: String,
    #[personal(password)]
    password: String,
    #[personal(Email)]
    backup_email: String,
}

fn main() {}

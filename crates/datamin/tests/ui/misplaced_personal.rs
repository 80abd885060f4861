use datamin::Personal;

#[derive(Personal)]
#[personal(email)]
struct Customer {
    email: String,
}

#[derive(Personal)]
#[personal]
enum Contact {
    #[personal(phone)]
    Phone(String),
}

fn main() {}

use datamin::Personal;

#[derive(Personal)]
struct Account {
    id: u64,
    #[not_personal]
    email_template: String,
    #[not_personal(reviewed)]
    server_name: String,
    #[not_personal]
    #[not_personal]
    hostname: String,
    #[personal(email)]
    #[not_personal]
    email: String,
}

fn main() {}

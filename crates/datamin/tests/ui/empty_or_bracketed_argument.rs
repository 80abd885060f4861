use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal()]
    email: String,
    #[personal[name]]
    name: String,
}

fn main() {}

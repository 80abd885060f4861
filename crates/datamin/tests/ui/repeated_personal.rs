use datamin::Personal;

#[derive(Personal)]
struct Customer {
    #[personal]
    #[personal(email)]
    email: String,
    #[personal(name)]
    #[doc = "between"]
    #[personal(name)]
    #[personal(other)]
    name: String,
}

fn main() {}

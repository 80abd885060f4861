// One compile reports every problem of the input, not just the first.
use datamin::Personal;

#[derive(Personal)]
enum Contact {
    Mail {
        #[personal(emial)]
        address: String,
        #[personal = "x"]
        label: String,
    },
    Phone(#[personal(phone, name)] String, #[personal("phone")] String),
    #[personal]
    Postal {
        #[personal(address)]
        #[personal(address)]
        street: String,
        #[personal(location = 1)]
        zip: String,
    },
}

fn main() {}

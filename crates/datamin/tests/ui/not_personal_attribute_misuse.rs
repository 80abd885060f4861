#[datamin::not_personal(reviewed)]
struct MailerConfig {
    support_email: String,
}

#[datamin::not_personal]
fn template() {}

fn main() {}

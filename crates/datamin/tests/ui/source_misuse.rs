// `#[datamin::source(..)]` takes exactly one known category and goes on
// functions only: every misuse is a compile error at the right span.

#[datamin::source]
fn no_category() -> String {
    String::new()
}

#[datamin::source(emial)]
fn misspelt() -> String {
    String::new()
}

#[datamin::source(email, name)]
fn two_categories() -> String {
    String::new()
}

#[datamin::source(email)]
struct NotAFunction(String);

#[datamin::source(email)]
fn fine() -> String {
    String::new()
}

fn main() {
    let _ = (no_category(), misspelt(), two_categories(), fine());
    let _ = NotAFunction(String::new()).0;
}

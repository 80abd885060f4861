//! Rule `unmarked-personal-field`: a field that is probably personal but
//! carries no `#[personal]` annotation.

use super::Level;
use crate::rules::RuleInfo;

/// The rule's name.
pub const NAME: &str = "unmarked-personal-field";

/// Registry entry of `unmarked-personal-field`.
pub const INFO: RuleInfo = RuleInfo {
    name: NAME,
    default_level: Level::Warn,
    summary: "a field without #[personal] that probably holds personal data",
    doc: DOC,
};

const DOC: &str = r#"# unmarked-personal-field

## What it does

Reports a struct or enum-variant field without `#[personal]` that probably
holds personal data, with the attribute to add. The guess rests on:

- the field's name: its last words (`email`, `billing_email`,
  `contactEmail`, `phone_number`, `first_name`, `street`, `postcode`, `ip`,
  `client_ip`, `ssn`, `date_of_birth`, `iban`, `card_number`, `password`,
  `api_key`, `access_token`, `user_agent`, `device_id`, ...). A name that
  only contains such a word is not one: `email_verified`, `name_len`,
  `address_family`, `ip_version`, `username_max_len`, `token_count`,
  `file_name`, `server_address`, `csrf_token` do not fire;
- the field's type: never a `bool`, a number (except for coordinates,
  postcodes and salaries), a date (except for a birth date), an enum or a
  struct of the tree (whose own fields hold the data); an `IpAddr`, an
  `EmailAddress` or a redaction wrapper (`Secret<String>`) is a reason in
  itself; the one field of a newtype named `Email`, `PhoneNumber`, ... too;
- the type it belongs to: a type named like a person (`User`, `Customer`,
  `Member`, `Patient`, `Employee`, ...) or one with annotated fields makes a
  guess surer, a configuration type (`Config`, `Settings`, `Args`) makes it
  less sure (its `bind_addr` and `support_email` are the program's);
- the code: a field filled from an annotated field
  (`ContactView { contact: user.email.clone() }`) takes that field's
  category.

Each guess has a confidence; the rule reports those of 0.70 and more
(`cargo datamin suggest` lists lower ones too). The word lists are data,
extended and silenced in `datamin.toml`:

```toml
[infer]
extra = { member_no = "government_id", badge = "other" }   # name words → category
ignore = ["Invoice.customer_name", "display_name", "ServerConfig"]
```

## Why is this bad

A personal field that is not annotated is invisible to `log-leak` and
`response-leak`: the next log line that prints it goes unreported. The
field added last week is the one that leaks.

## Example

```rust,ignore
#[derive(Debug)]
pub struct Customer {
    pub id: u64,
    pub email: String,
}
```

Use instead:

```rust,ignore
#[derive(Debug, datamin::Personal)]
pub struct Customer {
    pub id: u64,
    #[personal(email)]
    pub email: String,
}
```

## How to fix

Add the attribute the help names (`cargo datamin suggest --fix` adds them
all, and `datamin::Personal` to the derive list). A field reviewed and found
not personal takes `#[not_personal]` (a helper attribute of
`derive(datamin::Personal)`), or a suppression with a reason on its line or
the line above: `// datamin:allow(unmarked-personal-field) <reason>`.
"#;

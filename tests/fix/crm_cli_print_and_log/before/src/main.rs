//! `crm`: a command-line tool for the sales team's contact list.

mod contacts;
mod export;

use contacts::{Contact, Stage};

fn main() {
    env_logger::init();
    let contacts = vec![
        Contact {
            id: 100,
            first_name: "Mary".to_owned(),
            last_name: "Jackson".to_owned(),
            email: "mary@jackson.example".to_owned(),
            mobile: Some("+1 757 555 0100".to_owned()),
            company: "Langley Aero".to_owned(),
            stage: Stage::Lead,
        },
        Contact {
            id: 101,
            first_name: "Annie".to_owned(),
            last_name: "Easley".to_owned(),
            email: "annie@easley.example".to_owned(),
            mobile: None,
            company: "Lewis Propulsion".to_owned(),
            stage: Stage::Customer,
        },
    ];
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("list") => export::list(&contacts),
        Some("show") => {
            let id: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100);
            match contacts.iter().find(|c| c.id == id) {
                Some(c) => export::show(c),
                None => eprintln!("no contact {id}"),
            }
        }
        Some("export") => export::csv(&contacts),
        _ => eprintln!("usage: crm list | show ID | export"),
    }
}

//! What the commands print.

use crate::contacts::{Contact, Stage};

pub fn list(contacts: &[Contact]) {
    log::info!(target: "crm::list", "listing {} contacts", contacts.len());
    for c in contacts {
        println!("{:>5}  {:<12} {:?}", c.id, c.company, c.stage);
    }
    let leads = contacts.iter().filter(|c| c.stage == Stage::Lead).count();
    println!("{leads} lead(s)");
}

pub fn show(c: &Contact) {
    log::debug!("showing contact {}", c.id);
    println!("{}", c.full_name());
    println!("  company: {}", c.company);
    println!("  e-mail:  {mail}", mail = c.email);
    if let Some(mobile) = &c.mobile {
        println!("  mobile:  {:?}", mobile);
    }
    print!("  stage:   {:?}\n", c.stage);
    let label = format!("{} <{}>", c.full_name(), c.email);
    log::info!(target: "crm::audit", "{} was shown", label);
    dbg!(&c.email);
}

pub fn csv(contacts: &[Contact]) {
    log::info!("exporting {} contacts", contacts.len());
    println!("id,company,stage");
    for c in contacts {
        println!("{},{},{:?}", c.id, c.company, c.stage);
        if c.mobile.is_none() {
            warn_missing_mobile(&c.last_name, c.id);
        }
    }
    log::info!("export done");
}

fn warn_missing_mobile(who: &str, id: u64) {
    log::warn!("contact {} ({}) has no mobile number", id, who);
    eprintln!("warning: contact {id} has no mobile number");
}

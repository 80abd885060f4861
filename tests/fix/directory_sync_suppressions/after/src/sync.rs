//! One sync run and its log lines.

use tracing::{debug, info, warn};

use crate::model::{Badge, Employee};

pub fn sync(employees: &[Employee]) {
    info!(count = employees.len(), "sync started");
    for e in employees {
        debug!(employee_id = e.id, department = %e.department, "syncing");
        // datamin:allow(log-leak) HR approved names in the audit target (ticket HR-112)
        info!(target: "audit", name = %e.name, "synced");
        warn!("directory entry for {} is stale", datamin::Redacted::new(&e.work_email));
    }
    info!(count = employees.len(), "sync finished");
}

pub fn report_duplicates(a: &Employee, b: &Employee) {

    warn!("possible duplicate: {:?} and {:?}", a, b);
    warn!(first = a.id, second = b.id, "duplicate reported");
}

pub fn audit_dump(e: &Employee) {
    println!("{:?}", e);
}

pub fn badge_printed(badge: &Badge) {
    // datamin:allow(log-leak)
    info!("badge {} printed for {}", badge.number, datamin::Redacted::new(&badge.holder));
    debug!(badge = badge.number, "printer queue drained");
}

pub fn badge_lost(badge: &Badge) {
    let holder = &badge.holder;
    // datamin:allow(log-leak)
    warn!("badge {} reported lost by {holder}", badge.number, holder = datamin::Redacted::new(&holder));
    info!(badge = badge.number, "badge blocked");
}

pub fn welcome(e: &Employee) {
    // datamin:allow(log-leaks) the welcome line names nobody
    info!(employee_id = e.id, "welcome mail sent");
}

//! Syncs the staff directory from HR into the badge system.

mod model;
mod sync;

use model::{Badge, Employee};

fn main() {
    let staff = vec![
        Employee {
            id: 1,
            name: "Katherine Johnson".to_owned(),
            work_email: "kjohnson@example.org".to_owned(),
            department: "flight research".to_owned(),
        },
        Employee {
            id: 2,
            name: "Dorothy Vaughan".to_owned(),
            work_email: "dvaughan@example.org".to_owned(),
            department: "computing".to_owned(),
        },
    ];
    sync::sync(&staff);
    sync::report_duplicates(&staff[0], &staff[1]);
    sync::audit_dump(&staff[0]);
    let badge = Badge {
        number: 1001,
        holder: staff[0].name.clone(),
    };
    sync::badge_printed(&badge);
    sync::badge_lost(&badge);
    sync::welcome(&staff[1]);
    println!("synced {} employees", staff.len());
}

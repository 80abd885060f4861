use std::thread;
use std::time::Duration as StdDuration;

use anyhow::Context;
use chrono::{Duration, Local, NaiveDateTime};
use diesel::prelude::*;
use log::{debug, error, info, warn};

use crate::db::DbPool;
use crate::schema::{appointments, patients};

/// Where reminders go out; SMS and mail gateways implement it.
pub trait Channel: Send {
    fn name(&self) -> &'static str;
    fn deliver(&self, to: &str, text: &str) -> anyhow::Result<()>;
}

pub struct ConsoleChannel;

impl Channel for ConsoleChannel {
    fn name(&self) -> &'static str { "console" }

    fn deliver(&self, to: &str, text: &str) -> anyhow::Result<()> {
        println!("[reminder] to={to} {text}"); //~ log-leak
        Ok(())
    }
}

type Due = (i32, NaiveDateTime, Option<String>);

fn due_tomorrow(pool: &DbPool) -> anyhow::Result<Vec<Due>> {
    let mut conn = pool.get().context("reminder worker: no connection")?;
    let from = Local::now().naive_local() + Duration::hours(23);
    let rows = appointments::table
        .inner_join(patients::table)
        .filter(appointments::starts_at.between(from, from + Duration::hours(1)))
        .filter(appointments::status.eq("booked"))
        .select((appointments::id, appointments::starts_at, patients::email))
        .load::<Due>(&mut conn)?;
    Ok(rows)
}

fn send_all<C: Channel + ?Sized>(channel: &C, due: &[Due]) -> anyhow::Result<usize> {
    let mut sent = 0;
    for (id, starts_at, email) in due {
        let Some(to) = email.as_deref() else {
            warn!("appointment {id}: patient has no email on file");
            continue;
        };
        let text = format!("Reminder: your appointment is at {}", starts_at.format("%H:%M"));
        channel
            .deliver(to, &text)
            .with_context(|| format!("delivering reminder to {to} via {}", channel.name()))?;
        debug!("reminder for appointment {} sent via {}", id, channel.name());
        sent += 1;
    }
    Ok(sent)
}

pub fn spawn(pool: DbPool, channel: Box<dyn Channel>) -> thread::JoinHandle<()> {
    thread::spawn(move || loop {
        match due_tomorrow(&pool).and_then(|due| send_all(channel.as_ref(), &due)) {
            Ok(0) => debug!("no reminders due"),
            Ok(sent) => info!("{sent} reminders sent"),
            Err(err) => error!("reminder run failed: {err:#}"), //~ log-leak
        }
        thread::sleep(StdDuration::from_secs(600));
    })
}

mod appointments;
mod db;
mod error;
mod middleware;
mod models;
mod patients;
mod reminders;
mod schema;

use std::io::Write;

use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use diesel::r2d2::{ConnectionManager, Pool};

use crate::db::DbPool;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::init();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://localhost/clinic".into());
    let pool: DbPool = match Pool::builder().max_size(8).build(ConnectionManager::new(&url)) {
        Ok(pool) => pool,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            writeln!(stderr, "cannot open database pool: {err}")?;
            std::process::exit(2);
        }
    };
    let _reminders = reminders::spawn(pool.clone(), Box::new(reminders::ConsoleChannel));
    log::info!("clinic api starting on :8080");
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .wrap(from_fn(middleware::access_log))
            .service(patients::scope())
            .service(appointments::book)
            .service(appointments::day_sheet)
            .service(appointments::get_appointment)
            .service(appointments::visit_history)
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}

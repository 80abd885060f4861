//! Back office of a group of outpatient clinics: patient records, home
//! visits, staff and payroll exports.

mod config;
mod geo;
mod patients;
mod reminders;
mod reports;
mod staff;

use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    env_logger::init();
    let cfg = config::Settings::load()?;
    let pool = sqlx::PgPool::connect(&cfg.database_url).await?;
    log::info!("starting on {} (exports to {})", cfg.listen_addr, cfg.export_dir.display());

    let listen_addr = cfg.listen_addr;
    let data = web::Data::new(cfg);
    HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::Data::new(pool.clone()))
            .configure(patients::routes)
            .configure(reports::routes)
    })
    .bind(listen_addr)?
    .run()
    .await?;
    Ok(())
}

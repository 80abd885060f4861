mod handlers;
pub mod model;

pub use handlers::routes;

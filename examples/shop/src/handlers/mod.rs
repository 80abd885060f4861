//! Request handlers, one module per resource.

pub mod auth;
pub mod customers;
pub mod orders;

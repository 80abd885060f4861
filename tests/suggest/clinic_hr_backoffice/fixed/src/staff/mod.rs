pub mod employee;
pub mod payroll;

pub use employee::{Department, EmergencyContact, Employee};

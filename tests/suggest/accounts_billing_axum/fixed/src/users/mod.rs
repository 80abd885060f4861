pub mod dto;
pub mod model;

pub use model::{EmailAddress, PhoneNumber, Role, User, Workspace};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ClinicError {
    #[error("patient {0} not found")] PatientNotFound(i32),
    #[error("no patient holds insurance number {0}")] UnknownInsurance(String),
    #[error("date of birth {0} is in the future")] InvalidBirthDate(NaiveDate),
    #[error("slot {0} is already booked")] SlotTaken(NaiveDateTime),
    #[error(transparent)] Db(#[from] diesel::result::Error),
    #[error(transparent)] Pool(#[from] diesel::r2d2::PoolError),
    #[error(transparent)] Blocking(#[from] actix_web::error::BlockingError),
    #[error(transparent)] Encode(#[from] serde_json::Error),
}

#[derive(Serialize)]
pub struct ErrorBody {
    pub error: String,
}

impl ResponseError for ClinicError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::PatientNotFound(_) | Self::UnknownInsurance(_) => StatusCode::NOT_FOUND,
            Self::InvalidBirthDate(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::SlotTaken(_) => StatusCode::CONFLICT,
            Self::Db(_) | Self::Pool(_) | Self::Blocking(_) | Self::Encode(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            log::error!("request failed with {}", status.as_u16());
        }
        let error = status.canonical_reason().unwrap_or("error").to_lowercase();
        HttpResponse::build(status).json(ErrorBody { error })
    }
}

pub type Result<T, E = ClinicError> = std::result::Result<T, E>;

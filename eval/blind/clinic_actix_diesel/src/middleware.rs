use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::USER_AGENT;
use actix_web::middleware::Next;
use actix_web::Error;

/// Access log line per request; patient ids appear only as path parameters.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req.match_pattern().unwrap_or_else(|| req.path().to_owned());
    let agent = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_owned).unwrap_or_default();
    let res = next.call(req).await?;
    let status = res.status().as_u16();
    if started.elapsed().as_millis() > 500 {
        log::log!(log::Level::Warn, "slow request: {} {} ({})", method, route, status);
    }
    log::info!("{} {} -> {} in {}ms [{}]", method, route, status, started.elapsed().as_millis(), agent);
    Ok(res)
}

//! Presenting a [`Report`] in each output format.
//!
//! Every renderer is a pure function of the report (the human one also reads
//! the source files it quotes), so the same report gives the same bytes.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use datamin_lint::Report;

use crate::cli::Format;

/// Renders `report` in `format`; `color` only matters for `human`.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(report),
    }
}

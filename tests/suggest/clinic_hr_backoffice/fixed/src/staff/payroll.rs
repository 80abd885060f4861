//! Monthly export to the payroll provider.

use std::io::Write;

use rust_decimal::Decimal;

use super::Employee;

/// One run of the export.
#[derive(Debug)]
pub struct PayrollRun {
    pub period: String,
    pub employee_count: u32,
    pub file_name: String,
    pub total_gross: Decimal,
}

mod export {
    /// One line of the bank transfer file. Written by hand, no serde.
    #[derive(datamin::Personal)]
    pub struct BankTransferRow<'a> {
        pub employee_no: &'a str,
        #[personal(name)]
        pub account_holder: &'a str,
        #[personal(financial)]
        pub iban: &'a str,
        #[personal(financial)]
        pub net_pay_cents: i64,
    }

    impl BankTransferRow<'_> {
        pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
            writeln!(out, "{};{};{};{}", self.employee_no, self.account_holder, self.iban, self.net_pay_cents)
        }
    }
}

pub fn export(run: &PayrollRun, staff: &[(Employee, String, i64)], out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "# {} {}", run.period, run.employee_count)?;
    for (e, iban, net) in staff {
        export::BankTransferRow {
            employee_no: &e.employee_no,
            account_holder: &e.legal_name,
            iban,
            net_pay_cents: *net,
        }
        .write_to(out)?;
    }
    Ok(())
}

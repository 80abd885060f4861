//! Every fixture case under `fixtures/log-leak/`, checked against its inline
//! `//~` expectations.

use datamin_lint::Level;
use datamin_tests::{assert_all_listed, assert_case, case_dir, check_case, line_of};

/// One `#[test]` per case directory, plus the list of them all.
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                assert_case("log-leak", stringify!($case));
            }
        )*

        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

cases! {
    admin_cli_output_and_dbg,
    api_gateway_tokens_ips_and_headers,
    auth_sessions_tokens_and_resets,
    axum_service,
    background_jobs,
    call_graph_shapes,
    call_paths_across_modules_and_crates,
    calls_resolved_by_path_not_bare_name,
    chat_renamed_and_wrapped_log_macros,
    checkout_log_crate_with_targets,
    cli_tool,
    clinic_appointments_and_reminders,
    code_in_macros_and_async_blocks,
    column_queries_advanced,
    column_sources_diesel,
    column_sources_real_shapes,
    column_sources_sqlx,
    config_in_cargo_metadata,
    config_rule_levels,
    config_sinks_and_sanitizers,
    crm_contacts_sync_dedupe_reports,
    cross_function_helpers,
    csv_pipeline_print_and_panic_sinks,
    debug_of_carriers,
    display_and_debug_impls,
    error_values,
    event_checkin_mixed_idioms,
    event_sourcing_projections_and_bus,
    expect_messages,
    flow_sensitivity,
    fmt_impls_and_helpers,
    function_sources,
    hotel_booking_errors_and_passports,
    instrument,
    iot_devices_positions_and_ips,
    items_in_function_bodies,
    iterator_chains_and_closures,
    job_worker_and_operator_commands,
    ledger_pretty_debug_and_tax_ids,
    let_and_patterns,
    library_errors_that_keep_input,
    log_crate,
    log_macros_through_reexports,
    log_with_target_and_imports,
    methods_and_self,
    mostly_clean_service,
    name_resolution,
    newsletter_subscriber_addresses,
    option_result_combinators,
    panic_and_assert,
    payments_cards_ibans_and_payouts,
    payroll_national_ids_and_bank_details,
    personal_newtypes_through_deref,
    query_rows_through_helpers,
    real_code_regressions,
    redacted_values,
    std_print_family,
    string_building,
    suppressions,
    tracing_format_args,
    tracing_spans,
    tracing_structured_fields,
    unknown_types_stay_quiet,
    write_to_stderr,
}

#[test]
fn every_fixture_directory_is_listed() {
    assert_all_listed("log-leak", CASES);
}

#[test]
fn configured_warn_level_applies_to_log_leak_findings() {
    let report = check_case(&case_dir("log-leak", "config_rule_levels"));
    let leaks: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "log-leak")
        .collect();
    assert_eq!(leaks.len(), 2, "{:#?}", report.findings);
    for finding in &leaks {
        assert_eq!(finding.level, Level::Warn, "{finding:#?}");
    }
    assert!(!report.has_denied(), "{:#?}", report.findings);
    assert_eq!(report.exit_code(), 0);
}

#[test]
fn default_level_of_log_leak_is_deny_and_fails_the_check() {
    let report = check_case(&case_dir("log-leak", "std_print_family"));
    assert!(!report.findings.is_empty());
    assert!(
        report.findings.iter().all(|f| f.level == Level::Deny),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn unused_suppression_is_a_warning() {
    let report = check_case(&case_dir("log-leak", "suppressions"));
    let unused: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "unused-suppression")
        .collect();
    assert!(!unused.is_empty(), "{:#?}", report.findings);
    assert!(unused.iter().all(|f| f.level == Level::Warn), "{unused:#?}");
    let without_reason = report
        .findings
        .iter()
        .filter(|f| f.rule == "suppression-without-reason");
    assert!(without_reason.clone().count() > 0);
    assert!(without_reason.into_iter().all(|f| f.level == Level::Deny));
}

#[test]
fn finding_names_field_category_and_first_column_of_the_sink() {
    let dir = case_dir("log-leak", "std_print_family");
    let line = line_of(&dir, "src/main.rs", "println!(\"{}\", customer.full_name);");
    let report = check_case(&dir);
    let finding = report
        .findings
        .iter()
        .find(|f| f.file == "src/main.rs" && f.line == line)
        .unwrap_or_else(|| panic!("no finding at src/main.rs:{line}: {:#?}", report.findings));
    assert_eq!(finding.rule, "log-leak");
    assert_eq!(finding.column, 9, "`println` starts at column 9");
    assert_eq!(finding.field.as_deref(), Some("Customer.full_name"));
    assert_eq!(finding.category.as_deref(), Some("name"));
    assert!(
        finding
            .sink
            .as_deref()
            .is_some_and(|s| s.contains("println!")),
        "{finding:#?}"
    );
}

#[test]
fn finding_column_is_the_start_of_a_qualified_macro_path() {
    let dir = case_dir("log-leak", "tracing_format_args");
    let line = line_of(
        &dir,
        "src/checkout.rs",
        "tracing::error!(\"order {order:?} failed\");",
    );
    let report = check_case(&dir);
    let finding = report
        .findings
        .iter()
        .find(|f| f.file == "src/checkout.rs" && f.line == line)
        .unwrap_or_else(|| panic!("no finding at src/checkout.rs:{line}"));
    assert_eq!(finding.column, 5, "`tracing::error!` starts at column 5");
    assert!(
        finding
            .sink
            .as_deref()
            .is_some_and(|s| s.contains("error!")),
        "{finding:#?}"
    );
}

#[test]
fn helper_finding_lists_its_call_sites_in_the_trace() {
    let dir = case_dir("log-leak", "cross_function_helpers");
    let sink = line_of(
        &dir,
        "src/logging.rs",
        "tracing::info!(email, \"contact\");",
    );
    let calls = [
        line_of(
            &dir,
            "src/mailer.rs",
            "logging::log_contact(&customer.email);",
        ),
        line_of(&dir, "src/mailer.rs", "logging::log_contact(&address);"),
    ];
    let report = check_case(&dir);
    let at_sink: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.file == "src/logging.rs" && f.line == sink)
        .collect();
    assert_eq!(
        at_sink.len(),
        1,
        "one finding at the helper's sink: {:#?}",
        report.findings
    );
    for call in calls {
        assert!(
            at_sink[0]
                .trace
                .iter()
                .any(|s| s.file == "src/mailer.rs" && s.line == call),
            "call site src/mailer.rs:{call} missing from the trace: {:#?}",
            at_sink[0].trace
        );
    }
    assert!(
        !report.findings.iter().any(|f| f.file == "src/mailer.rs"),
        "no finding at call sites: {:#?}",
        report.findings
    );
}

#[test]
fn fixture_trees_are_deterministic() {
    let dir = case_dir("log-leak", "axum_service");
    let first = check_case(&dir);
    let second = check_case(&dir);
    assert_eq!(first.findings, second.findings);
    assert_eq!(first.errors, second.errors);
}

#[test]
fn a_function_source_names_the_function_and_the_sanitizers_are_listed() {
    let dir = case_dir("log-leak", "function_sources");
    let report = check_case(&dir);
    let fields: Vec<(String, usize, Option<&str>, Option<&str>)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "log-leak")
        .map(|f| {
            (
                f.file.clone(),
                f.line,
                f.field.as_deref(),
                f.category.as_deref(),
            )
        })
        .collect();
    let at = |file: &str, needle: &str| line_of(&dir, file, needle);
    assert_eq!(
        fields,
        vec![
            (
                "src/accounts.rs".to_owned(),
                at("src/accounts.rs", "audit mail goes to"),
                Some("Account::verified_email"),
                Some("email")
            ),
            (
                "src/accounts.rs".to_owned(),
                at("src/accounts.rs", "\"primary contact\""),
                Some("contacts::primary_address"),
                Some("email")
            ),
            (
                "src/accounts.rs".to_owned(),
                at("src/accounts.rs", "directory entry: "),
                Some("directory_client::lookup_mail"),
                Some("email")
            ),
            (
                "src/reports.rs".to_owned(),
                at("src/reports.rs", "eprintln!"),
                Some("Account::verified_email"),
                Some("email")
            ),
        ]
    );
    let first_leak = report.findings.iter().find(|f| f.rule == "log-leak");
    assert_eq!(
        first_leak.map(|f| f.message.as_str()),
        Some("`Account::verified_email` (email) reaches `tracing::info!`")
    );
    assert_eq!(
        report.stats.sanitizers,
        vec![
            "Account::email_domain".to_owned(),
            "directory_client::anonymise".to_owned()
        ]
    );
    assert_eq!(report.stats.personal_fields, 0);
}

//! Every fixture case under `fixtures/response-leak/`, checked against its
//! inline `//~` expectations: the specification by example of the
//! `response-leak` rule, one small service per web framework.

use datamin_lint::{Finding, Level};
use datamin_tests::{assert_all_listed, assert_case, case_dir, check_case, line_of};

const RULE: &str = "response-leak";

/// One `#[test]` per case directory, plus the list of them all.
macro_rules! cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                assert_case(RULE, stringify!($case));
            }
        )*

        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

cases! {
    actix_and_graphql_layers,
    actix_web,
    askama_templates,
    async_graphql,
    axum,
    collections_built_by_hand,
    dto_conversions_multi_file,
    error_side_bodies,
    hand_written_serialize,
    headers_and_cookies,
    heldout2_actix_resources,
    heldout2_axum_state,
    heldout2_graphql_dataloader,
    heldout2_misc_frameworks,
    heldout3_clinic_actix,
    heldout3_events_graphql,
    heldout4_blog_rocket_diesel,
    heldout4_poem_openapi,
    heldout3_saas_axum,
    heldout_api_misc,
    heldout_events_graphql,
    heldout_marketplace_axum,
    heldout_portal_rocket_poem,
    heldout_school_actix,
    issue8_actix_scope_messages,
    issue8_enum_variants,
    issue8_err_side_responses,
    issue8_outgoing_requests,
    issue8_private_cookies,
    issue8_renamed_imports,
    issue8_typed_by_turbofish,
    issue8_values_built_by_hand,
    poem,
    responses_through_helpers,
    rocket,
    serde_json_in_handlers,
    warp,
}

#[test]
fn every_fixture_directory_is_listed() {
    assert_all_listed(RULE, CASES);
}

/// The only `response-leak` finding on the only line of `file` containing
/// `needle`, with the text of that line.
fn finding_at(case: &str, file: &str, needle: &str) -> (Finding, String) {
    let dir = case_dir(RULE, case);
    let line = line_of(&dir, file, needle);
    let text = std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let line_text = text.lines().nth(line - 1).unwrap_or_default().to_owned();
    let report = check_case(&dir);
    let at_line: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.rule == RULE && f.file == file && f.line == line)
        .collect();
    match at_line.as_slice() {
        [finding] => ((*finding).clone(), line_text),
        _ => panic!(
            "expected one {RULE} finding at {case}/{file}:{line}, got {}: {:#?}",
            at_line.len(),
            report.findings
        ),
    }
}

/// 1-based column of the first occurrence of `token` in `line`.
fn column_of(line: &str, token: &str) -> usize {
    let at = line
        .find(token)
        .unwrap_or_else(|| panic!("`{token}` not in `{line}`"));
    line[..at].chars().count() + 1
}

#[test]
fn message_names_field_category_route_and_sink() {
    let (finding, _) = finding_at("axum", "src/routes/customers.rs", "Ok(Json(customer))");
    assert_eq!(
        finding.message,
        "`Customer.email` (email) reaches the body of GET /customers/{id} (axum Json)"
    );
    assert_eq!(finding.field.as_deref(), Some("Customer.email"));
    assert_eq!(finding.category.as_deref(), Some("email"));
}

#[test]
fn message_counts_the_other_personal_fields_of_one_sink() {
    let (finding, _) = finding_at("axum", "src/routes/leads.rs", "Ok(axum::Json(lead))");
    assert_eq!(
        finding.message,
        "`Lead.email` (email) and 2 more personal fields reach the body of GET /leads/{id} (axum Json)"
    );
    assert_eq!(finding.field.as_deref(), Some("Lead.email"));
    assert_eq!(finding.category.as_deref(), Some("email"));
}

#[test]
fn message_takes_the_route_from_a_route_attribute() {
    let (finding, _) = finding_at("actix_web", "src/handlers/patients.rs", ".json(patient))");
    assert!(
        finding.message.starts_with("`Patient.name` (name) "),
        "{finding:#?}"
    );
    assert!(
        finding
            .message
            .contains(" reach the body of GET /patients/{id} (")
            || finding
                .message
                .contains(" reaches the body of GET /patients/{id} ("),
        "{finding:#?}"
    );
    assert_eq!(finding.field.as_deref(), Some("Patient.name"));
    assert_eq!(finding.category.as_deref(), Some("name"));
}

/// Where each kind of sink is reported: `(case, file, unique text of the
/// line, text that starts at the finding's column)`.
const SINK_COLUMNS: &[(&str, &str, &str, &str)] = &[
    (
        "axum",
        "src/routes/customers.rs",
        "Ok(Json(customer))",
        "Json",
    ),
    (
        "axum",
        "src/routes/customers.rs",
        "(StatusCode::OK, Json(customer))",
        "Json",
    ),
    (
        "axum",
        "src/routes/customers.rs",
        "format!(\"Hello, {}!\", customer.email)",
        "format!",
    ),
    (
        "axum",
        "src/routes/leads.rs",
        "Ok(axum::Json(lead))",
        "axum::",
    ),
    ("axum", "src/routes/leads.rs", "Ok(Html(page))", "Html"),
    (
        "actix_web",
        "src/handlers/patients.rs",
        ".json(patient))",
        "json(",
    ),
    (
        "actix_web",
        "src/handlers/patients.rs",
        "content_type(ContentType::html()).body(format!(",
        "body(",
    ),
    (
        "actix_web",
        "src/handlers/patients.rs",
        "Ok(web::Json(patients))",
        "web::",
    ),
    (
        "warp",
        "src/handlers.rs",
        "Ok(warp::reply::json(&member))",
        "warp::",
    ),
    (
        "warp",
        "src/handlers.rs",
        "Ok(reply::json(&members))",
        "reply::",
    ),
    (
        "warp",
        "src/handlers.rs",
        "warp::reply::json(&member),",
        "warp::",
    ),
    (
        "rocket",
        "src/routes/pages.rs",
        "let page = Template::render(",
        "Template::",
    ),
    (
        "poem",
        "src/api/mod.rs",
        "GetTutorResponse::Ok(Json(tutor))",
        "Json(tutor)",
    ),
    (
        "serde_json_in_handlers",
        "src/handlers/profiles.rs",
        "serde_json::to_string(&profile).unwrap()",
        "serde_json::",
    ),
    (
        "serde_json_in_handlers",
        "src/handlers/profiles.rs",
        "Ok(json!({ \"name\"",
        "json!",
    ),
    (
        "serde_json_in_handlers",
        "src/handlers/export.rs",
        ".body(Body::from(bytes))",
        "body(",
    ),
    (
        "headers_and_cookies",
        "src/handlers/session.rs",
        "Cookie::new(\"last_email\"",
        "Cookie::",
    ),
    (
        "headers_and_cookies",
        "src/handlers/session.rs",
        "(\"X-User-Email\"",
        "insert_header",
    ),
    (
        "askama_templates",
        "src/handlers/account.rs",
        "Ok(Html(profile_page.render()",
        "Html(",
    ),
    (
        "dto_conversions_multi_file",
        "src/responses.rs",
        "Json(user)",
        "Json(user)",
    ),
];

#[test]
fn findings_point_at_the_first_token_of_the_sink() {
    let mut wrong = Vec::new();
    for &(case, file, needle, token) in SINK_COLUMNS {
        let (finding, line) = finding_at(case, file, needle);
        let want = column_of(&line, token);
        if finding.column != want {
            wrong.push(format!(
                "{case}/{file}:{}: column {}, expected {want} (`{token}`)",
                finding.line, finding.column
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn graphql_findings_point_at_the_exposed_field_or_resolver_name() {
    let cases = [
        ("src/schema/user.rs", "pub email: String,", "email"),
        (
            "src/schema/user.rs",
            "pub display_name: String,",
            "display_name",
        ),
        (
            "src/schema/account.rs",
            "async fn shipping_address(&self)",
            "shipping_address",
        ),
        (
            "src/schema/account.rs",
            "async fn billing_email(&self)",
            "billing_email",
        ),
    ];
    for (file, needle, name) in cases {
        let (finding, line) = finding_at("async_graphql", file, needle);
        assert_eq!(
            finding.column,
            column_of(&line, name),
            "`{name}` in {file}: {finding:#?}"
        );
    }
    let (field, _) = finding_at("async_graphql", "src/schema/user.rs", "pub email: String,");
    assert_eq!(field.field.as_deref(), Some("User.email"));
    assert_eq!(field.category.as_deref(), Some("email"));
}

#[test]
fn default_level_of_response_leak_is_deny_and_fails_the_check() {
    let report = check_case(&case_dir(RULE, "warp"));
    let leaks: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == RULE).collect();
    assert!(!leaks.is_empty(), "{:#?}", report.findings);
    assert!(leaks.iter().all(|f| f.level == Level::Deny), "{leaks:#?}");
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn response_fixture_trees_are_deterministic() {
    let dir = case_dir(RULE, "dto_conversions_multi_file");
    let first = check_case(&dir);
    let second = check_case(&dir);
    assert_eq!(first.findings, second.findings);
    assert_eq!(first.errors, second.errors);
}

#[test]
fn a_json_imported_through_an_actix_glob_is_labelled_actix() {
    // `use actix_web::web::*;` then `Json(contact)`: actix-web's, not axum's.
    let case = "issue8_actix_scope_messages";
    let (contact, _) = finding_at(case, "src/handlers.rs", "Some(Json(contact))");
    assert_eq!(
        contact.sink.as_deref(),
        Some("actix-web Json"),
        "{contact:#?}"
    );
    assert!(
        contact.message.ends_with("(actix-web Json)"),
        "{contact:#?}"
    );
}

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
    actix_resources_cookies_and_errors,
    actix_scope_routes_and_messages,
    actix_web,
    askama_templates,
    async_graphql,
    axum,
    axum_nested_and_merged_routers,
    axum_state_and_extension_handlers,
    blog_rocket_diesel_and_templates,
    clinic_actix_custom_responders,
    clinic_gateway_warp_poem_askama,
    collections_built_by_hand,
    column_rows_in_responses,
    column_sources_responses,
    dto_conversions_multi_file,
    enum_values_by_variant,
    err_tuples_of_handler_results,
    error_side_bodies,
    graphql_conference_tickets,
    graphql_dataloaders_and_connections,
    graphql_event_registration,
    hand_written_serialize,
    headers_and_cookies,
    json_values_built_by_hand,
    marketplace_axum_dtos_and_orders,
    member_portal_rocket_and_poem,
    multi_tenant_axum_dtos_and_bodies,
    outgoing_requests_are_not_responses,
    poem,
    poem_openapi_dto_into_conversions,
    poem_openapi_members_and_teams,
    private_and_signed_cookie_jars,
    redaction_crates,
    renamed_imports_of_outside_types,
    responses_through_helpers,
    rocket,
    rocket_errors_through_responder_impl,
    school_actix_scopes_and_reports,
    serde_json_in_handlers,
    types_from_turbofish_calls,
    warp,
    warp_api_and_axum_backoffice,
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
    let case = "actix_scope_routes_and_messages";
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

/// The trace of a finding as `(file, line, note)`.
fn trace_of(finding: &Finding) -> Vec<(String, usize, String)> {
    finding
        .trace
        .iter()
        .map(|step| (step.file.clone(), step.line, step.note.clone()))
        .collect()
}

/// The expected trace, each step's line given by a text found only there.
fn steps(case: &str, expected: &[(&str, &str, &str)]) -> Vec<(String, usize, String)> {
    let dir = case_dir(RULE, case);
    expected
        .iter()
        .map(|&(file, needle, note)| {
            (
                file.to_owned(),
                line_of(&dir, file, needle),
                note.to_owned(),
            )
        })
        .collect()
}

#[test]
fn messages_name_actix_the_scope_and_the_callee_step() {
    let case = "actix_scope_routes_and_messages";
    let (user, _) = finding_at(case, "src/handlers.rs", "HttpResponse::Ok().json(user)");
    assert_eq!(
        user.message,
        "`User.email` (email) reaches the body of GET /api/v3/users/{id} (actix-web json)"
    );
    let (contact, _) = finding_at(case, "src/handlers.rs", "Some(Json(contact))");
    assert_eq!(
        contact.message,
        "`User.email` (email) reaches the body of GET /api/v3/users/{id}/contact (actix-web Json)"
    );
    // The step inside `contact_of` that made its result personal comes first.
    assert_eq!(
        trace_of(&contact),
        steps(
            case,
            &[
                (
                    "src/models.rs",
                    "let reach_at = user.email",
                    "personal data read here"
                ),
                (
                    "src/models.rs",
                    "let reach_at = user.email",
                    "bound to `reach_at`"
                ),
                (
                    "src/handlers.rs",
                    "let contact = contact_of(&user);",
                    "returned from `contact_of`"
                ),
            ]
        )
    );
}

#[test]
fn actix_routes_in_nested_scopes_resources_and_configure_carry_every_prefix() {
    let case = "actix_scope_routes_and_messages";
    let cases = [
        // `.service(handlers::card)` in the scope, `#[get("/cards/{id}")]` on it.
        (
            "HttpResponse::Ok().json(holder)",
            "GET /api/v3/cards/{id} (actix-web json)",
        ),
        // A resource in a scope in the scope.
        (
            "Some(Json(link))",
            "GET /api/v3/admin/users/{id}/mailto (actix-web Json)",
        ),
        // `.configure(handlers::exports)` in the scope.
        (
            "Some(Json(user))",
            "GET /api/v3/export/{id} (actix-web Json)",
        ),
    ];
    for (needle, route) in cases {
        let (finding, _) = finding_at(case, "src/handlers.rs", needle);
        assert_eq!(
            finding.message,
            format!("`User.email` (email) reaches the body of {route}"),
            "{needle}"
        );
    }
}

#[test]
fn a_callee_that_reshapes_a_personal_argument_shows_its_steps_in_the_trace() {
    let case = "actix_scope_routes_and_messages";
    let (link, _) = finding_at(case, "src/handlers.rs", "Some(Json(link))");
    assert_eq!(
        trace_of(&link),
        steps(
            case,
            &[
                (
                    "src/handlers.rs",
                    "let link = mailto_link(&user.email);",
                    "personal data read here"
                ),
                (
                    "src/models.rs",
                    "pub fn mailto_link(address: &str)",
                    "bound to `address`"
                ),
                (
                    "src/models.rs",
                    "let lower = address.to_lowercase();",
                    "bound to `lower`"
                ),
                (
                    "src/handlers.rs",
                    "let link = mailto_link(&user.email);",
                    "returned from `mailto_link`"
                ),
                (
                    "src/handlers.rs",
                    "let link = mailto_link(&user.email);",
                    "bound to `link`"
                ),
            ]
        )
    );
}

#[test]
fn nested_axum_routers_name_the_full_route() {
    let case = "axum_nested_and_merged_routers";
    let both = "`Member.email` (email) and `Member.display_name` (name) reach the body of";
    let (show, _) = finding_at(case, "src/api/members.rs", "Ok(Json(member))");
    assert_eq!(
        show.message,
        format!("{both} GET /api/v2/members/{{id}} (axum Json)")
    );
    let (admin, _) = finding_at(case, "src/api/admin.rs", "Ok(Json(member))");
    assert_eq!(
        admin.message,
        format!("{both} GET /api/admin/members/{{id}} (axum Json)")
    );
    let (greeting, _) = finding_at(case, "src/api/members.rs", "Ok(Html(page))");
    assert_eq!(
        greeting.message,
        "`Member.display_name` (name) reaches the body of GET /api/v2/members/{id}/greeting (axum Html)"
    );
    assert_eq!(
        trace_of(&greeting),
        steps(
            case,
            &[
                (
                    "src/api/members.rs",
                    "let page = greeting_for(",
                    "personal data read here"
                ),
                (
                    "src/models.rs",
                    "pub fn greeting_for(name: &str)",
                    "bound to `name`"
                ),
                (
                    "src/models.rs",
                    "let trimmed = name.trim();",
                    "bound to `trimmed`"
                ),
                (
                    "src/api/members.rs",
                    "let page = greeting_for(",
                    "returned from `greeting_for`"
                ),
                (
                    "src/api/members.rs",
                    "let page = greeting_for(",
                    "bound to `page`"
                ),
            ]
        )
    );
}

#[test]
fn routes_mounted_through_router_functions_carry_the_mount_prefix() {
    let cases = [
        // axum: `nest("/api/v1", api::router())`, which nests `sellers::router()`.
        (
            "marketplace_axum_dtos_and_orders",
            "src/api/sellers.rs",
            "Ok(Json(SellerContact::from(&seller)))",
            "GET /api/v1/sellers/{id}/contact (axum Json)",
        ),
        // axum: a nested router's `/` route is the prefix itself.
        (
            "marketplace_axum_dtos_and_orders",
            "src/api/buyers.rs",
            "Ok(Json(Page::new(buyers, &params, total)))",
            "GET /api/v1/buyers (axum Json)",
        ),
        // rocket: `mount("/api", routes::api::routes())` and `#[get("/posts/<id>")]`.
        (
            "blog_rocket_diesel_and_templates",
            "src/routes/api.rs",
            "Ok(Json(PostDetail { post, author, comments }))",
            "GET /api/posts/<id> (rocket Json)",
        ),
        // actix-web: `web::scope("/api").configure(routes::configure)`, a
        // scope in it, and `#[get("/{id}")]`.
        (
            "school_actix_scopes_and_reports",
            "src/routes/students.rs",
            "Ok(web::Json(student))",
            "GET /api/students/{id} (actix-web Json)",
        ),
    ];
    for (case, file, needle, route) in cases {
        let (finding, _) = finding_at(case, file, needle);
        assert!(
            finding.message.ends_with(&format!(" the body of {route}")),
            "{case}/{file}: {}",
            finding.message
        );
    }
}

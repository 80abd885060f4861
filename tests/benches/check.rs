//! `cargo bench -p datamin-tests`: wall-clock time of a whole check (walk,
//! parse, model, flow analysis to a fixpoint) on the bundled example, the
//! largest fixture tree, and a generated service of a few hundred files.
//!
//! Each tree is checked `RUNS` times after one warm-up; the median and the
//! fastest run are printed. No timing is asserted: this measures, it does not
//! gate.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use datamin_lint::{Config, check};

const RUNS: usize = 7;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let generated = generate_service(300);
    let trees: Vec<(&str, PathBuf)> = vec![
        ("examples/shop", repo.join("examples/shop")),
        (
            "largest fixture (log-leak/axum_service)",
            repo.join("tests/fixtures/log-leak/axum_service"),
        ),
        (
            "all log-leak fixtures",
            repo.join("tests/fixtures/log-leak"),
        ),
        (
            "all response-leak fixtures",
            repo.join("tests/fixtures/response-leak"),
        ),
        ("generated service, 300 files", generated.clone()),
    ];
    println!(
        "{:<42} {:>6} {:>8} {:>10} {:>10}",
        "tree", "files", "findings", "median", "fastest"
    );
    for (name, dir) in trees {
        let config = Config::discover(&dir).unwrap_or_default();
        let warm = check(&dir, &config);
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let report = check(&dir, &config);
                std::hint::black_box(report);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{:<42} {:>6} {:>8} {:>8.1}ms {:>8.1}ms",
            name,
            warm.stats.files,
            warm.findings.len(),
            times[RUNS / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0
        );
    }
    let _ = std::fs::remove_dir_all(&generated);
}

/// A service with `n` modules, each a model with personal fields, a
/// repository, handlers that log and respond, and helpers across modules.
fn generate_service(n: usize) -> PathBuf {
    let root = std::env::temp_dir().join(format!("datamin-bench-{}", std::process::id()));
    let src = root.join("src");
    std::fs::create_dir_all(&src).expect("create bench tree");
    let mut main = String::from("use axum::{Router, routing::get};\n");
    for i in 0..n {
        main.push_str(&format!("mod m{i};\n"));
        let next = (i + 1) % n;
        let module = format!(
            r#"use axum::{{Json, extract::{{Path, State}}}};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, datamin::Personal)]
pub struct Customer{i} {{
    pub id: u64,
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    #[serde(skip)]
    pub name: String,
    pub plan: String,
}}

#[derive(Serialize)]
pub struct Public{i} {{
    pub id: u64,
    pub plan: String,
}}

impl From<&Customer{i}> for Public{i} {{
    fn from(c: &Customer{i}) -> Self {{
        Public{i} {{ id: c.id, plan: c.plan.clone() }}
    }}
}}

pub struct Repo{i} {{
    rows: Vec<Customer{i}>,
}}

impl Repo{i} {{
    pub fn find(&self, id: u64) -> Option<&Customer{i}> {{
        self.rows.iter().find(|c| c.id == id)
    }}

    pub fn emails(&self) -> Vec<String> {{
        self.rows.iter().map(|c| c.email.clone()).collect()
    }}
}}

pub fn contact(c: &Customer{i}) -> String {{
    format!("{{}} <{{}}>", c.name, c.email)
}}

pub fn audit(label: &str, value: &str) {{
    tracing::info!(label, "audit {{value}}");
}}

pub async fn show(State(repo): State<Repo{i}>, Path(id): Path<u64>) -> Option<Json<Public{i}>> {{
    let customer = repo.find(id)?;
    tracing::info!(customer_id = customer.id, "shown");
    if customer.plan == "trial" {{
        audit("trial", &contact(customer));
    }}
    let count = repo.emails().len();
    tracing::debug!(count, "emails on file");
    crate::m{next}::audit("neighbour", &customer.plan);
    Some(Json(Public{i}::from(customer)))
}}

pub async fn export(State(repo): State<Repo{i}>) -> Json<Vec<Customer{i}>> {{
    let mut out = Vec::new();
    for c in &repo.rows {{
        if c.plan != "internal" {{
            out.push(c.clone());
        }}
    }}
    Json(out)
}}
"#
        );
        std::fs::write(src.join(format!("m{i}.rs")), module).expect("write bench module");
    }
    main.push_str("fn main() {\n    let app = Router::new()");
    for i in 0..n {
        main.push_str(&format!(
            "\n        .route(\"/c{i}/{{id}}\", get(m{i}::show))"
        ));
    }
    main.push_str(";\n    drop(app);\n}\n");
    std::fs::write(src.join("main.rs"), main).expect("write bench main");
    root
}

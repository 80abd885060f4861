#!/usr/bin/env python3
"""Writes an annotated synthetic web service for the datamin benchmarks.

    gen-service.py OUT_DIR --modules N [--chain DEPTH] [--seed S]

The tree is Cargo-like: OUT_DIR/Cargo.toml, OUT_DIR/src/main.rs and one file
OUT_DIR/src/m<K>.rs per module (K = 0 .. N-1). It is meant to be read by
`cargo datamin check`, never compiled (its dependencies are not fetched), but
it is written as valid Rust that would compile with them.

Every module has a personal model struct, a repository, axum-style handlers,
helpers that call helpers of other modules, clean log lines and planted leaks.
With --chain DEPTH there is also a chain of DEPTH helper functions
`step_0` .. `step_{DEPTH-1}`, spread over the modules, each of which logs its
argument and hands it to the next; a handler starts it with a customer's
e-mail address. Finding all of the chain's leaks needs the analysis to follow
the value through the whole chain, through callees defined both in higher and
in lower numbered modules than their callers.

Each planted leak line ends with the fixture marker `//~ log-leak`, on the
line of the sink macro's name. OUT_DIR/EXPECTED holds the number of planted
leaks, which is also printed. The output depends only on the arguments.
"""

import argparse
import os
import random
import shutil
import sys

MARK = " //~ log-leak"


class Module:
    """The text of one generated module, with its count of planted leaks."""

    def __init__(self, k):
        self.k = k
        self.lines = []

    def add(self, text):
        for line in text.strip("\n").split("\n"):
            self.lines.append(line)
        self.lines.append("")

    def leak_marks(self):
        return sum(1 for line in self.lines if line.endswith(MARK))


def model(k):
    return f"""
/// A customer of shard {k}.
#[derive(Debug, Clone, serde::Serialize, datamin::Personal)]
pub struct Customer{k} {{
    pub id: u64,
    #[personal(email)]
    pub email: String,
    #[personal(name)]
    pub full_name: String,
    pub plan: String,
}}

/// What the API shows of a customer of shard {k}: no personal field.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CustomerView{k} {{
    pub id: u64,
    pub plan: String,
}}

/// The body of a plan change.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PlanChange{k} {{
    pub plan: String,
}}
"""


def repository(k):
    return f"""
/// Customers of shard {k}, in memory.
#[derive(Debug, Default)]
pub struct Repo{k} {{
    rows: Vec<Customer{k}>,
}}

impl Repo{k} {{
    pub fn new() -> Self {{
        Repo{k} {{ rows: Vec::new() }}
    }}

    pub fn find(&self, id: u64) -> Option<Customer{k}> {{
        let found = self.rows.iter().find(|c| c.id == id).cloned();
        tracing::debug!(id, hit = found.is_some(), "repo{k} lookup");
        found
    }}

    pub fn load(&self, id: u64) -> Customer{k} {{
        match self.find(id) {{
            Some(c) => c,
            None => Customer{k} {{
                id,
                email: String::new(),
                full_name: String::new(),
                plan: "free".to_owned(),
            }},
        }}
    }}

    pub fn save(&mut self, c: Customer{k}) {{
        tracing::info!(id = c.id, plan = %c.plan, "saved");
        self.rows.push(c);
    }}

    pub fn on_plan(&self, plan: &str) -> usize {{
        let n = self.rows.iter().filter(|c| c.plan == plan).count();
        tracing::debug!(plan, n, "plan count");
        n
    }}
}}
"""


def helpers(k, nxt):
    """Helpers; `nxt` is the module whose helpers these ones call."""
    return f"""
pub fn view(c: &Customer{k}) -> CustomerView{k} {{
    CustomerView{k} {{ id: c.id, plan: c.plan.clone() }}
}}

pub fn describe(c: &Customer{k}) -> String {{
    format!("customer {{}} on plan {{}}", c.id, c.plan)
}}

pub fn greeting(c: &Customer{k}) -> String {{
    format!("Dear {{}}", c.full_name)
}}

pub fn audit_contact(name: &str) {{
    tracing::info!(name, "contact audited");{MARK}
}}

pub fn audit_reference(reference: &str) {{
    tracing::info!(reference, "reference audited");
}}

pub fn report(c: &Customer{k}) {{
    println!("{{:?}}", c);{MARK}
    println!("{{}}", describe(c));
    let related = crate::m{nxt}::Repo{nxt}::new().load(c.id);
    let summary = crate::m{nxt}::describe(&related);
    tracing::info!(%summary, "related customer");
    crate::m{nxt}::audit_contact(&c.full_name);
    crate::m{nxt}::audit_reference(&format!("ref-{{}}", c.id));
}}

pub fn remind(c: &Customer{k}) {{
    let text = greeting(c);
    tracing::info!(len = text.len(), "reminder built");
    tracing::info!("sending {{}}", text);{MARK}
}}
"""


def handlers(k, nxt):
    return f"""
pub async fn get_customer(Path(id): Path<u64>) -> Json<CustomerView{k}> {{
    let repo = Repo{k}::new();
    let c = repo.load(id);
    tracing::info!(id = c.id, "loaded");
    let label = crate::m{nxt}::describe(&crate::m{nxt}::Repo{nxt}::new().load(id));
    tracing::info!(%label, "neighbour");
    Json(view(&c))
}}

pub async fn update_plan(Path(id): Path<u64>, Json(change): Json<PlanChange{k}>) -> StatusCode {{
    let mut repo = Repo{k}::new();
    let mut c = repo.load(id);
    c.plan = change.plan;
    tracing::info!(id = c.id, plan = %c.plan, "plan changed");
    tracing::info!("{{}}", c.email);{MARK}
    repo.save(c);
    StatusCode::NO_CONTENT
}}

pub async fn count_plan(Path(plan): Path<String>) -> Json<usize> {{
    let n = Repo{k}::new().on_plan(&plan);
    tracing::info!(%plan, n, "counted");
    Json(n)
}}
"""


def chain_layout(modules, depth, rng):
    """The module of each chain step: mostly a higher module than the step
    before it, sometimes a lower one."""
    if modules == 1:
        return [0] * depth
    at = rng.randrange(modules)
    layout = []
    for _ in range(depth):
        layout.append(at)
        if rng.random() < 0.7:
            at = at + rng.randint(1, 3)
            if at >= modules:
                at = rng.randrange(max(1, modules // 4))
        else:
            at = rng.randrange(max(1, at)) if at > 0 else rng.randrange(modules)
    return layout


def step(i, depth, layout):
    nxt = f"crate::m{layout[i + 1]}::" if i + 1 < depth else None
    body = [f"pub fn step_{i}(email: &str) {{", f'    tracing::debug!("step {{}}", email);{MARK}']
    if nxt:
        body.append(f"    {nxt}step_{i + 1}(email);")
    else:
        body.append(f'    tracing::warn!("{{}}", email);{MARK}')
    body.append("}")
    body.append("")
    body.append(f"pub fn tally_{i}(n: u64) {{")
    body.append(f'    tracing::debug!("tally {{}}", n);')
    if nxt:
        body.append(f"    {nxt}tally_{i + 1}(n + 1);")
    else:
        body.append(f'    tracing::warn!("{{}}", n);')
    body.append("}")
    return "\n".join(body)


def chain_start(k, first):
    return f"""
pub async fn notify_customer(Path(id): Path<u64>) -> StatusCode {{
    let c = Repo{k}::new().load(id);
    tracing::info!(id = c.id, "notifying");
    crate::m{first}::step_0(&c.email);
    crate::m{first}::tally_0(c.id);
    StatusCode::ACCEPTED
}}
"""


HEADER = """//! Generated by bench/gen-service.py: module {k} of {n}.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::Json;
"""


def main_rs(n, chain):
    lines = ["//! Generated by bench/gen-service.py: a synthetic customer service.", ""]
    lines += [f"mod m{k};" for k in range(n)]
    lines += [
        "",
        "use axum::routing::get;",
        "use axum::Router;",
        "",
        "#[tokio::main]",
        "async fn main() {",
        '    tracing::info!(modules = {}, "starting");'.format(n),
        "    let app = Router::new()",
    ]
    for k in range(n):
        lines.append(
            f'        .route("/m{k}/customers/{{id}}", get(m{k}::get_customer).put(m{k}::update_plan))'
        )
        lines.append(f'        .route("/m{k}/plans/{{plan}}", get(m{k}::count_plan))')
    if chain:
        lines.append('        .route("/notify/{id}", axum::routing::post(m0::notify_customer))')
    lines[-1] += ";"
    lines += [
        '    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.expect("bind");',
        '    tracing::info!("listening");',
        '    axum::serve(listener, app).await.expect("serve");',
        "}",
        "",
    ]
    return "\n".join(lines)


CARGO_TOML = """[package]
name = "gen-service-{n}{chain}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
axum = "0.8"
datamin = "0.1"
serde = {{ version = "1", features = ["derive"] }}
tokio = {{ version = "1", features = ["full"] }}
tracing = "0.1"
"""


def generate(out, n, depth, seed):
    rng = random.Random(seed * 1_000_003 + n * 1009 + depth)
    mods = [Module(k) for k in range(n)]
    for m in mods:
        k = m.k
        nxt = (k + 1) % n
        m.add(HEADER.format(k=k, n=n))
        m.add(model(k))
        m.add(repository(k))
        m.add(helpers(k, nxt))
        m.add(handlers(k, nxt))
    if depth:
        layout = chain_layout(n, depth, rng)
        mods[0].add(chain_start(0, layout[0]))
        per_module = {}
        for i, k in enumerate(layout):
            per_module.setdefault(k, []).append(i)
        for k, steps in per_module.items():
            # Within a module, callers and callees come in no particular order.
            rng.shuffle(steps)
            for i in steps:
                mods[k].add(step(i, depth, layout))

    if os.path.isdir(os.path.join(out, "src")):
        shutil.rmtree(os.path.join(out, "src"))
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    with open(os.path.join(out, "Cargo.toml"), "w") as f:
        f.write(CARGO_TOML.format(n=n, chain=f"-chain-{depth}" if depth else ""))
    with open(os.path.join(out, "src", "main.rs"), "w") as f:
        f.write(main_rs(n, depth))
    expected = 0
    for m in mods:
        expected += m.leak_marks()
        with open(os.path.join(out, "src", f"m{m.k}.rs"), "w") as f:
            f.write("\n".join(m.lines).rstrip("\n") + "\n")
    with open(os.path.join(out, "EXPECTED"), "w") as f:
        f.write(f"{expected}\n")
    return expected


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", metavar="OUT_DIR")
    parser.add_argument("--modules", type=int, required=True, metavar="N")
    parser.add_argument("--chain", type=int, default=0, metavar="DEPTH")
    parser.add_argument("--seed", type=int, default=7, metavar="S")
    args = parser.parse_args(argv)
    if args.modules < 1:
        parser.error("--modules must be at least 1")
    if args.chain < 0:
        parser.error("--chain must not be negative")
    expected = generate(args.out_dir, args.modules, args.chain, args.seed)
    print(expected)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

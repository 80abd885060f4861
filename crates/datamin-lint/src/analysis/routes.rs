//! Which functions serve requests, and on which routes.
//!
//! A function is a handler when a router registers it (`.route("/x",
//! get(handler))` in axum, `web::get().to(handler)` in actix-web, `routes![..]`
//! in rocket, `.at("/x", get(handler))` in poem), when it carries a route
//! attribute (`#[get("/x")]`, `#[handler]`, `#[oai(..)]`), or when it returns
//! a response type (`impl IntoResponse`, `Json<T>`, `HttpResponse`, ...).

use rayon::prelude::*;

use super::ir::{self, Expr, ExprKind, Node};
use super::model::{FnId, Model};
use super::workers::Workers;
use crate::sinks::web::METHOD_ROUTERS;

/// Marks the handlers of the tree and their routes.
pub(crate) fn mark_handlers(model: &mut Model<'_>, workers: &Workers) {
    for f in model.fns.iter_mut() {
        if let Some(route) = &f.attrs.route {
            f.handler = true;
            if route.is_some() {
                f.route.clone_from(route);
            }
        }
        f.handler |= f.sig.returns_response;
    }
    // Each body is read on its own (on `workers`); what they register is
    // applied in the order of the functions.
    let shared: &Model<'_> = model;
    let found: Vec<Vec<(FnId, Option<String>)>> = workers.install(|| {
        shared
            .fns
            .iter()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|f| {
                let mut visitor = RouterVisitor {
                    model: shared,
                    file: f.file,
                    module: &f.module,
                    found: Vec::new(),
                };
                ir::walk_block(f.block, false, &mut |node| visitor.visit(node));
                visitor.found
            })
            .collect()
    });
    for (fid, route) in found.into_iter().flatten() {
        let f = &mut model.fns[fid];
        f.handler = true;
        if f.route.is_none() {
            f.route = route;
        }
    }
}

struct RouterVisitor<'v, 'a> {
    model: &'v Model<'a>,
    file: usize,
    module: &'v [String],
    found: Vec<(FnId, Option<String>)>,
}

impl RouterVisitor<'_, '_> {
    fn handler(&mut self, expr: &Expr, method: Option<&str>, path: Option<&str>) {
        let ExprKind::Path(p) = &expr.kind else {
            return;
        };
        let Some(fid) = self.resolve(&p.segs) else {
            return;
        };
        let route = match (method, path) {
            (Some(m), Some(p)) => Some(format!("{} {p}", m.to_uppercase())),
            _ => None,
        };
        self.found.push((fid, route));
    }

    fn resolve(&self, segs: &[String]) -> Option<FnId> {
        if segs.len() >= 2 {
            let owner = &segs[segs.len() - 2];
            if let Some(tid) = self.model.resolve_type_name(self.file, owner, self.module) {
                let name = segs[segs.len() - 1].clone();
                return self.model.methods.get(&(tid, name))?.first().copied();
            }
        }
        self.model.resolve_fn(self.file, self.module, segs)
    }

    /// Finds `get(handler)`, `get(a).post(b)`, `web::get().to(handler)` in a
    /// method router expression.
    fn method_router(&mut self, expr: &Expr, path: Option<&str>) {
        match &expr.kind {
            ExprKind::Call { func, args } => {
                if let ExprKind::Path(p) = &func.kind {
                    let last = p.last();
                    if METHOD_ROUTERS.contains(&last)
                        && let Some(arg) = args.first()
                    {
                        self.handler(arg, Some(last), path);
                    }
                }
            }
            ExprKind::MethodCall(m) => {
                let name = m.method.as_str();
                if METHOD_ROUTERS.contains(&name) {
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, Some(name), path);
                    }
                } else if name == "to" {
                    let method = receiver_method(&m.receiver);
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, method, path);
                    }
                } else if name == "route" {
                    for arg in &m.args {
                        self.method_router(arg, path);
                    }
                }
                self.method_router(&m.receiver, path);
            }
            _ => {}
        }
    }

    fn visit(&mut self, node: Node<'_>) {
        match node {
            Node::Expr(Expr {
                kind: ExprKind::MethodCall(m),
                ..
            }) => self.visit_method_call(m),
            Node::Macro(mac) if mac.path.last().is_some_and(|s| s == "routes") => {
                for seg in &mac.segs {
                    if let Some(e) = &seg.expr {
                        self.handler(e, None, None);
                    }
                }
            }
            _ => {}
        }
    }

    fn visit_method_call(&mut self, m: &ir::MethodCall) {
        match (m.method.as_str(), m.args.len()) {
            ("route" | "at" | "route_service", 2) => {
                let path = match &m.args[0].kind {
                    ExprKind::Str(s) => Some(s.as_str()),
                    _ => None,
                };
                self.method_router(&m.args[1], path);
            }
            ("route" | "service" | "default_service", 1) => self.method_router(&m.args[0], None),
            ("and_then" | "map" | "then", 1) => {
                // warp filters: `.and_then(handler)`.
                if let ExprKind::Path(_) = &m.args[0].kind
                    && mentions_warp_filter(&m.receiver)
                {
                    self.handler(&m.args[0], None, None);
                }
            }
            _ => {}
        }
    }
}

/// Whether a receiver chain names warp or a path filter (`warp::path!(..)`,
/// `warp::post()`, a `path` binding): a name or literal that contains
/// `warp` or `path`.
fn mentions_warp_filter(receiver: &Expr) -> bool {
    let mut found = false;
    ir::walk_expr(receiver, false, &mut |node| {
        let names: &[String] = match node {
            Node::Expr(Expr {
                kind: ExprKind::Path(p),
                ..
            }) => &p.segs,
            Node::Expr(Expr {
                kind: ExprKind::MethodCall(m),
                ..
            }) => std::slice::from_ref(&m.method),
            Node::Expr(Expr {
                kind: ExprKind::Field { member, .. } | ExprKind::Str(member),
                ..
            }) => std::slice::from_ref(member),
            Node::Macro(mac) => &mac.path,
            _ => &[],
        };
        found |= names
            .iter()
            .any(|n| n.contains("warp") || n.contains("path"));
    });
    found
}

/// The HTTP method of `web::get()` / `web::method(Method::POST)` at the root of a chain.
fn receiver_method(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Call { func, .. } => match &func.kind {
            ExprKind::Path(p) => {
                let last = p.last();
                METHOD_ROUTERS.contains(&last).then_some(last)
            }
            _ => None,
        },
        ExprKind::MethodCall(m) => receiver_method(&m.receiver),
        _ => None,
    }
}

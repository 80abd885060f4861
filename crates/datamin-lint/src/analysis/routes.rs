//! Which functions serve requests, and on which routes.
//!
//! A function is a handler when a router registers it (`.route("/x",
//! get(handler))` in axum, `web::get().to(handler)` in actix-web, `routes![..]`
//! in rocket, `.at("/x", get(handler))` in poem), when it carries a route
//! attribute (`#[get("/x")]`, `#[handler]`, `#[oai(..)]`), or when it returns
//! a response type (`impl IntoResponse`, `Json<T>`, `HttpResponse`, ...).

use syn::visit::Visit;

use super::macros;
use super::model::{FnId, Model};
use super::names::{ident_name, path_segments};
use crate::sinks::web::{METHOD_ROUTERS, RESPONSE_TYPES, ROUTE_ATTRIBUTES};

/// Marks the handlers of the tree and their routes.
pub(crate) fn mark_handlers(model: &mut Model<'_>) {
    for f in model.fns.iter_mut() {
        if let Some((handler, route)) = from_attributes(f.attrs) {
            f.handler |= handler;
            if route.is_some() {
                f.route = route;
            }
        }
        if let syn::ReturnType::Type(_, ty) = &f.sig.output {
            f.handler |= names_response_type(ty);
        }
    }
    let mut found = Vec::new();
    for fid in model.fns.ids() {
        let f = &model.fns[fid];
        let mut visitor = RouterVisitor {
            model,
            file: f.file,
            module: &f.module,
            found: Vec::new(),
        };
        visitor.visit_block(f.block);
        found.extend(visitor.found);
    }
    for (fid, route) in found {
        let f = &mut model.fns[fid];
        f.handler = true;
        if f.route.is_none() {
            f.route = route;
        }
    }
}

fn from_attributes(attrs: &[syn::Attribute]) -> Option<(bool, Option<String>)> {
    let mut out = None;
    for attr in attrs {
        let Some(last) = attr.path().segments.last() else {
            continue;
        };
        let name = last.ident.to_string();
        if !ROUTE_ATTRIBUTES.contains(&name.as_str()) {
            continue;
        }
        let mut route = None;
        if let syn::Meta::List(list) = &attr.meta {
            let segments = macros::split_top(list.tokens.clone(), ',');
            let path = segments
                .first()
                .and_then(|s| macros::lit_str_of(s))
                .map(|l| l.value());
            let mut method = METHOD_ROUTERS
                .contains(&name.as_str())
                .then(|| name.to_uppercase());
            let mut oai_path = None;
            for seg in &segments {
                let text: Vec<String> = seg.iter().map(ToString::to_string).collect();
                if let [key, eq, value] = text.as_slice() {
                    if eq == "=" && key == "method" {
                        method = Some(value.trim_matches('"').to_uppercase());
                    }
                    if eq == "=" && key == "path" {
                        oai_path = Some(value.trim_matches('"').to_owned());
                    }
                }
            }
            if let (Some(m), Some(p)) = (method, path.or(oai_path)) {
                route = Some(format!("{m} {p}"));
            }
        }
        out = Some((true, route));
    }
    out
}

/// Whether a return type mentions a response type anywhere.
fn names_response_type(ty: &syn::Type) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let segs = path_segments(path);
            // `Self::Response` is an associated type, not a response; client
            // responses are not served.
            if segs.first().is_some_and(|s| s == "Self")
                || segs.iter().any(|s| s == "reqwest" || s == "hyper_util")
            {
                return;
            }
            if segs
                .last()
                .is_some_and(|l| RESPONSE_TYPES.contains(&l.as_str()))
            {
                self.0 = true;
            }
            syn::visit::visit_path(self, path);
        }
    }
    let mut finder = Finder(false);
    finder.visit_type(ty);
    finder.0
}

struct RouterVisitor<'v, 'a> {
    model: &'v Model<'a>,
    file: usize,
    module: &'v [String],
    found: Vec<(FnId, Option<String>)>,
}

impl RouterVisitor<'_, '_> {
    fn handler(&mut self, expr: &syn::Expr, method: Option<&str>, path: Option<&str>) {
        let syn::Expr::Path(p) = expr else { return };
        let segs = path_segments(&p.path);
        let Some(fid) = self.resolve(&segs) else {
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
    fn method_router(&mut self, expr: &syn::Expr, path: Option<&str>) {
        match expr {
            syn::Expr::Call(c) => {
                if let syn::Expr::Path(p) = &*c.func {
                    let segs = path_segments(&p.path);
                    let last = segs.last().map(String::as_str).unwrap_or_default();
                    if METHOD_ROUTERS.contains(&last)
                        && let Some(arg) = c.args.first()
                    {
                        self.handler(arg, Some(last), path);
                    }
                }
            }
            syn::Expr::MethodCall(m) => {
                let name = ident_name(&m.method);
                if METHOD_ROUTERS.contains(&name.as_str()) {
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, Some(&name), path);
                    }
                } else if name == "to" {
                    let method = receiver_method(&m.receiver);
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, method.as_deref(), path);
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
}

/// The HTTP method of `web::get()` / `web::method(Method::POST)` at the root of a chain.
fn receiver_method(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(p) => {
                let last = path_segments(&p.path).pop()?;
                METHOD_ROUTERS.contains(&last.as_str()).then_some(last)
            }
            _ => None,
        },
        syn::Expr::MethodCall(m) => receiver_method(&m.receiver),
        _ => None,
    }
}

impl<'ast> Visit<'ast> for RouterVisitor<'_, '_> {
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = ident_name(&m.method);
        match (name.as_str(), m.args.len()) {
            ("route" | "at" | "route_service", 2) => {
                let path = match &m.args[0] {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                };
                self.method_router(&m.args[1], path.as_deref());
            }
            ("route" | "service" | "default_service", 1) => self.method_router(&m.args[0], None),
            ("and_then" | "map" | "then", 1) => {
                // warp filters: `.and_then(handler)`.
                if let syn::Expr::Path(_) = &m.args[0] {
                    let receiver = quote::ToTokens::to_token_stream(&*m.receiver).to_string();
                    if receiver.contains("warp") || receiver.contains("path") {
                        self.handler(&m.args[0], None, None);
                    }
                }
            }
            _ => {}
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "routes")
        {
            for seg in macros::split_top(mac.tokens.clone(), ',') {
                if let Some(e) = macros::expr_of(&seg) {
                    self.handler(&e, None, None);
                }
            }
        }
    }
}

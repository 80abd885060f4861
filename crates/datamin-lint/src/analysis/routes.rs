//! Which functions serve requests, and on which routes.
//!
//! A function is a handler when a router registers it (`.route("/x",
//! get(handler))` in axum, `web::get().to(handler)` in actix-web, `routes![..]`
//! in rocket, `.at("/x", get(handler))` in poem), when it carries a route
//! attribute (`#[get("/x")]`, `#[handler]`, `#[oai(..)]`), or when it returns
//! a response type (`impl IntoResponse`, `Json<T>`, `HttpResponse`, ...).
//!
//! A route is named by its full path: the prefixes of the groups and mounts
//! it is registered in are joined to its own (actix-web's `web::scope` and
//! `web::resource`, axum's and poem's `nest`, axum's `merge`, rocket's
//! `mount`, actix-web's `service` and `configure`), following a mounted
//! router into the function that builds it or the binding that holds it.

use rayon::prelude::*;

use super::ids::{IdVec, Pos};
use super::ir::{self, Expr, ExprKind, Node, PatKind, Stmt};
use super::limits::MAX_ROUTER_NESTING;
use super::model::{FnId, Model};
use super::workers::Workers;
use crate::sinks::web::{METHOD_ROUTERS, MOUNTS, ROUTE_GROUPS};

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
    let found: Vec<Vec<Registration>> = workers.install(|| {
        shared
            .fns
            .ids()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&fid| {
                let mut visitor = RouterVisitor {
                    model: shared,
                    fid,
                    following: vec![Followed::Fn(fid)],
                    found: Vec::new(),
                };
                visitor.walk_block(shared.fns[fid].block, &Prefix::ROOT);
                visitor.found
            })
            .collect()
    });
    // The most deeply nested registration of a handler names its full
    // route (`api::router` registers `/users`, and `main` nests it at `/api`);
    // among equals, the first that names one.
    let mut best: IdVec<FnId, Option<Registration>> = IdVec::filled(model.fns.len(), None);
    for reg in found.into_iter().flatten() {
        model.fns[reg.fid].handler = true;
        let slot = &mut best[reg.fid];
        if slot.as_ref().is_none_or(|known| reg.rank() > known.rank()) {
            *slot = Some(reg);
        }
    }
    for reg in best.into_iter().flatten() {
        let f = &mut model.fns[reg.fid];
        // Under a group or mount its route replaces the attribute's, which
        // names the path within it (`#[get("/{id}")]` in `web::scope("/users")`);
        // it is unknown when a prefix is not a literal.
        if reg.depth > 0 || f.route.is_none() {
            f.route = reg.route;
        }
    }
}

/// A function a router registers, with the route it serves when known.
#[derive(Debug, Clone)]
struct Registration {
    fid: FnId,
    route: Option<String>,
    /// How many groups and mounts it was registered in.
    depth: usize,
}

impl Registration {
    fn rank(&self) -> (usize, bool) {
        (self.depth, self.route.is_some())
    }
}

/// The path under which routes registered in a piece of router code are
/// served.
#[derive(Debug, Clone)]
struct Prefix {
    /// `None` when some prefix is not a string literal (the full route is
    /// then unknown).
    path: Option<String>,
    /// How many groups and mounts it is made of.
    depth: usize,
    /// The innermost group is a resource: a route without a path of its own
    /// serves the prefix itself.
    resource: bool,
}

impl Prefix {
    const ROOT: Prefix = Prefix {
        path: Some(String::new()),
        depth: 0,
        resource: false,
    };

    /// This prefix with `path` (a literal, or `None`) appended.
    fn nested(&self, path: Option<&str>, resource: bool) -> Prefix {
        Prefix {
            path: self.join(path),
            depth: self.depth + 1,
            resource,
        }
    }

    /// The full path of `path` (a literal, or `None`) under this prefix. The
    /// root of what is mounted (`/` or an empty path) is the prefix itself,
    /// as axum, rocket and poem serve it.
    fn join(&self, path: Option<&str>) -> Option<String> {
        let head = self.path.as_deref()?.trim_end_matches('/');
        let path = path?;
        let joined = if path == "/" && !head.is_empty() {
            head.to_owned()
        } else if path.is_empty() || path.starts_with('/') {
            format!("{head}{path}")
        } else {
            format!("{head}/{path}")
        };
        Some(if joined.is_empty() {
            "/".to_owned()
        } else {
            joined
        })
    }
}

/// What router code is being followed into, to stop at cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Followed {
    /// A function building a router.
    Fn(FnId),
    /// A binding holding one, by the position of its pattern.
    Local(Pos),
}

struct RouterVisitor<'v, 'a> {
    model: &'v Model<'a>,
    /// The function whose code is read.
    fid: FnId,
    /// The functions and bindings followed into, outermost first.
    following: Vec<Followed>,
    found: Vec<Registration>,
}

impl<'a> RouterVisitor<'_, 'a> {
    fn walk_block(&mut self, block: &'a ir::Block, at: &Prefix) {
        ir::walk_block_pruned(block, false, &mut |node| self.visit(node, at));
    }

    fn walk_expr(&mut self, expr: &'a Expr, at: &Prefix) {
        ir::walk_expr_pruned(expr, false, &mut |node| self.visit(node, at));
    }

    /// Reads one node; false when it read what the node holds itself.
    fn visit(&mut self, node: Node<'a>, at: &Prefix) -> bool {
        match node {
            Node::Expr(Expr {
                kind: ExprKind::MethodCall(m),
                ..
            }) => self.visit_method_call(m, at),
            Node::Macro(mac) if mac.path.last().is_some_and(|s| s == "routes") => {
                for seg in &mac.segs {
                    if let Some(e) = &seg.expr {
                        self.handler(e, None, None, at);
                    }
                }
                true
            }
            _ => true,
        }
    }

    fn visit_method_call(&mut self, m: &'a ir::MethodCall, at: &Prefix) -> bool {
        let args = m.args.as_slice();
        if let Some(mount) = MOUNTS
            .iter()
            .find(|row| row.method == m.method && row.args == args.len())
        {
            let base = self.group_of(&m.receiver, at);
            let inner = match mount.path {
                Some(i) => base.nested(str_of(&args[i]), false),
                None => base.clone(),
            };
            if m.method == "service" {
                self.method_router(&args[0], None, &base);
            }
            self.walk_expr(&m.receiver, at);
            for (i, arg) in args.iter().enumerate() {
                if i == mount.routes {
                    self.mount(arg, &inner);
                } else {
                    self.walk_expr(arg, at);
                }
            }
            return false;
        }
        match (m.method.as_str(), args.len()) {
            ("route" | "at" | "route_service", 2) => {
                let base = self.group_of(&m.receiver, at);
                let path = str_of(&args[0]).and_then(|p| base.join(Some(p)));
                self.method_router(&args[1], path.as_deref(), &base);
            }
            ("route" | "default_service", 1) => {
                let base = self.group_of(&m.receiver, at);
                let path = if m.method == "route" && base.resource {
                    base.path.clone()
                } else {
                    None
                };
                self.method_router(&args[0], path.as_deref(), &base);
            }
            ("and_then" | "map" | "then", 1) => {
                // warp filters: `.and_then(handler)`.
                if let ExprKind::Path(_) = &args[0].kind
                    && mentions_warp_filter(&m.receiver)
                {
                    self.handler(&args[0], None, None, at);
                }
                return true;
            }
            _ => return true,
        }
        self.walk_expr(&m.receiver, at);
        for arg in args {
            self.walk_expr(arg, at);
        }
        false
    }

    /// What is mounted at `at`: a router built inline, by a function of the
    /// tree, or held by a binding; a handler with a route attribute; a
    /// configuration function or closure.
    fn mount(&mut self, arg: &'a Expr, at: &Prefix) {
        match &arg.kind {
            ExprKind::Path(p) => {
                if let Some(name) = p.ident()
                    && self.follow_locals(name, at)
                {
                    return;
                }
                let Some(fid) = self.resolve(&p.segs) else {
                    return;
                };
                if self.model.fns[fid].attrs.route.is_some() {
                    self.handler(arg, None, None, at);
                } else {
                    self.follow_fn(fid, at);
                }
            }
            ExprKind::Call { func, .. } => {
                if let ExprKind::Path(p) = &func.kind
                    && self.group_call(&p.segs).is_none()
                    && let Some(fid) = self.resolve(&p.segs)
                {
                    self.follow_fn(fid, at);
                }
                self.walk_expr(arg, at);
            }
            _ => self.walk_expr(arg, at),
        }
    }

    /// Reads the body of a function that builds what is mounted at `at`.
    fn follow_fn(&mut self, fid: FnId, at: &Prefix) {
        if !self.may_follow(Followed::Fn(fid)) {
            return;
        }
        let caller = std::mem::replace(&mut self.fid, fid);
        self.following.push(Followed::Fn(fid));
        self.walk_block(self.model.fns[fid].block, at);
        self.following.pop();
        self.fid = caller;
    }

    /// Reads what the bindings named `name` in the function were
    /// initialised with (every one: a binding may shadow another); false when
    /// there is none.
    fn follow_locals(&mut self, name: &str, at: &Prefix) -> bool {
        let mut inits = Vec::new();
        locals_named(self.model.fns[self.fid].block, name, &mut inits);
        for &(pos, init) in &inits {
            if self.may_follow(Followed::Local(pos)) {
                self.following.push(Followed::Local(pos));
                self.walk_expr(init, at);
                self.following.pop();
            }
        }
        !inits.is_empty()
    }

    fn may_follow(&self, next: Followed) -> bool {
        self.following.len() < MAX_ROUTER_NESTING && !self.following.contains(&next)
    }

    /// The prefix a method-call chain registers under: the group at its root
    /// (`web::scope("/api").route(..)`) nested in `at`, or `at` itself.
    fn group_of(&self, receiver: &Expr, at: &Prefix) -> Prefix {
        let mut root = receiver;
        while let ExprKind::MethodCall(m) = &root.kind {
            root = &m.receiver;
        }
        if let ExprKind::Call { func, args } = &root.kind
            && let ExprKind::Path(p) = &func.kind
            && let Some(resource) = self.group_call(&p.segs)
        {
            return at.nested(args.first().and_then(str_of), resource);
        }
        Prefix {
            resource: false,
            ..at.clone()
        }
    }

    /// Whether a call path starts a route group, and whether it is a
    /// resource.
    fn group_call(&self, segs: &[String]) -> Option<bool> {
        let uses = &self.model.files[self.model.fns[self.fid].file].uses;
        let full = uses.expand(segs);
        ROUTE_GROUPS
            .iter()
            .find(|row| {
                let tail = full.len().checked_sub(row.call.len()).map(|at| &full[at..]);
                tail.is_some_and(|tail| tail.iter().zip(row.call).all(|(a, b)| a == b))
                    || (full.len() == 1
                        && row.call.last().copied() == full.last().map(String::as_str)
                        && uses.glob_from("actix_web"))
            })
            .map(|row| row.resource)
    }

    fn handler(&mut self, expr: &Expr, method: Option<&str>, path: Option<&str>, at: &Prefix) {
        let ExprKind::Path(p) = &expr.kind else {
            return;
        };
        let Some(fid) = self.resolve(&p.segs) else {
            return;
        };
        let route = match (method, path) {
            (Some(m), Some(p)) => Some(format!("{} {p}", m.to_uppercase())),
            // A handler with a route attribute, mounted under a prefix.
            (None, None) if at.depth > 0 => {
                let attribute = self.model.fns[fid].attrs.route.as_ref();
                attribute.and_then(|route| {
                    let (method, path) = route.as_deref()?.split_once(' ')?;
                    Some(format!("{method} {}", at.join(Some(path))?))
                })
            }
            _ => None,
        };
        self.found.push(Registration {
            fid,
            route,
            depth: at.depth,
        });
    }

    fn resolve(&self, segs: &[String]) -> Option<FnId> {
        let f = &self.model.fns[self.fid];
        if segs.len() >= 2 {
            let owner = &segs[segs.len() - 2];
            if let Some(tid) = self.model.resolve_type_name(f.file, owner, &f.module) {
                let name = segs[segs.len() - 1].clone();
                return self.model.methods.get(&(tid, name))?.first().copied();
            }
        }
        self.model.resolve_fn(f, segs)
    }

    /// Finds `get(handler)`, `get(a).post(b)`, `web::get().to(handler)` in a
    /// method router expression, served at `path`.
    fn method_router(&mut self, expr: &Expr, path: Option<&str>, at: &Prefix) {
        match &expr.kind {
            ExprKind::Call { func, args } => {
                if let ExprKind::Path(p) = &func.kind {
                    let last = p.last();
                    if METHOD_ROUTERS.contains(&last)
                        && let Some(arg) = args.first()
                    {
                        self.handler(arg, Some(last), path, at);
                    }
                }
            }
            ExprKind::MethodCall(m) => {
                let name = m.method.as_str();
                if METHOD_ROUTERS.contains(&name) {
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, Some(name), path, at);
                    }
                } else if name == "to" {
                    let method = receiver_method(&m.receiver);
                    if let Some(arg) = m.args.first() {
                        self.handler(arg, method, path, at);
                    }
                } else if name == "route" {
                    for arg in &m.args {
                        self.method_router(arg, path, at);
                    }
                }
                self.method_router(&m.receiver, path, at);
            }
            _ => {}
        }
    }
}

/// The value of a string literal.
fn str_of(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Str(s) => Some(s),
        _ => None,
    }
}

/// The initialisers of the bindings `let name = ..` in a block and the blocks
/// it holds, with the position of each pattern.
fn locals_named<'a>(block: &'a ir::Block, name: &str, out: &mut Vec<(Pos, &'a Expr)>) {
    let mut own = |block: &'a ir::Block| {
        for stmt in &block.stmts {
            if let Stmt::Local {
                pat,
                init: Some(init),
                ..
            } = stmt
                && binds(pat, name)
            {
                out.push((pat.pos, init));
            }
        }
    };
    own(block);
    ir::walk_block(block, false, &mut |node| {
        if let Node::Expr(Expr {
            kind: ExprKind::Block(inner),
            ..
        }) = node
        {
            own(inner);
        }
    });
}

/// Whether a pattern is the binding `name` (`api`, `mut api`, `api: Router`).
fn binds(pat: &ir::Pat, name: &str) -> bool {
    match &pat.kind {
        PatKind::Ident {
            name: bound, sub, ..
        } => bound == name && sub.is_none(),
        PatKind::Type { pat, .. } | PatKind::Paren(pat) => binds(pat, name),
        _ => false,
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

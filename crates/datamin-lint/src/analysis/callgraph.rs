//! The order in which the fixpoint analyses functions: callees before
//! callers, over the strongly connected components of the call graph.
//!
//! The graph is read from syntax before any function is analysed, so it
//! over-approximates (a method call may go to every method of that name) and
//! may miss calls the interpreter resolves by type. Neither costs a finding:
//! the fixpoint re-analyses the callers of every summary that changes. The
//! order only decides how much work that is. With callees first, a chain of
//! helpers of any depth is analysed once per function.

use rayon::prelude::*;

use super::ids::{FnId, IdVec, Idx};
use super::ir::{self, Expr, ExprKind, Node};
use super::limits::MAX_ORDER_CANDIDATES;
use super::model::{FnDef, FnRole, Model};
use super::workers::Workers;

/// When the fixpoint analyses a function: the smaller rank first, and
/// functions of equal rank side by side (in parallel), since none of them
/// calls another unless they share a strongly connected component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Rank {
    /// Not reached from a hand-written `Debug`/`Display`/`Serialize` impl:
    /// what those impls print is read wherever their type is formatted, so
    /// they and what they call come first.
    late: bool,
    /// 0 for a component that calls no other, else one more than the
    /// highest level of the components it calls.
    level: usize,
}

/// The rank of each function: hand-written impls and what they call first,
/// then every strongly connected component one level above the components
/// it calls.
/// The call edges are read on `workers`, each function's on its own.
pub(crate) fn ranks(model: &Model<'_>, workers: &Workers) -> IdVec<FnId, Rank> {
    // The graph algorithms work on plain node numbers: a function's index.
    let edges: Vec<Vec<usize>> = workers.install(|| {
        model
            .fns
            .iter()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|f| callees(model, f).into_iter().map(FnId::index).collect())
            .collect()
    });
    let levels = levels(&edges, &tarjan(&edges));
    let early = reachable(
        &edges,
        model
            .fns
            .iter()
            .enumerate()
            .filter(|(_, f)| f.role != FnRole::Plain)
            .map(|(i, _)| i),
    );
    levels
        .into_iter()
        .zip(early)
        .map(|(level, early)| Rank {
            late: !early,
            level,
        })
        .collect()
}

/// The level of each node: that of its component, which is 0 when the
/// component has no edge out of it, else one more than the highest level it
/// has an edge to. `components` comes from [`tarjan`], callees first.
fn levels(edges: &[Vec<usize>], components: &[Vec<usize>]) -> Vec<usize> {
    let mut level = vec![0usize; edges.len()];
    let mut comp_of = vec![usize::MAX; edges.len()];
    for (c, members) in components.iter().enumerate() {
        for &v in members {
            comp_of[v] = c;
        }
        let mut highest = None;
        for &v in members {
            for &w in &edges[v] {
                // Edges out of the component go to components seen already.
                if comp_of[w] != c {
                    highest = highest.max(Some(level[w]));
                }
            }
        }
        let own = highest.map_or(0, |l| l + 1);
        for &v in members {
            level[v] = own;
        }
    }
    level
}

/// The functions of the tree a function's body may call, as far as syntax
/// tells (sorted, without duplicates). Calls in the arguments of macros
/// (`info!("{}", f(x))`) count.
fn callees(model: &Model<'_>, f: &FnDef<'_>) -> Vec<FnId> {
    let mut v = Calls {
        model,
        f,
        out: Vec::new(),
    };
    ir::walk_block(f.block, true, &mut |node| match node {
        Node::Expr(Expr {
            kind: ExprKind::Call { func, .. },
            ..
        }) => {
            if let ExprKind::Path(p) = &func.kind {
                v.path_call(&p.segs);
            }
        }
        Node::Expr(Expr {
            kind: ExprKind::MethodCall(m),
            ..
        }) => v.method_call(&m.method),
        _ => {}
    });
    v.out.sort_unstable();
    v.out.dedup();
    v.out
}

struct Calls<'m, 'a> {
    model: &'m Model<'a>,
    f: &'m FnDef<'a>,
    out: Vec<FnId>,
}

impl Calls<'_, '_> {
    /// A call of a path: a function of the tree, or an associated function
    /// of a type of the tree.
    fn path_call(&mut self, segs: &[String]) {
        if let [.., owner, name] = segs {
            let tid = if owner == "Self" {
                self.f.self_id
            } else {
                self.model
                    .resolve_type_name(self.f.file, owner, &self.f.module)
            };
            if let Some(fids) = tid.and_then(|t| self.model.methods.get(&(t, name.clone()))) {
                self.out.extend(fids);
            }
        }
        if let Some(fid) = self.model.resolve_fn(self.f, segs) {
            self.out.push(fid);
        }
    }

    /// A method call by name. A name many types share (`new`, `find`,
    /// `get`) says little about the callee: those calls are left to the
    /// worklist, or the graph would grow with the square of the tree.
    fn method_call(&mut self, name: &str) {
        if let Some(fids) = self.model.methods_by_name.get(name)
            && fids.len() <= MAX_ORDER_CANDIDATES
        {
            self.out.extend(fids);
        }
    }
}

/// Strongly connected components in reverse topological order (a component
/// comes after every component it has an edge to), by Tarjan's algorithm with
/// an explicit stack: call graphs can be deeper than the thread's stack.
fn tarjan(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next = 0usize;
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(top) = work.last_mut() {
            let v = top.0;
            if let Some(&w) = edges[v].get(top.1) {
                top.1 += 1;
                if index[w] == UNVISITED {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                members.sort_unstable();
                components.push(members);
            }
        }
    }
    components
}

/// Which nodes are reachable from `starts` (the starts included).
fn reachable(edges: &[Vec<usize>], starts: impl Iterator<Item = usize>) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut work: Vec<usize> = starts.collect();
    while let Some(v) = work.pop() {
        if std::mem::replace(&mut seen[v], true) {
            continue;
        }
        work.extend(edges[v].iter().copied().filter(|&w| !seen[w]));
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_after_the_components_they_call() {
        // 0 → 1 → 2 → 1, 3 → 0
        let edges = vec![vec![1], vec![2], vec![1], vec![0]];
        assert_eq!(tarjan(&edges), vec![vec![1, 2], vec![0], vec![3]]);
    }

    #[test]
    fn a_component_sits_one_level_above_what_it_calls() {
        // 0 → 1 → 2 → 1, 3 → 0, 3 → 2, 4 alone
        let edges = vec![vec![1], vec![2], vec![1], vec![0, 2], vec![]];
        assert_eq!(levels(&edges, &tarjan(&edges)), vec![1, 0, 0, 2, 0]);
    }

    #[test]
    fn a_deep_chain_does_not_use_the_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![] })
            .collect();
        let components = tarjan(&edges);
        assert_eq!(components.len(), n);
        assert_eq!(components[0], vec![n - 1]);
        assert_eq!(components[n - 1], vec![0]);
    }
}

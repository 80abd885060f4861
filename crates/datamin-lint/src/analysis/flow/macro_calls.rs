//! Macro calls: printing, logging and tracing sinks, format macros, error
//! macros, JSON literals, and configured sinks.

use super::*;
use crate::analysis::ir::Seg;

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    // ----- macros ------------------------------------------------------------

    pub(super) fn mac(&mut self, mac: &'m ir::MacroCall) -> Val {
        let segs = &mac.path;
        if segs.is_empty() {
            return Val::default();
        }
        let site_pos = mac.site_pos;
        if let Some(site) = self.configured_macro_sink(segs, site_pos) {
            // A configured macro may render its arguments any way it likes
            // (a message catalogue, key-values): every argument reaches it.
            self.every_argument(site, mac, site_pos);
            return Val::default();
        }
        let Some((row, display)) = self.e.resolve_macro(self.file, segs) else {
            if let [name] = segs.as_slice()
                && self.e.model.local_log_macros.contains_key(name)
            {
                // A project's own wrapper around a logging macro: every
                // argument may reach the log.
                let site = self.e.site(site_pos, &format!("{name}!"), SinkKind::Log);
                self.every_argument(site, mac, site_pos);
                return Val::default();
            }
            return self.unknown_macro(mac);
        };
        match row.kind {
            MacroKind::Print { fmt } => self.print_macro(&mac.segs, fmt, site_pos, &display),
            MacroKind::Write => self.write_macro(&mac.segs, site_pos, &display),
            MacroKind::Dbg => self.dbg_macro(&mac.segs, site_pos, &display),
            MacroKind::Log { level } => self.log_macro(mac, level, site_pos, &display),
            MacroKind::TracingEvent { level } => {
                self.tracing_macro(&mac.segs, level, false, site_pos, &display)
            }
            MacroKind::TracingSpan { level } => {
                self.tracing_macro(&mac.segs, level, true, site_pos, &display)
            }
            MacroKind::Format { fmt }
            | MacroKind::ErrorValue { fmt }
            | MacroKind::ErrorReturn { fmt } => {
                self.format_macro(&mac.segs, row.kind, fmt, site_pos)
            }
            MacroKind::JsonValue => self.json_macro(mac, site_pos),
            MacroKind::VecLit => self.vec_macro(mac),
            MacroKind::Join { fallible } => self.join_macro(mac, fallible),
        }
    }

    /// `println!`, `panic!`, `assert!` and friends: a format string and its
    /// arguments after `fmt` leading arguments (an assertion's condition).
    fn print_macro(
        &mut self,
        segments: &'m [Seg],
        fmt: usize,
        site_pos: Pos,
        display: &str,
    ) -> Val {
        for seg in segments.iter().take(fmt) {
            if let Some(e) = &seg.expr {
                self.expr(e);
            }
        }
        let site = self
            .e
            .site(site_pos, display, SinkKind::of_print_macro(display));
        let call = FormatCall::parse(segments.get(fmt..).unwrap_or_default());
        self.render(site, &call);
        Val::default()
    }

    /// `write!`/`writeln!`: a sink when the target is stdout or stderr, a
    /// `fmt` impl's output for a formatter, text for a `String`.
    fn write_macro(&mut self, segments: &'m [Seg], site_pos: Pos, display: &str) -> Val {
        let Some(target) = segments.first().and_then(|s| s.expr.as_ref()) else {
            return Val::default();
        };
        let t = self.expr(target);
        let call = FormatCall::parse(&segments[1..]);
        match t.ty {
            Ty::StdStream => {
                let site = self.e.site(site_pos, display, SinkKind::Print);
                self.render(site, &call);
            }
            Ty::Formatter => {
                let (leaked, raw) = self.rendered_values(&call, site_pos);
                self.fmt_out(leaked, &raw);
            }
            Ty::Str | Ty::Unknown | Ty::Seq(_) => {
                // Text built in a `String` (or a `Vec<u8>`) carries what was written.
                let leaked = self.rendered_taint(&call, site_pos);
                self.assign(target, Val::tainted(Ty::Unknown, leaked), false);
            }
            _ => {
                // A file or a socket: what goes there is not logged.
                self.rendered_taint(&call, site_pos);
            }
        }
        Val::of_ty(Ty::Result(
            Box::new(Ty::Tuple(Vec::new())),
            Box::new(Ty::Unknown),
        ))
    }

    /// `dbg!`: each argument with `Debug`; the value is the last argument.
    fn dbg_macro(&mut self, segments: &'m [Seg], site_pos: Pos, display: &str) -> Val {
        let site = self.e.site(site_pos, display, SinkKind::Print);
        let mut last = Val::default();
        for seg in segments {
            if let Some(e) = &seg.expr {
                let v = self.expr(e);
                self.sink(site, &v, Mode::Debug, e.pos);
                last = v;
            }
        }
        last
    }

    /// The `log` crate's macros: optional `target:`, key-values, a format.
    fn log_macro(
        &mut self,
        mac: &'m ir::MacroCall,
        level: bool,
        site_pos: Pos,
        display: &str,
    ) -> Val {
        let site = self.e.site(site_pos, display, SinkKind::Log);
        let (kv, mut segments): (Option<&'m [Seg]>, &'m [Seg]) = match &mac.halves {
            Some(Some([kv, fmt])) => (Some(kv), fmt),
            Some(None) => (None, &[]),
            None => (None, &mac.segs),
        };
        if let Some(kvs) = kv {
            let kvs = macros::strip_meta(kvs);
            let rest = if level {
                kvs.get(1..).unwrap_or_default()
            } else {
                kvs
            };
            for seg in rest {
                if let Some((value, mode)) = seg.field() {
                    let v = self.expr(value);
                    self.sink(site, &v, mode, value.pos);
                }
            }
        } else {
            segments = macros::strip_meta(segments);
            if level && !segments.is_empty() {
                segments = &segments[1..];
            }
        }
        let call = FormatCall::parse(segments);
        self.render(site, &call);
        Val::default()
    }

    /// `tracing` events and spans: fields, then an optional format.
    fn tracing_macro(
        &mut self,
        segments: &'m [Seg],
        level: bool,
        is_span: bool,
        site_pos: Pos,
        display: &str,
    ) -> Val {
        let kind = if is_span {
            SinkKind::Span
        } else {
            SinkKind::Log
        };
        let site = self.e.site(site_pos, display, kind);
        let mut rest = macros::strip_meta(segments);
        if level && !rest.is_empty() {
            rest = &rest[1..];
        }
        rest = macros::strip_meta(rest);
        if is_span && rest.first().is_some_and(|s| s.lit.is_some()) {
            rest = &rest[1..];
        }
        let (fields, call) = macros::tracing_body(rest);
        for (value, mode) in fields {
            let v = self.expr(value);
            self.sink(site, &v, mode, value.pos);
        }
        self.render(site, &call);
        if is_span {
            Val::of_ty(Ty::Span)
        } else {
            Val::default()
        }
    }

    /// `format!` and the error macros (`anyhow!`, `bail!`): the text carries
    /// what was formatted; `bail!` returns it as the function's `Err`.
    fn format_macro(
        &mut self,
        segments: &'m [Seg],
        kind: MacroKind,
        fmt: usize,
        site_pos: Pos,
    ) -> Val {
        for seg in segments.iter().take(fmt) {
            if let Some(e) = &seg.expr {
                self.expr(e);
            }
        }
        let call = FormatCall::parse(segments.get(fmt..).unwrap_or_default());
        let taint = self.rendered_taint(&call, site_pos);
        match kind {
            MacroKind::Format { .. } => Val::tainted(Ty::Str, taint),
            MacroKind::ErrorValue { .. } => {
                Val::tainted(Ty::Other("Error".into(), Vec::new()), taint)
            }
            _ => {
                let err = Val::tainted(Ty::Other("Error".into(), Vec::new()), taint);
                self.ret.join(Val::default().with_part(PartKey::Err, err));
                Val::default()
            }
        }
    }

    /// `json!`: a JSON value carrying what its leaves serialize.
    fn json_macro(&mut self, mac: &'m ir::MacroCall, site_pos: Pos) -> Val {
        let mut taint = Taint::default();
        for leaf in mac.json.iter().flatten() {
            let v = self.expr(leaf);
            taint.union(&self.leaks(&v, Mode::Serialize, leaf.pos));
        }
        let taint = taint.with_step(site_pos, || StepKind::Serialized);
        Val::tainted(Ty::Other("Value".into(), Vec::new()), taint)
    }

    /// `vec![..]`: a collection of its elements.
    fn vec_macro(&mut self, mac: &'m ir::MacroCall) -> Val {
        let mut elem = Val::default();
        let items: &'m [Seg] = match &mac.halves {
            // `vec![x; n]`: the element is the first half, as one expression.
            Some(Some([first, _count])) => match first.as_slice() {
                [only] => std::slice::from_ref(only),
                _ => &[],
            },
            Some(None) => &[],
            None => &mac.segs,
        };
        for seg in items {
            if let Some(e) = &seg.expr {
                let v = self.expr(e);
                elem.join(v);
            }
        }
        Val::seq_of(elem)
    }

    /// `join!`/`try_join!`: the tuple of what the futures give (for
    /// `try_join!`, of their `Ok`s, as the `Ok` of a `Result`).
    fn join_macro(&mut self, mac: &'m ir::MacroCall, fallible: bool) -> Val {
        let mut outputs = Val::default();
        let mut tys = Vec::new();
        for (i, seg) in mac.segs.iter().enumerate() {
            let v = seg.expr.as_ref().map(|e| self.expr(e)).unwrap_or_default();
            let v = if fallible { v.part(&PartKey::Ok) } else { v };
            tys.push(v.ty.clone());
            outputs.parts.insert(PartKey::index(i), v);
        }
        outputs.ty = Ty::Tuple(tys);
        if !fallible {
            return outputs;
        }
        let ty = Ty::Result(Box::new(outputs.ty.clone()), Box::new(Ty::Unknown));
        Val::of_ty(ty).with_part(PartKey::Ok, outputs)
    }

    /// Sinks every argument of a macro whose grammar is not known (a
    /// configured sink, a project's wrapper around a logging macro): plain
    /// expressions, `name = value` pairs, `%x`/`?x`, and names captured by a
    /// leading format string.
    fn every_argument(&mut self, site: SiteId, mac: &'m ir::MacroCall, site_pos: Pos) {
        for seg in &mac.segs {
            if let Some((value, mode)) = seg.field() {
                let v = self.expr(value);
                let mode = if mode == Mode::Debug {
                    Mode::Debug
                } else {
                    Mode::Display
                };
                self.sink(site, &v, mode, value.pos);
            }
        }
        let (_, captures) = FormatCall::parse(&mac.segs).rendered();
        for (name, mode) in captures {
            if let Some(v) = self.lookup(&name).cloned() {
                self.sink(site, &v, mode, site_pos);
            }
        }
    }

    /// Macros the tables don't know: their arguments are evaluated when they
    /// parse as expressions (so sinks nested inside are still seen).
    pub(super) fn unknown_macro(&mut self, mac: &'m ir::MacroCall) -> Val {
        if let Some(arms) = &mac.select_arms {
            // `select!`: each arm binds its future's output and runs.
            return self.block(arms);
        }
        if let Some(query) = self.query_macro(mac) {
            // sqlx's `query!("..", args)`, `query_as!(Row, "..", args)`.
            return query;
        }
        for seg in &mac.segs {
            if let Some(e) = &seg.expr {
                self.expr(e);
            }
        }
        Val::default()
    }

    /// Everything a format call renders, as taint.
    pub(super) fn rendered_taint(&mut self, call: &FormatCall<'m>, at: Pos) -> Taint {
        self.rendered_values(call, at).0
    }

    /// What a format call renders (as the sink sees it), and the raw taint
    /// of its arguments before any type masks them.
    pub(super) fn rendered_values(&mut self, call: &FormatCall<'m>, at: Pos) -> (Taint, Taint) {
        let mut taint = Taint::default();
        let mut raw = Taint::default();
        let (exprs, captures) = call.rendered();
        for (e, mode) in exprs {
            let v = self.expr(e);
            raw.union(&v.flat());
            taint.union(&self.leaks(&v, mode, e.pos));
        }
        for (name, mode) in captures {
            if let Some(v) = self.lookup(&name).cloned() {
                raw.union(&v.flat());
                taint.union(&self.leaks(&v, mode, at));
            }
        }
        (taint, raw)
    }

    pub(super) fn render(&mut self, site: SiteId, call: &FormatCall<'m>) {
        let (exprs, captures) = call.rendered();
        for (e, mode) in exprs {
            let v = self.expr(e);
            self.sink(site, &v, mode, e.pos);
        }
        for (name, mode) in captures {
            if let Some(v) = self.lookup(&name).cloned() {
                self.sink_capture(site, &v, mode, &name);
            }
        }
    }

    // ----- configuration -----------------------------------------------------

    pub(super) fn configured_sink(&self, segs: &[String], pos: Pos) -> Option<SiteId> {
        let full = self.e.model.files[self.file].uses.expand(segs);
        let row = self
            .e
            .config
            .sinks
            .iter()
            .find(|s| !s.path.ends_with('!') && trailing_match(&s.path, &full))?;
        Some(self.e.site_for_rule(
            pos,
            &row.path,
            SinkKind::Configured,
            configured_rule(&row.rule),
            None,
        ))
    }

    pub(super) fn configured_method_sink(
        &self,
        name: &str,
        recv: &Val,
        pos: Pos,
    ) -> Option<SiteId> {
        let row = self.e.config.sinks.iter().find(|s| {
            let segs: Vec<&str> = s.path.split("::").collect();
            let Some((last, owner)) = segs.split_last() else {
                return false;
            };
            if *last != name || owner.is_empty() {
                return false;
            }
            match &recv.ty {
                Ty::Adt(id, _) => owner
                    .last()
                    .is_some_and(|o| *o == self.e.model.types[*id].name),
                Ty::Other(n, _) => owner.last().is_some_and(|o| o == n),
                Ty::Unknown => true,
                _ => false,
            }
        })?;
        Some(self.e.site_for_rule(
            pos,
            &row.path,
            SinkKind::Configured,
            configured_rule(&row.rule),
            None,
        ))
    }

    pub(super) fn configured_macro_sink(&self, segs: &[String], pos: Pos) -> Option<SiteId> {
        let full = self.e.model.files[self.file].uses.expand(segs);
        let row = self.e.config.sinks.iter().find(|s| {
            s.path
                .strip_suffix('!')
                .is_some_and(|p| trailing_match(p, &full))
        })?;
        Some(self.e.site_for_rule(
            pos,
            &row.path,
            SinkKind::Log,
            configured_rule(&row.rule),
            None,
        ))
    }

    pub(super) fn is_sanitizer(&self, segs: &[String]) -> bool {
        let full = self.e.model.files[self.file].uses.expand(segs);
        self.e
            .config
            .sanitizers
            .iter()
            .any(|s| trailing_match(s, &full) || trailing_match(s, segs))
    }

    /// Whether the error of this call from outside the tree holds its input
    /// (a row of `semantics::std::ERRORS_KEEP_INPUT`, or configured).
    pub(super) fn err_keeps_input(&self, segs: &[String]) -> bool {
        let full = self.e.model.files[self.file].uses.expand(segs);
        crate::semantics::std::ERRORS_KEEP_INPUT
            .iter()
            .copied()
            .chain(self.e.config.errors_keep_input.iter().map(String::as_str))
            .any(|s| trailing_match(s, &full) || trailing_match(s, segs))
    }
}

pub(super) fn trailing_match(pattern: &str, full: &[String]) -> bool {
    let pat: Vec<&str> = pattern.trim_start_matches("crate::").split("::").collect();
    pat.len() <= full.len()
        && full[full.len() - pat.len()..]
            .iter()
            .zip(&pat)
            .all(|(a, b)| a == b)
}

/// The rule a configured sink reports (configuration names only rules
/// that exist: `Config::validate`).
fn configured_rule(name: &str) -> RuleId {
    RuleId::from_name(name).unwrap_or(RuleId::LogLeak)
}

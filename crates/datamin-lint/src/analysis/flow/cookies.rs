//! Cookies and outgoing requests. A cookie built with personal data is a
//! response sink where it is built (`Cookie::new`), but only once the
//! function's analysis has seen where it went: into an encrypting jar
//! (`add_private`, a `PrivateCookieJar`) the client cannot read it, into an
//! outgoing request (a test request, an HTTP client's builder) it is no
//! response. Nothing written into a request is a response.

use std::collections::btree_map::Entry;

use super::*;
use crate::semantics::web::{CLIENT_REQUEST_METHODS, CLIENT_TYPE, REQUEST_SENDS};
use crate::sinks::web::cookies::{self, Jar};

/// A cookie built in the function being analysed, reported at the end of
/// its analysis unless it went only where the client cannot read it.
#[derive(Debug)]
pub(super) struct PendingCookie {
    site: SiteId,
    /// The cookie's value, as the sink renders it.
    value: Val,
    mode: Mode,
    value_pos: Pos,
    /// Handed to an encrypting jar or an outgoing request.
    hidden: bool,
    /// Handed to a response or a readable jar.
    sent: bool,
}

impl<'e, 'm, 'a> FnCx<'e, 'm, 'a> {
    /// A cookie built at `pos` whose value reaches `site` unless it is
    /// hidden: the value is what the cookie becomes.
    pub(super) fn pending_cookie(
        &mut self,
        pos: Pos,
        site: SiteId,
        value: Val,
        mode: Mode,
        value_pos: Pos,
    ) -> Val {
        // (A loop evaluates the constructor more than once.)
        match self.cookies.entry(pos) {
            Entry::Occupied(mut known) => {
                known.get_mut().value.join(value);
            }
            Entry::Vacant(new) => {
                new.insert(PendingCookie {
                    site,
                    value,
                    mode,
                    value_pos,
                    hidden: false,
                    sent: false,
                });
            }
        }
        Val::of_ty(Ty::Cookie(pos))
    }

    /// A method of a cookie, an outgoing request, an HTTP client or a
    /// cookie jar from outside the tree; `None` for any other method.
    pub(super) fn cookie_method(
        &mut self,
        name: &str,
        recv: &Val,
        m: &'m ir::MethodCall,
    ) -> Option<Val> {
        let receiver = match &recv.ty {
            Ty::Other(ty, _) => Some(ty.as_str()),
            _ => None,
        };
        match &recv.ty {
            // Every method of a cookie gives the cookie (its builder chain
            // `.path("/").http_only(true).finish()`, its text, its clone).
            Ty::Cookie(_) => {
                self.args_of(m);
                return Some(recv.clone());
            }
            Ty::Request => {
                let args = self.args_of(m);
                self.cookies_go(&args, false);
                return Some(if REQUEST_SENDS.contains(&name) {
                    Val::default()
                } else {
                    Val::of_ty(Ty::Request)
                });
            }
            _ if receiver == Some(CLIENT_TYPE) && CLIENT_REQUEST_METHODS.contains(&name) => {
                self.args_of(m);
                return Some(Val::of_ty(Ty::Request));
            }
            _ => {}
        }
        if let Some(jar) = cookies::jar_of(receiver, name) {
            let args = self.args_of(m);
            self.cookies_go(&args, jar == Jar::Readable);
            // axum-extra's `jar.add(cookie)` gives the jar back.
            return Some(Val::of_ty(recv.ty.clone()));
        }
        if let Some(view) = cookies::view_of(name)
            && m.args.len() == 1
        {
            self.args_of(m);
            return Some(Val::of_ty(Ty::Other(view.to_owned(), Vec::new())));
        }
        None
    }

    fn args_of(&mut self, m: &'m ir::MethodCall) -> Vec<Val> {
        m.args.iter().map(|a| self.expr(a)).collect()
    }

    /// The cookies among `args` go into the response (`sent`), or where the
    /// client cannot read them.
    pub(super) fn cookies_go(&mut self, args: &[Val], sent: bool) {
        let mut found = Vec::new();
        for arg in args {
            cookies_in(arg, &mut found);
        }
        for pos in found {
            if let Some(cookie) = self.cookies.get_mut(&pos) {
                if sent {
                    cookie.sent = true;
                } else {
                    cookie.hidden = true;
                }
            }
        }
    }

    /// Reports the cookies of the function that went where the client reads
    /// them, or nowhere the analysis knows.
    pub(super) fn report_cookies(&mut self) {
        for cookie in std::mem::take(&mut self.cookies).into_values() {
            if cookie.hidden && !cookie.sent {
                continue;
            }
            self.sink(cookie.site, &cookie.value, cookie.mode, cookie.value_pos);
        }
    }
}

/// Where the cookies a value holds were built (a `Vec` of cookies, an
/// `Option`, a tuple).
fn cookies_in(val: &Val, out: &mut Vec<Pos>) {
    cookies_in_ty(&val.ty, out);
    for part in val.parts.values() {
        cookies_in(part, out);
    }
}

fn cookies_in_ty(ty: &Ty, out: &mut Vec<Pos>) {
    match ty {
        Ty::Cookie(pos) => out.push(*pos),
        Ty::Option(t) | Ty::Seq(t) | Ty::Redacted(_, t) | Ty::Query(t) => cookies_in_ty(t, out),
        Ty::Result(a, b) | Ty::Map(a, b) => {
            cookies_in_ty(a, out);
            cookies_in_ty(b, out);
        }
        Ty::Tuple(items) | Ty::Adt(_, items) | Ty::Other(_, items) => {
            for t in items {
                cookies_in_ty(t, out);
            }
        }
        Ty::Unknown
        | Ty::Str
        | Ty::StdStream
        | Ty::Formatter
        | Ty::Closure
        | Ty::Span
        | Ty::Response
        | Ty::ResponseBuilder
        | Ty::Request => {}
    }
}

//! Empty: this package exists only to pin the benchmark corpus. It is never built.

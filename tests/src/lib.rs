//! Support for datamin's end-to-end tests.

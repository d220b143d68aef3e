//! See tests/api: this crate only holds the black-box test binary.

//! Link settings of the browser build.
//!
//! The stack. Rust gives a wasm32 module a 1 MiB stack below its data; a debug build's frames
//! are many times a release build's, and hydrating the deepest pages (the village records'
//! form in its lazy chunk) ran past it: the stack pointer wrapped and the page died with
//! "memory access out of bounds", leaving every later call broken too. The debug build
//! (`make build`, what the end-to-end tests run) gets 8 MiB; the release build keeps the
//! default (its frames fit with room, and the stack is memory a phone holds).
//!
//! The data. An optimising wasm-ld merges the constants (texts, tables) into one segment
//! with shared tails, which the splitter (wasm_split_cli_support 0.2.3) cannot cut: every
//! lazy page's texts stayed in the first download, 289 KB of it (cargo-leptos#679). One
//! segment per constant lets each go with the code that uses it.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let debug = std::env::var("PROFILE").is_ok_and(|p| p == "debug");
    if wasm && debug {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=8388608");
    }
    if wasm {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}

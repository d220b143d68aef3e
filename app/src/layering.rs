//! The direction of imports, checked (DESIGN.md §1: pages → api → db → model, one way; a
//! capability uses another's `model` and `api`, never its `db`). `cargo test` reads every
//! source file of this crate, draws an edge from each module (one file, e.g.
//! `households::api`) to each module it names (`crate::…`, `super::…`, `self::…`, in `use`
//! trees, paths and macro bodies such as `view!`), and fails on
//! - a circle: modules that reach each other, so neither can change without the other;
//! - another capability's `db`.
//!
//! A module naming its own ancestor (a capability's `mod.rs`, the crate root's macros) is not
//! an edge: the parent is the capability's front door, not a layer.
#![cfg(test)]

use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use syn::visit::Visit;

/// Module path (`a::b`, the root is `""`) → the modules it names, each with the first path
/// that named it (for the message).
type Graph = BTreeMap<String, BTreeMap<String, String>>;

/// Every `.rs` file under `src` as (module path, source).
fn sources(src: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(src)
                    .expect("under src")
                    .with_extension("");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                    parts.pop();
                }
                let text = std::fs::read_to_string(&path).expect("read source");
                out.push((parts.join("::"), text));
            }
        }
    }
    out
}

/// The graph of `files` (module path, source).
fn graph(files: &[(String, String)]) -> Graph {
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut g = Graph::new();
    for (module, text) in files {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{module}: {e}"));
        let mut v = Names {
            here: split(module),
            named: Vec::new(),
        };
        v.visit_file(&file);
        let edges = g.entry(module.clone()).or_default();
        for path in v.named {
            let Some(target) = resolve(&modules, &path) else {
                continue;
            };
            let ancestor = module == &target || module.starts_with(&format!("{target}::"));
            if !ancestor && !target.is_empty() {
                edges.entry(target).or_insert_with(|| path.join("::"));
            }
        }
    }
    g
}

fn split(module: &str) -> Vec<String> {
    module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The longest module that `path` (absolute, from the crate root) starts with.
fn resolve(modules: &BTreeSet<String>, path: &[String]) -> Option<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// Collects the absolute paths a file names. `here` is the module being read, extended by
/// inline `mod x { … }` blocks, which change what `super` means.
struct Names {
    here: Vec<String>,
    named: Vec<Vec<String>>,
}

impl Names {
    /// `segments` as written → absolute, or `None` for an external crate or a local name.
    fn absolute(&self, segments: &[String]) -> Option<Vec<String>> {
        let mut at = self.here.clone();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at.clear();
                rest = &rest[1..];
            }
            Some("super") | Some("self") => {}
            _ => return None,
        }
        while let Some(first) = rest.first() {
            match first.as_str() {
                "super" => {
                    at.pop()?;
                }
                "self" => {}
                _ => break,
            }
            rest = &rest[1..];
        }
        at.extend(rest.iter().cloned());
        Some(at)
    }

    fn add(&mut self, segments: &[String]) {
        if let Some(p) = self.absolute(segments) {
            self.named.push(p);
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.add(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.add(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.add(&prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }

    /// Paths inside a macro's tokens (`view! { <crate::x::Page/> }`): `crate`, `super` or
    /// `self` followed by `::`-separated names.
    fn tokens(&mut self, tokens: TokenStream) {
        let flat = flatten(tokens);
        let mut i = 0;
        while i < flat.len() {
            let start =
                matches!(&flat[i], Tok::Ident(s) if s == "crate" || s == "super" || s == "self");
            if !start {
                i += 1;
                continue;
            }
            let mut segs = Vec::new();
            while let Some(Tok::Ident(s)) = flat.get(i) {
                segs.push(s.clone());
                if matches!(
                    (flat.get(i + 1), flat.get(i + 2)),
                    (Some(Tok::Colon), Some(Tok::Colon))
                ) {
                    i += 3;
                } else {
                    i += 1;
                    break;
                }
            }
            self.add(&segs);
        }
    }
}

enum Tok {
    Ident(String),
    Colon,
    Other,
}

fn flatten(tokens: TokenStream) -> Vec<Tok> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Ident(i) => out.push(Tok::Ident(i.to_string())),
            TokenTree::Punct(p) if p.as_char() == ':' => out.push(Tok::Colon),
            TokenTree::Group(g) => {
                out.push(Tok::Other);
                out.extend(flatten(g.stream()));
                out.push(Tok::Other);
            }
            _ => out.push(Tok::Other),
        }
    }
    out
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string() == "test")
    })
}

impl<'a> Visit<'a> for Names {
    fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
        if is_test(&m.attrs) {
            return;
        }
        if m.content.is_some() {
            self.here.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.here.pop();
        }
    }

    fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
        if !is_test(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_item_use(&mut self, u: &'a syn::ItemUse) {
        if !is_test(&u.attrs) {
            self.use_tree(&mut Vec::new(), &u.tree);
        }
    }

    fn visit_path(&mut self, p: &'a syn::Path) {
        let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.add(&segs);
        syn::visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'a syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }
}

/// The circles of `g`: its strongly connected components of more than one module (Tarjan).
fn circles(g: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    fn connect<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.get(v).into_iter().flat_map(|e| e.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                connect(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                scc.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v.as_str()) {
            connect(&mut s, v);
        }
    }
    s.out
}

/// Each circle with its edges (`a → b (the path that named b)`), for a failing test.
fn describe(g: &Graph, circles: &[Vec<String>]) -> String {
    let mut out = String::new();
    for c in circles {
        out.push_str(&format!("circle: {}\n", c.join(", ")));
        for a in c {
            for (b, why) in &g[a] {
                if c.contains(b) {
                    out.push_str(&format!("  {a} → {b} ({why})\n"));
                }
            }
        }
    }
    out
}

/// `x::db` named from outside capability `x`.
fn foreign_db(g: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (from, edges) in g {
        for (to, why) in edges {
            if let Some(cap) = to.strip_suffix("::db") {
                if from != cap && !from.starts_with(&format!("{cap}::")) {
                    out.push(format!("{from} → {to} ({why})"));
                }
            }
        }
    }
    out
}

#[test]
fn no_circles_and_no_other_capabilitys_db() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = sources(&src);
    assert!(files.len() > 100, "read {} files", files.len());
    let g = graph(&files);
    // The checker sees the edges the design is made of (guards against it reading nothing).
    assert!(g["households::api"].contains_key("households::db"));
    assert!(g["app"].contains_key("visits::pages"), "{:?}", g["app"]);
    let found = circles(&g);
    assert!(
        found.is_empty(),
        "import circles:\n{}",
        describe(&g, &found)
    );
    let foreign = foreign_db(&g);
    assert!(
        foreign.is_empty(),
        "another capability's db:\n{}",
        foreign.join("\n")
    );
}

#[test]
fn a_circle_through_super_use_groups_and_view_macros_is_found() {
    let files = [
        ("a".to_string(), "pub mod api; pub mod pages;".to_string()),
        (
            "a::api".to_string(),
            "mod ssr { use super::super::{model::X, db}; }".to_string(),
        ),
        ("a::model".to_string(), "pub struct X;".to_string()),
        (
            "a::db".to_string(),
            "fn f() { crate::b::pages::P(); }".to_string(),
        ),
        (
            "b::pages".to_string(),
            "fn v() { view! { <crate::a::api::Thing /> } }".to_string(),
        ),
        ("c".to_string(), "use crate::a::db::f;".to_string()),
    ];
    let g = graph(&files);
    let found = circles(&g);
    assert_eq!(
        found,
        vec![vec![
            "a::api".to_string(),
            "a::db".into(),
            "b::pages".into()
        ]],
        "{}",
        describe(&g, &found)
    );
    assert_eq!(foreign_db(&g), vec!["c → a::db (a::db::f)".to_string()]);
}

//! Shared widgets and the page frame.
pub mod form;
pub mod home;
pub mod layout;
pub mod time;

#[cfg(feature = "ssr")]
pub mod csp;

/// HTML-escapes text for element content and double-quoted attributes (the pages the server
/// writes as text: the villager's pages, the summary, its charts).
#[cfg(feature = "ssr")]
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

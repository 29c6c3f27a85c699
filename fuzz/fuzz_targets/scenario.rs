//! The scenario runner takes any text: directives, scripts and all.
#![no_main]
use std::cell::RefCell;
use std::collections::HashMap;

use exrbac_core::Organization;
use libfuzzer_sys::fuzz_target;

#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

thread_local! {
    // Building an organization with the whole built-in catalog costs more than
    // running a short script on it, so each domain is built once and cloned:
    // the clone is what a fresh `new_organization` would return.
    static PREPARED: RefCell<HashMap<String, Result<Organization, String>>> =
        RefCell::new(HashMap::new());
}

fn organization(domain: &str) -> Result<Organization, String> {
    PREPARED.with(|p| {
        let mut p = p.borrow_mut();
        // Fuzzed directives invent domains; keep the cache bounded.
        if p.len() > 64 {
            p.clear();
        }
        p.entry(domain.to_string())
            .or_insert_with(|| exrbac_shell::new_organization(domain))
            .clone()
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        // Bounded: a fuzzed script of thousands of statements is slow, not wrong.
        if src.len() > 4096 {
            return;
        }
        // Every input starts inside an organization, so that mutations spend
        // themselves on the script and not on renaming the domain (each new
        // domain is a whole catalog build); an input may still open others.
        let text = format!("#@ org contoso.com\n{src}");
        let _ = exrbac_shell::scenario::run(&text, &organization);
    }
});

//! The scenario runner takes any text: directives, scripts and all.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        // Bounded: a fuzzed script of thousands of statements is slow, not wrong.
        if src.len() > 4096 {
            return;
        }
        let _ = exrbac_shell::scenario::run(src, &|domain| exrbac_shell::new_organization(domain));
    }
});

//! The shell's lexer and parser never panic and fail only with a ParseError
//! that renders against the source.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        if let Err(e) = exrbac_pwsh::parse(src) {
            let _ = e.render(src);
        }
    }
});

//! The export/import document: any text is refused with an error or loads
//! into an organization whose references check out and which exports again.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(org) = exrbac_core::Organization::from_document(text) {
            assert!(org.check_references().is_ok());
            let again = org.to_document().unwrap_or_else(|e| panic!("{e}"));
            assert!(exrbac_core::Organization::from_document(&again).is_ok());
        }
    }
});

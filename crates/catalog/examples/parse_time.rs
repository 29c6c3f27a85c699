//! How long the first use of the embedded catalog takes (run with `--release`).

use std::time::Instant;

fn main() {
    let t = Instant::now();
    let cmdlets = exrbac_catalog::cmdlets().count();
    let after_cmdlets = t.elapsed();
    match exrbac_catalog::builtin() {
        Ok(c) => {
            let entries: usize = c.roles.iter().map(|r| r.entries.len()).sum();
            println!(
                "{cmdlets} cmdlets in {after_cmdlets:?}; {} roles, {entries} entries in {:?} total",
                c.roles.len(),
                t.elapsed()
            );
        }
        Err(e) => eprintln!("{e}"),
    }
}

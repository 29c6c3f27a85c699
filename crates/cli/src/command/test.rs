//! `exrbac test FILE…`: the scenario runner.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(files: &[PathBuf]) -> Result<ExitCode> {
    let (mut passed, mut failed) = (0usize, 0usize);
    for f in files {
        let name = f.display().to_string();
        let src = match std::fs::read_to_string(f) {
            Ok(s) => s,
            Err(e) => {
                println!("FAIL {name}: can't read it: {e}");
                failed += 1;
                continue;
            }
        };
        let report = exrbac_shell::scenario::run(&src, &|d| exrbac_shell::new_organization(d));
        if report.passed() {
            println!(
                "ok   {name} ({} commands, {} checks)",
                report.commands, report.checks
            );
            passed += 1;
        } else {
            println!(
                "FAIL {name} ({} of {} checks failed)",
                report.failures.len(),
                report.checks
            );
            for fl in &report.failures {
                print!("{}", exrbac_shell::scenario::describe(&name, fl));
            }
            failed += 1;
        }
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

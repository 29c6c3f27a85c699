//! The scenario corpus: our own `tests/scenarios/*.ps1` and, when the shared
//! acceptance folder stands beside the project, every script in it.

#![allow(
    clippy::unwrap_used,
    reason = "a test stops loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};

fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ps1"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn run_all(files: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in files {
        let src = std::fs::read_to_string(f).unwrap();
        let report = exrbac_shell::scenario::run(&src, &exrbac_shell::new_organization);
        let name = f.display().to_string();
        if report.checks == 0 {
            problems.push(format!("{name}: no checks ran"));
        }
        for fl in &report.failures {
            problems.push(exrbac_shell::scenario::describe(&name, fl));
        }
    }
    problems
}

#[test]
fn own_scenarios_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let files = scripts(&root);
    assert!(!files.is_empty(), "no scenarios in {}", root.display());
    let problems = run_all(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn shared_acceptance_scenarios_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios");
    let files = scripts(&dir);
    if files.is_empty() {
        eprintln!(
            "WARNING: the shared acceptance scenarios ({}) are not beside the project: NOT RUN",
            dir.display()
        );
        return;
    }
    let problems = run_all(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Starting `exrbac serve` from a test.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test stops loudly on a broken fixture"
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Spawns `cmd` (an `exrbac … serve --listen 127.0.0.1:0` command whose
/// stderr the caller has set) and returns the process and the URL it
/// printed on its first line.
pub fn spawn_serve(mut cmd: Command) -> (Child, String) {
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("exrbac: listening on ")
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    (child, url)
}

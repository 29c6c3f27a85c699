//! One module per subcommand.

pub mod check;
pub mod init;
pub mod run;
pub mod shell;
pub mod test;
pub mod transfer;

//! One module per subcommand.

#[cfg(feature = "bench")]
pub mod bench;
pub mod check;
pub mod generate;
pub mod init;
pub mod run;
pub mod serve;
pub mod shell;
pub mod test;
pub mod token;
pub mod transfer;

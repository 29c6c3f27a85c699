//! Errors as PowerShell reports them: a message, the command that raised
//! it, and whether it stops the pipeline.

use std::fmt;

/// One error record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellError {
    /// The cmdlet that raised it, if any.
    pub command: Option<String>,
    /// The message, in Exchange's or PowerShell's words.
    pub message: String,
    /// A terminating error stops the statement; others let it go on.
    pub terminating: bool,
    /// Where in the script, as `line:column` text, when known.
    pub position: Option<String>,
}

impl ShellError {
    /// A terminating error.
    pub fn fatal(message: impl Into<String>) -> ShellError {
        ShellError {
            command: None,
            message: message.into(),
            terminating: true,
            position: None,
        }
    }
    /// A non-terminating error.
    pub fn soft(message: impl Into<String>) -> ShellError {
        ShellError {
            command: None,
            message: message.into(),
            terminating: false,
            position: None,
        }
    }
    /// Attributes the error to a command.
    pub fn in_command(mut self, c: &str) -> ShellError {
        if self.command.is_none() {
            self.command = Some(c.to_string());
        }
        self
    }
}

impl From<exrbac_core::CoreError> for ShellError {
    fn from(e: exrbac_core::CoreError) -> ShellError {
        ShellError::fatal(e.to_string())
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.command {
            Some(c) => write!(f, "{c} : {}", self.message)?,
            None => f.write_str(&self.message)?,
        }
        if let Some(p) = &self.position {
            write!(f, "\n    + At {p}")?;
        }
        Ok(())
    }
}

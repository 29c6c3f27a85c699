//! One organization as a versioned JSON document: backups, moves between
//! stores and backends, and the import/export round trip.

use super::org::Organization;
use crate::err::CoreError;
use serde::{Deserialize, Serialize};

/// The document's format name.
pub const FORMAT: &str = "exrbac-organization";
/// The version this build writes and the newest it reads.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct DocumentRef<'a> {
    format: &'static str,
    version: u32,
    organization: &'a Organization,
}

#[derive(Deserialize)]
struct Document {
    format: String,
    version: u32,
    organization: Organization,
}

impl Organization {
    /// The organization as a versioned JSON document.
    pub fn to_document(&self) -> Result<String, CoreError> {
        serde_json::to_string_pretty(&DocumentRef {
            format: FORMAT,
            version: VERSION,
            organization: self,
        })
        .map_err(|e| CoreError::Invalid(format!("the organization can't be written: {e}")))
    }

    /// Reads a document, checking its format, version and every reference;
    /// errors say where (line and column) and why.
    pub fn from_document(text: &str) -> Result<Organization, CoreError> {
        let doc: Document = serde_json::from_str(text).map_err(|e| {
            CoreError::Invalid(format!(
                "not a valid exrbac document (line {}, column {}): {e}",
                e.line(),
                e.column()
            ))
        })?;
        if doc.format != FORMAT {
            return Err(CoreError::Invalid(format!(
                "not an exrbac organization document (format `{}`)",
                doc.format
            )));
        }
        if doc.version > VERSION {
            return Err(CoreError::Invalid(format!(
                "the document has version {}, newer than this exrbac understands ({VERSION})",
                doc.version
            )));
        }
        let mut org = doc.organization;
        org.check_references()?;
        org.reindex()?;
        Ok(org)
    }
}

//! Errors of the catalog: malformed embedded data (a bug caught by the tests) and malformed
//! organization exports (user input).

/// Everything that can go wrong building a catalog.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    /// The data embedded in the crate is inconsistent; the tests keep this from shipping.
    #[error("embedded catalog data `{file}` line {line}: {message}")]
    Data {
        /// Embedded file name, e.g. `role-cmdlets.tsv`.
        file: &'static str,
        /// 1-based line (0 when the file as a whole is at fault).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An exported CSV file could not be read.
    #[error("{file}: row {row}{}: {message}", column.as_ref().map(|c| format!(", column `{c}`")).unwrap_or_default())]
    Csv {
        /// Which export: `roles` or `entries`.
        file: String,
        /// 1-based line of the file, counting the header (and a `#TYPE` line) as Export-Csv wrote it.
        row: usize,
        /// The column at fault, when there is one.
        column: Option<String>,
        /// What is wrong.
        message: String,
    },
}

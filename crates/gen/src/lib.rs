//! Seeded, reproducible Exchange organizations for benchmarks and scale tests.
//!
//! [`generate`] builds an [`Organization`] shaped like a large company's —
//! regions and departments as OUs; mailboxes, users, mail users and contacts
//! with the attributes scopes filter on; security and distribution groups
//! nested up to six deep with owners; custom child roles with pruned entries;
//! custom and exclusive scopes; role groups, security groups and users holding
//! scoped assignments; role assignment policies — through the public
//! `Organization` API only, so every invariant the engine relies on holds. The
//! same [`GenSpec`] (seed included) always gives the same organization.
//!
//! [`sample_requests`] draws a reproducible mix of decision requests from an
//! organization, the way a benchmark or a load test would ask them.
#![deny(missing_docs)]

mod build;
mod data;
mod requests;
mod rng;

pub use build::generate;
pub use exrbac_core::Organization;
pub use requests::{Request, RequestClass, sample_requests};

use thiserror::Error;

/// Deepest group nesting a spec may ask for: Exchange organizations rarely
/// nest deeper, and SPEC §7's reference organization stops at six.
pub const MAX_NESTING: usize = 6;

/// Fewest recipients a spec may ask for: below this the regions, groups and
/// scopes have nobody to hold.
pub const MIN_RECIPIENTS: usize = 100;

/// What to generate. [`GenSpec::sized`] scales every count from the number of
/// recipients as SPEC §7's reference organization does (1,000,000 recipients,
/// 50,000 groups, 5,000 roles, 100,000 assignments, 1,000 scopes); the fields
/// can be changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenSpec {
    /// Users, mailboxes, mail users and contacts — every recipient that isn't a
    /// group — the bootstrap Administrator included.
    pub recipients: usize,
    /// The seed: the same spec with the same seed gives the same organization.
    pub seed: u64,
    /// The organization's domain.
    pub domain: String,
    /// Security and distribution groups created (role groups not included).
    pub groups: usize,
    /// Longest chain of group-in-group memberships (a group of users only has
    /// depth 0); at most [`MAX_NESTING`].
    pub max_nesting: usize,
    /// Custom roles, each a child of a built-in role or of another custom role.
    pub roles: usize,
    /// Custom role groups.
    pub role_groups: usize,
    /// Role assignments created, on top of the ones setup makes.
    pub assignments: usize,
    /// Custom management scopes of every kind, exclusive ones included.
    pub scopes: usize,
    /// How many of `scopes` are exclusive recipient scopes.
    pub exclusive_scopes: usize,
    /// Role assignment policies created besides the default one.
    pub policies: usize,
    /// Users picked as administrators: direct assignees and role group members.
    pub admins: usize,
    /// Regions (top-level OUs, each with one OU per department); at most 8.
    pub regions: usize,
    /// Mailbox databases in all (setup's first one included).
    pub databases: usize,
}

impl GenSpec {
    /// A spec for `recipients` recipients with every other count scaled from
    /// SPEC §7's 1M shape, never below a handful so that small organizations
    /// still have every kind of object.
    pub fn sized(recipients: usize, seed: u64) -> GenSpec {
        let r = recipients;
        let scopes = (r / 1000).max(10);
        GenSpec {
            recipients: r,
            seed,
            domain: "contoso.com".to_string(),
            groups: (r / 20).max(20),
            max_nesting: MAX_NESTING,
            roles: (r / 200).max(10),
            role_groups: (r / 250).max(5),
            assignments: (r / 10).max(100),
            scopes,
            exclusive_scopes: (scopes / 100).clamp(2, 10),
            policies: (r / 50_000).clamp(2, 20),
            admins: (r / 100).max(10),
            regions: (2 + r / 100_000).min(data::REGIONS.len()),
            databases: (r / 20_000).clamp(2, 50),
        }
    }

    /// Why the spec can't be generated, if it can't.
    pub fn problem(&self) -> Option<String> {
        if self.recipients < MIN_RECIPIENTS {
            return Some(format!(
                "at least {MIN_RECIPIENTS} recipients are needed, not {}",
                self.recipients
            ));
        }
        if self.max_nesting > MAX_NESTING {
            return Some(format!(
                "groups nest at most {MAX_NESTING} deep, not {}",
                self.max_nesting
            ));
        }
        if self.groups <= self.max_nesting {
            return Some(format!(
                "{} groups can't nest {} deep",
                self.groups, self.max_nesting
            ));
        }
        if self.regions == 0 || self.regions > data::REGIONS.len() {
            return Some(format!(
                "regions must be 1 to {}, not {}",
                data::REGIONS.len(),
                self.regions
            ));
        }
        if self.exclusive_scopes > self.scopes {
            return Some("more exclusive scopes than scopes".to_string());
        }
        if self.admins == 0 || self.admins > self.recipients / 2 {
            return Some("admins must be between 1 and half the recipients".to_string());
        }
        if self.databases == 0 {
            return Some("at least one database is needed".to_string());
        }
        None
    }
}

/// Why an organization couldn't be generated.
#[derive(Debug, Error)]
pub enum GenError {
    /// The spec asks for something that can't be built.
    #[error("invalid spec: {0}")]
    Spec(String),
    /// The built-in catalog failed to load.
    #[error("catalog: {0}")]
    Catalog(#[from] exrbac_catalog::CatalogError),
    /// The organization refused a change: a bug in the generator, since it
    /// only asks for what the model allows.
    #[error("{0}")]
    Core(#[from] exrbac_core::CoreError),
    /// A generated scope filter didn't parse.
    #[error("scope filter `{0}`: {1}")]
    Filter(String, String),
}

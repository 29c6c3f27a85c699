//! The Exchange RBAC model and decision engine.
//!
//! This crate holds no I/O: an [`Organization`] is built from the bundled
//! catalog (or a real export), changed through methods that enforce Exchange's
//! invariants, and asked for decisions that always come with an explanation.
//! Storage, the shell language, the server and the CLI are separate crates on
//! top of it.
#![deny(missing_docs)]

pub mod audit;
pub mod engine;
pub mod err;
pub mod model;
pub mod names;

pub use audit::{AdminAuditLogSettings, AuditQuery, AuditRecord};
pub use engine::{
    Access, Candidate, Chain, Decision, Delegation, EffectivePermission, Explanation, Grant,
    NearMiss, Principal, Target, Via, WhoCan, server_default,
};
pub use err::CoreError;
pub use exrbac_catalog as catalog;
pub use exrbac_opath as opath;
pub use model::*;

//! Types and rules with no IO: the application and its parts, levels,
//! tracks and stages, and the validation of records arriving from outside.
//!
//! Everything here is deterministic and cheap to test; nothing reads a
//! clock, a file or the store.

pub mod application;
pub mod assignment;
pub mod calendar;
pub mod committee;
pub mod cycle;
pub mod decision;
pub mod moves;
pub mod notice;
pub mod parse;
pub mod query;
pub mod rules;
pub mod scoring;
pub mod stage;
pub mod statistics;
pub mod summary;
pub mod user;

pub use application::{
    Application, Category, Education, EvidenceItem, EvidenceKind, Field, Flag, Gender, Hours,
    OrgType, PriorCertificate, Rank, Role, Scope, TrainingRecord,
};
pub use cycle::{Cycle, CycleError};
pub use parse::{
    ParsedRecord, Problem, RecordRef, duplicate_ids, parse_application, parse_document,
};
pub use rules::{
    Criterion, CriterionResult, Evaluation, Finding, Status, Verdict, evaluate,
    next_stage_after_eligibility,
};
pub use stage::{ExceptionalBasis, Level, Stage, Track};
pub use summary::Summary;
pub use user::{TitleRank, User, UserRole};

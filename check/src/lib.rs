//! yehua-check's library: what the `yehua-check` command and `yehua-walk` share.
//!
//! Owns: `report` (what `yehua-check` prints, and its exit status) and `walk` (yehua-core's
//! side of the differential tests against SurveyJS).
//! Must not: decide anything about a definition itself: every rule is yehua-core's.

pub mod report;
pub mod walk;

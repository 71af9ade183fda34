//! Helpers shared by the native integration tests (`mod common;` in each test file that uses
//! them): building test values tersely.
//!
//! Owns: constructors of domain values with every field spelled out by the caller. Must not:
//! hold fixtures or decide what a test expects.

use yehua_core::answer::Answer;
use yehua_core::definition::Intent;
use yehua_core::submission::SubmittedAnswer;

/// One submitted answer: its question's name, value, "other" text and intent.
pub fn answer(
    name: &str,
    value: Answer,
    other: Option<&str>,
    intent: Option<Intent>,
) -> SubmittedAnswer {
    SubmittedAnswer {
        name: name.into(),
        value,
        other: other.map(str::to_string),
        intent,
    }
}

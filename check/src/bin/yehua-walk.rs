//! `yehua-walk --script first|last|required FILE...`: each definition walked by yehua-core as
//! tests/surveyjs/README.md describes, one JSON line per file (`{"file", "script", ...}`).
//! Test tooling for the differential tests against SurveyJS; organizers use `yehua-check`.

use std::process::ExitCode;

use yehua_check::walk::{walk, Script};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut script = Script::First;
    let mut files = Vec::new();
    while let Some(a) = args.next() {
        if a == "--script" {
            match args.next().as_deref().and_then(Script::parse) {
                Some(s) => script = s,
                None => {
                    eprintln!("yehua-walk: --script takes first, last or required");
                    return ExitCode::from(2);
                }
            }
        } else {
            files.push(a);
        }
    }
    for file in files {
        let mut report = match std::fs::read_to_string(&file) {
            Ok(text) => walk(&text, script),
            Err(e) => serde_json::json!({ "loaded": false, "error": format!("cannot read: {e}") }),
        };
        report["file"] = serde_json::json!(file);
        report["script"] = serde_json::json!(format!("{script:?}").to_lowercase());
        println!("{report}");
    }
    ExitCode::SUCCESS
}

//! Build script: writes the embedded default consultation without insignificant whitespace
//! into OUT_DIR, so the readable file in src/core/ costs residents no extra bytes.
//!
//! Owns: that one transformation. Must not: validate or change the JSON's meaning (the
//! native tests parse the original file).

use std::{env, fs, path::Path};

fn main() {
    let src = "src/core/default_consultation.json";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    let dir = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = fs::write(Path::new(&dir).join("default_consultation.min.json"), out) {
        println!("cargo:warning=could not write the minified consultation: {e}");
    }
}

//! `yehua-check [--lang zh-CN|zh-TW|en] [--json] [--outline] FILE...`: checks consultation
//! definitions before they are published, with the messages of the widget's check view
//! (`?check=1`), so a district can check them in its own pipeline (docs/DEFINITIONS.md).
//!
//! Exit status: 0 no errors and no warnings; 3 warnings only; 1 an error in some file;
//! 2 a usage mistake or a file that cannot be read.

use std::process::ExitCode;

use yehua_check::report::{self, FileReport, Format};
use yehua_core::i18n::Locale;

const USAGE: &str = "usage: yehua-check [--lang zh-CN|zh-TW|en] [--json] [--outline] FILE...";

fn main() -> ExitCode {
    let mut locale = Locale::ZhCn;
    let mut format = Format::Text { outline: false };
    let mut json = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--lang" => match args.next() {
                Some(tag) => locale = Locale::from_tag(&tag),
                None => return usage(),
            },
            "--json" => json = true,
            "--outline" => format = Format::Text { outline: true },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with('-') && s != "-" => return usage(),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        return usage();
    }
    if json {
        format = Format::Json;
    }
    let reports: Vec<FileReport> = files.iter().map(|f| FileReport::read(f, locale)).collect();
    print!("{}", report::render(&reports, format, locale));
    ExitCode::from(report::exit_status(&reports))
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

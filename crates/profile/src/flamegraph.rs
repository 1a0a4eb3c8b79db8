//! Per-function attribution as folded stacks (`main;f;g weight`, one line each) and as a
//! flame graph SVG drawn by `inferno`. Weights are the `instructions` model: glue
//! instructions, and coprocessor calls as `[name]` frames weighted by their
//! instruction-equivalents.

use crate::profile::Profile;
use std::io::Write;

/// The folded stacks, one `stack weight` line each.
pub fn folded(profile: &Profile) -> String {
    let mut out = String::new();
    for (stack, weight) in &profile.folded {
        out.push_str(&format!("{stack} {weight}\n"));
    }
    out
}

/// Write the flame graph SVG of `profile` to `out`.
pub fn write_svg(profile: &Profile, title: &str, out: impl Write) -> std::io::Result<()> {
    let mut options = inferno::flamegraph::Options::default();
    options.title = title.to_owned();
    options.count_name = "instructions".to_owned();
    let lines: Vec<String> = profile
        .folded
        .iter()
        .map(|(stack, weight)| format!("{stack} {weight}"))
        .collect();
    inferno::flamegraph::from_lines(&mut options, lines.iter().map(String::as_str), out)
}

//! `gluecp new PATH`: a guest crate that builds as it is, wherever PATH is on disk.
//!
//! The files come from `crates/cli/template/`, with `{{name}}` replaced by a crate name
//! derived from PATH and `{{guest_path}}` by the absolute path of the guest SDK, so the
//! new crate needs neither this repository's layout nor a registry.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

const CARGO_TOML: &str = include_str!("../template/Cargo.toml.tmpl");
const MAIN_RS: &str = include_str!("../template/main.rs");
const GITIGNORE: &str = include_str!("../template/gitignore");

/// Names cargo or rustc reject or confuse for a package: Rust keywords, the built-in
/// crates, cargo's own target-directory names, and the SDK the guest depends on.
const RESERVED: &[&str] = &[
    "abstract",
    "alloc",
    "as",
    "async",
    "await",
    "become",
    "box",
    "break",
    "build",
    "const",
    "continue",
    "core",
    "crate",
    "deps",
    "do",
    "dyn",
    "else",
    "enum",
    "examples",
    "extern",
    "false",
    "final",
    "fn",
    "for",
    "gen",
    "gluecp-guest",
    "gluecp_guest",
    "if",
    "impl",
    "in",
    "incremental",
    "let",
    "loop",
    "macro",
    "match",
    "mod",
    "move",
    "mut",
    "override",
    "priv",
    "proc-macro",
    "proc_macro",
    "pub",
    "ref",
    "return",
    "self",
    "static",
    "std",
    "struct",
    "super",
    "test",
    "trait",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "unsized",
    "use",
    "virtual",
    "where",
    "while",
    "yield",
];

/// Create a guest crate at `path` (which must not exist, or be an empty directory) that
/// depends on the guest SDK at `guest_sdk_dir`.
pub fn new_guest(path: &Path, guest_sdk_dir: &Path) -> Result<()> {
    if path.exists() {
        let empty_dir = path.is_dir()
            && fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .next()
                .is_none();
        if !empty_dir {
            bail!(
                "{} already exists and is not an empty directory",
                path.display()
            );
        }
    }
    let sdk = fs::canonicalize(guest_sdk_dir)
        .with_context(|| format!("guest SDK not found at {}", guest_sdk_dir.display()))?;
    if !sdk.join("Cargo.toml").is_file() {
        bail!(
            "{} is not the guest SDK crate (no Cargo.toml)",
            sdk.display()
        );
    }
    let sdk = sdk
        .to_str()
        .with_context(|| format!("the guest SDK path {} is not UTF-8", sdk.display()))?;

    fs::create_dir_all(path.join("src"))
        .with_context(|| format!("cannot create {}", path.display()))?;
    let name = crate_name(
        &fs::canonicalize(path).with_context(|| format!("cannot resolve {}", path.display()))?,
    )?;
    let fill = |template: &str| {
        template
            .replace("{{name}}", &name)
            .replace("{{guest_path}}", &toml_escape(sdk))
    };
    for (file, contents) in [
        ("Cargo.toml", fill(CARGO_TOML)),
        ("src/main.rs", fill(MAIN_RS)),
        (".gitignore", GITIGNORE.to_owned()),
    ] {
        let target = path.join(file);
        fs::write(&target, contents)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

/// A valid package name from the last component of `path` (which is canonical).
fn crate_name(path: &Path) -> Result<String> {
    let raw = path
        .file_name()
        .with_context(|| format!("cannot name a crate after {}", path.display()))?
        .to_string_lossy();
    Ok(sanitize(&raw))
}

/// Lowercase ASCII letters, digits, `-` and `_`; not starting with a digit; not reserved.
fn sanitize(raw: &str) -> String {
    let mapped: String = raw
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    let mut name = mapped.trim_matches(['-', '_']).to_owned();
    if name.is_empty() {
        name = "guest".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "guest-");
    }
    if RESERVED.contains(&name.as_str()) {
        name.push_str("-guest");
    }
    name
}

/// Escape `text` for a TOML basic (double-quoted) string.
fn toml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => escaped.push_str("\\\""),
            '\\' => escaped.push_str("\\\\"),
            c if c.is_control() => escaped.push_str(&format!("\\u{:04X}", c as u32)),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_crate_names() {
        assert_eq!(sanitize("my-guest"), "my-guest");
        assert_eq!(sanitize("My Guest!"), "my-guest");
        assert_eq!(sanitize("2fast"), "guest-2fast");
        assert_eq!(sanitize("test"), "test-guest");
        assert_eq!(sanitize("build"), "build-guest");
        assert_eq!(sanitize("漢字"), "guest");
    }

    #[test]
    fn paths_are_escaped_for_toml() {
        assert_eq!(toml_escape(r#"C:\a "b""#), r#"C:\\a \"b\""#);
    }

    #[test]
    fn creates_a_crate_and_refuses_to_overwrite() {
        let root = std::env::temp_dir().join(format!("gluecp-scaffold-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let sdk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guest");
        let path = root.join("Hello World");

        new_guest(&path, &sdk).unwrap();
        let manifest = fs::read_to_string(path.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"hello-world\""), "{manifest}");
        let sdk = fs::canonicalize(&sdk).unwrap();
        assert!(
            manifest.contains(&format!("path = \"{}\"", sdk.display())),
            "{manifest}"
        );
        let main = fs::read_to_string(path.join("src/main.rs")).unwrap();
        assert!(main.contains("gluecp_guest::entry!(main);") && !main.contains("{{"));
        assert!(path.join(".gitignore").is_file());

        let again = new_guest(&path, &sdk).unwrap_err();
        assert!(
            again.to_string().contains("not an empty directory"),
            "{again}"
        );
        fs::remove_dir_all(&root).unwrap();
    }
}

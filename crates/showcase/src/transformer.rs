//! (being written)

/// (being written)
pub const SHOWCASE: crate::Showcase = crate::Showcase {
    name: "transformer",
    title: "transformer",
    guest_dir: "examples/transformer",
    input: Vec::new,
    check: |_, _| Err("not written yet".into()),
};

//! (being written)

/// (being written)
pub const SHOWCASE: crate::Showcase = crate::Showcase {
    name: "batch",
    title: "batch",
    guest_dir: "examples/batch",
    input: Vec::new,
    check: |_, _| Err("not written yet".into()),
};

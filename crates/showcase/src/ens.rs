//! (being written)

/// (being written)
pub const SHOWCASE: crate::Showcase = crate::Showcase {
    name: "ens",
    title: "ens",
    guest_dir: "examples/ens",
    input: Vec::new,
    check: |_, _| Err("not written yet".into()),
};

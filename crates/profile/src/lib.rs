//! Where a run's cost goes: the glue by instruction class, each coprocessor, and each
//! function of the program.

pub mod flamegraph;
pub mod profile;
pub mod recorder;
pub mod report;
pub mod schedule;
pub mod stacks;

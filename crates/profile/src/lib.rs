//! Where a run's cost goes: the glue by instruction class, each coprocessor, and each
//! function of the program.

pub mod recorder;
pub mod stacks;

//! The `cpu` chip: the CPU. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(CpuAir, "cpu");

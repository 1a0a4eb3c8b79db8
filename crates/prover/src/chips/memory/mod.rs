//! The `memory` chip: the memory init/final table. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(MemoryAir, "memory");

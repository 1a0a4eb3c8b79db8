//! The `lsu` chip: loads and stores. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(LsuAir, "lsu");

//! The `lt` chip: SLT, SLTU and EQ. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(LtAir, "lt");

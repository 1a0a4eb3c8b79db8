//! The `mul` chip: MUL, MULH, MULHSU and MULHU. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(MulAir, "mul");

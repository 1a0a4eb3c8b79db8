//! The `shift` chip: SLL, SRL and SRA. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(ShiftAir, "shift");

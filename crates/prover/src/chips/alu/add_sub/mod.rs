//! The `add_sub` chip: ADD and SUB. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(AddSubAir, "add_sub");

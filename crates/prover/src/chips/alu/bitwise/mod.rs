//! The `bitwise` chip: XOR, OR and AND (byte-table lookups). (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(BitwiseAir, "bitwise");

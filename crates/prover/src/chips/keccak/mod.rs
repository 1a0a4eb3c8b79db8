//! The `keccak` chip: the Keccak-f coprocessor. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(KeccakChipAir, "keccak");

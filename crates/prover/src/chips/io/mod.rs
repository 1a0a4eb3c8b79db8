//! The `io` chip: the input and journal system calls. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(IoAir, "io");

//! The `divrem` chip: DIV, DIVU, REM and REMU. (Placeholder until the chip lands.)

crate::chips::placeholder_chip!(DivRemAir, "divrem");

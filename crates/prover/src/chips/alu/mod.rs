//! The ALU chips: each receives its ops' `(op, a, b, c)` tuples on the `exec` bus
//! ([`crate::bus::EXEC_BUS`]) and proves `a = op(b, c)` with `a`'s limbs in range.

pub mod add_sub;
pub mod bitwise;
pub mod divrem;
pub mod lt;
pub mod mul;
pub mod shift;

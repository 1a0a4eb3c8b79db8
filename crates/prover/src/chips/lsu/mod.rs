//! The `lsu` chip: loads and stores (LB, LH, LW, LBU, LHU, SB, SH, SW), one row per executed
//! instruction, each making ONE access to the aligned word holding `addr = b + imm mod 2^32`.
//!
//! | columns ([`LsuCols`]) | count | role |
//! | --- | --- | --- |
//! | `clk, a, b, c, imm` | 9 | the received `lsu` tuple (words as 16-bit limbs) |
//! | `is_byte, is_half, is_word, is_store, is_unsigned` | 5 | op flags; `op = 32 real + half + 2 word + 3 unsigned + 5 store` |
//! | `o0, o1, carry_lo, carry_hi, addr_byte0, low, hi_inv` | 7 | the address: carries of `b + imm`, offset bits, bounds |
//! | `prev, value` | 4 | the word before and after the access |
//! | `sel_byte, other_byte, aux0, aux1, sign` | 5 | bytes of the accessed half, of `c_lo`, the sign bit |
//! | `read_only` | 1 | the cell's read-only flag on `memory` (loads only) |
//! | `access` ([`crate::bus::AccessCols`]) | 3 | `prev_ts` and the range check of `ts - prev_ts - 1` |
//!
//! 34 columns. Per real row: 1 receive on `lsu`, 2 interactions on `memory` (receive `prev`,
//! send `value`), 7 lookups on `byte` (`AND(addr_byte0, 3, off)`, `RANGE(addr_byte1, ·)`,
//! `U16(8 addr_hi)`, `RANGE(sel_byte, other_byte)`, `RANGE(aux0, aux1)`, and the access's
//! `U16`/`RANGE`). Every tuple field has degree 1, so same-bus interactions pair up: 6 LogUp
//! fraction columns (1 `lsu`, 1 `memory`, 4 `byte`). Constraint degree 3.
//!
//! # Layout
//!
//! `addr_lo = b_lo + imm_lo - 2^16 carry_lo = addr_byte0 + 256 addr_byte1`,
//! `addr_hi = b_hi + imm_hi + carry_lo - 2^16 carry_hi`, `off = o0 + 2 o1 = addr & 3`, and the
//! word accessed is `addr - off`. `S` is the old half holding the access (`prev_lo` if
//! `o1 = 0`, else `prev_hi`), split into `sel_byte` (the accessed byte; for halves the high
//! byte) and `other_byte`. Loads: `a` is `sel_byte`, `S` or `prev`, sign-extended by `sign`
//! (LB, LH) or zero-extended; `value = prev`. Stores: `c_lo = aux0 + 256 aux1` (SB) or
//! `256 aux0 + aux1` (SH) so that `aux0` replaces `sel_byte` (and `aux1` `other_byte` for SH),
//! the other half is unchanged; SW writes `c`.
//!
//! # Soundness
//!
//! Assumptions: the CPU sends `b` with limbs below 2^16 (a register value, by the memory bus
//! invariant), `imm` with limbs below 2^16 (it reads them from the program table) and
//! `clk < 2^22`; every word received on `memory` has limbs below 2^16 (the bus invariant).
//!
//! - **Op.** The flags are boolean, at most one width is set, a store or unsigned flag needs a
//!   real row, `is_unsigned` needs a byte/half load. On those combinations `op` is injective
//!   (32..=39), so the tuple received from the CPU fixes the flags.
//! - **Address.** `addr_byte0` is a byte and `off = addr_byte0 & 3` (the AND lookup),
//!   `addr_byte1` is a byte (RANGE), so `addr_lo = addr_byte0 + 256 addr_byte1` holds as
//!   integers (both sides lie far inside `(-p/2, p/2)`), which forces `carry_lo`. `8 addr_hi`
//!   is a 16-bit value and `addr_hi` an integer in `(-2^16, 2^17]`, so `0 <= addr_hi < 2^13`,
//!   which forces `carry_hi`. Hence `addr_lo + 2^16 addr_hi = b + imm - 2^32 carry_hi` is
//!   `b + imm mod 2^32`, below `MEM_END = 2^29`. Lower bound: the second RANGE slot
//!   `addr_byte1 + 256 low - 16` is a byte, so `low = 1` exactly when `addr_byte1 < 16`; if
//!   `low = 0`, `addr >= 16 * 256 = MEM_START`; if `low = 1` then `addr_hi * hi_inv = 1`, so
//!   `addr_hi >= 1` and `addr >= 2^16`. Alignment: `o0 = 0` for
//!   halves, `o0 = o1 = 0` for words; with `addr < 2^29` (a multiple of 4), the whole access
//!   `[addr, addr + width)` lies in `[MEM_START, MEM_END)`. The word address `addr - off`
//!   is a multiple of 4 in that range: never a register (0..32), never aliased in the field.
//! - **Old word.** `prev` comes from the memory bus at that address (its limbs are below 2^16),
//!   `S` is one of its limbs (`o1` boolean), and `S = sel (1 + 255 p) + other (256 - 255 p)`
//!   with both bytes range-checked and `p = o0 + is_half` boolean (halves have `o0 = 0`) is the
//!   unique byte split: `sel_byte` is byte `off` of the word for byte ops and the high byte of
//!   the half for halves.
//! - **Loads.** `a_lo`, `a_hi` are fixed by the flags, `sel_byte`, `other_byte`, `prev` and
//!   `sign`; `sign` is boolean, zero unless LB/LH, and for LB/LH `aux0 = 2 sel - 256 sign` is a
//!   byte, which holds only for `sign = sel >> 7`. So `a` is the VM's result, with limbs below
//!   2^16; `value = prev`.
//! - **Stores.** `c_lo` is below 2^16, so its byte split into `aux0, aux1` is unique. For
//!   SB/SH, the other half is unchanged (one limb of `value` fixed) and the limb sum changes by
//!   `(aux0 - sel) (1 + 255 p)` (+ `aux1 - other` for SH), which fixes the other limb to `S`
//!   with the accessed byte(s) replaced: a byte split, below 2^16. For SW, `value_lo = c_lo`
//!   and the limb sum fixes `value_hi = c_hi`. So the word sent on `memory` is the VM's, with
//!   limbs below 2^16 (the bus invariant holds).
//! - **Code is read-only.** The memory bus carries each cell's read-only flag (1 exactly on
//!   the code range's words, from the image table). A store passes 0 (`(store + 1 - real)
//!   read_only = 0`), so it cannot consume a code word's state; a load may pass 1 and
//!   sends back the state it received. The VM traps on stores into code; the proof does too.
//! - **Timestamps.** [`memory_access`](crate::bus::memory_access) proves `prev_ts < 4 clk + 2`.
//! - **Determinism.** On a real row every cell is fixed by the tuple and the old word
//!   (`hi_inv` is 0 without `low`, `aux0`/`aux1` are 0 where unused, `read_only` is the
//!   received cell's flag), so the witness is unique.
//! - **Padding.** All-zero rows satisfy every constraint (every gate is a flag, `low`, or a
//!   difference of zero columns) and have count 0 on every bus.
//!
//! A row therefore balances the buses only for a tuple the VM could have executed, at the
//! memory word and with the word contents the memory argument agrees on.

mod air;
mod columns;
mod trace;

pub use air::LsuAir;
pub use columns::{LsuCols, NUM_LSU_COLS};
pub use trace::generate_trace;

//! The `matmul` chip: the int8 matrix product coprocessor (`MATMUL_I8` = 0x140, reference
//! semantics in `gluecp_coprocessors::matmul`), `C = A · B` with `A` `m × k` and `B` `k × n`
//! signed bytes, row-major at any alignment, and `C` `m × n` little-endian `i32` words.
//!
//! # Tables
//!
//! | table | rows | role |
//! | --- | --- | --- |
//! | `matmul` | one per call | receives the call, reads `a1..a3` and the dimensions, proves the operand ranges, sends the call on `matmul-call` |
//! | `matmul-mac` | `m n ceil(k / 4)` per call | four multiply-accumulates (lanes) per row, `i`, `j`, `p` in order; writes `C[i][j]` on its last term |
//! | `matmul-word` | one per word of A or B | reads the word, provides its 4 signed bytes on `matmul-byte` |
//!
//! Columns: [`MatmulCallCols`] (44), [`MatmulMacCols`] (36 per row of [`LANES`] = 4
//! multiply-accumulates), `matmul-word` a [`crate::chips::word_bytes`] table (19 per operand
//! word).
//!
//! # Buses
//!
//! Every memory access is at `ts = 4 clk + 2`, each cell accessed once per call.
//!
//! | bus | table | tuple | count |
//! | --- | --- | --- | --- |
//! | `exec` (receive) | `matmul` | `(clk, 0x140, C_lo, C_hi, C_lo, C_hi)` | `is_real` |
//! | `memory` | `matmul` | reads of `x11 = A`, `x12 = B`, `x13 = D`, of `(m, 0)`, `(k, 0)`, `(n, 0)` at `D`, `D + 4`, `D + 8` | `is_real` |
//! | `matmul-call` | `matmul` sends, `matmul-mac` receives | `(clk, A, B, C, m, k, n)` | `is_real` / `start` |
//! | `matmul-byte` | `matmul-word` provides, `matmul-mac` looks up | `(clk, addr, signed byte)` | `counts[t]` / each active lane (twice) |
//! | `memory` | `matmul-mac` | write of `C[i][j]` at `C + 4 (i n + j)` | `last_p` |
//! | `memory` | `matmul-word` | read of the word at `4 q` | `is_real` |
//! | `byte` | all | range checks below | as the access or check |
//!
//! # Soundness
//!
//! - **The call and its operands.** `matmul` receives each call once and reads `A`, `B`,
//!   `D` from the argument registers and `m, k, n` from three words whose high limbs are 0.
//!   It proves `1 <= m, k, n <= 2^11` (`32 (x - 1)` is 16-bit), so `m k`, `k n`, `4 m n` are
//!   at most `2^24` bytes (the ABI's `MAX_TRANSFER`, and `k` below `MATMUL_I8_MAX_K`), and
//!   no product wraps the field; C and D 4-aligned; and each operand inside
//!   `[0x1000, 2^29)`. So the chip proves only calls the VM accepts (C overlapping A or B
//!   would access a word twice at one timestamp, which the memory bus refuses), and a guest
//!   address never names a register.
//! - **The loop.** `matmul-mac`'s real rows are a prefix. A call starts on the first row or
//!   right after a call's last row (`start' = is_real' · last_i`), taking `(clk, A, B, C, m,
//!   k, n)` from `matmul-call` (each sent call is received exactly once). The counters
//!   `p_rem`, `j_rem`, `i_rem` start at `k - 1`, `n - 1`, `m - 1`; a step decrements
//!   `p_rem` by 4 (a row of 4 terms) or `j_rem` or `i_rem` by 1, resetting the ones below it.
//!   `last_j` and `last_i` require their counter at 0; `last_p` requires `p_rem` to equal the
//!   number of active lanes after lane 0 (the lanes are a prefix, all active on rows before
//!   the last), so the last row's terms end exactly at `k - 1`. A counter that passes its
//!   end without its flag would need about `p / 4 > 2^28` more rows to come back, more than a
//!   table holds (`2^22`), and a call cannot end (nor the trace) before its `last_i` row. So
//!   every call has exactly `m n` dot products of exactly `k` terms, and the addresses,
//!   updated by the same rules, are those of `A[i][p + t]`, `B[p + t][j]` and `C[i][j]`.
//! - **Operand values.** `matmul-word` reads whole words (4-aligned addresses below 2^29)
//!   at the call's timestamp and provides each byte as `byte - 256 sign`, with `byte` and
//!   `2 byte - 256 sign` range-checked as bytes (so `sign` is its top bit): the signed
//!   value of the byte in memory. A `matmul-mac` lookup of any other value, or at an
//!   address no real row read at that call, has nothing to balance it. Counts are free
//!   (the provided side) but 0 on rows that read nothing.
//! - **The sums.** Inactive lanes hold zeros. `acc` restarts at the row's sum of `a_t b_t`
//!   after a dot product's last row and adds it otherwise; with `|a|, |b| <= 128` and `k <= 2^11` terms, `|acc| <= 2^25`, so the
//!   field sum is the integer sum. The last term's row writes `acc mod 2^32` as the word
//!   `(out_lo, out_h + out_neg (2^16 - 2^10))` with `acc = out_lo + 2^16 out_h - 2^26 out_neg`,
//!   `out_lo < 2^16`, `out_h < 2^10`: both sides are below 2^27 in absolute value, so the
//!   identity holds over the integers and the limbs are the word's.
//!
//! # Not supported yet
//!
//! Dimensions above 2^11 or 0, a dimension word with a high limb, and dimension words that
//! share a word with A, B or C are refused by the executor with a clear error: the VM
//! accepts them, the chip does not prove them.

mod air;
mod columns;
mod trace;

pub use air::{
    ARG_REGS, MATMUL_BYTE_BUS, MATMUL_CALL_BUS, MATMUL_WORD_AIR, MAX_DIM, MatmulCallAir,
    MatmulMacAir,
};
pub use columns::{
    LANES, MatmulCallCols, MatmulMacCols, NUM_BOUND_CHECKS, NUM_MATMUL_CALL_COLS,
    NUM_MATMUL_MAC_COLS,
};
pub use trace::{call_trace, mac_rows, mac_trace, word_trace};

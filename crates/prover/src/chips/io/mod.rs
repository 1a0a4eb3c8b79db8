//! The `io` chip: the system calls `READ_INPUT` (1), `INPUT_REMAINING` (2), `WRITE` (3) and
//! `COMMIT` (4) (semantics in `gluecp_vm`'s `syscall` module), and the statement's input and
//! journal. Two tables:
//!
//! - the **call table** ([`IoAir`]): rows in execution order, one per call's head, one for
//!   `WRITE`'s pointer, one per word a transfer touches;
//! - the **data table** ([`IoDataAir`]): the input and the journal as a PREPROCESSED trace that
//!   the verifier rebuilds from the bytes it is given, row `i` holding `(i, input[i],
//!   journal[i])`.
//!
//! # Rows of a call
//!
//! | call | rows | memory accesses at `ts = 4 clk + 2` |
//! | --- | --- | --- |
//! | `READ_INPUT(a0 = dest, a1 = len)` | head, then one `read_word` per word overlapping `[dest, dest + count)` | read `a1`; read-modify-write each word (bytes outside the range kept) |
//! | `INPUT_REMAINING` | head | none |
//! | `WRITE(a0 = fd, a1 = ptr, a2 = len)` | head, `write_arg` | read `a2` (head), `a1` (`write_arg`); the buffer is range-checked, not read |
//! | `COMMIT(a0 = ptr, a1 = len)` | head, then one `commit_word` per word overlapping `[ptr, ptr + len)` | read `a1`; read each word |
//!
//! # Columns (call table, [`IoCols`], 44)
//!
//! | columns | role |
//! | --- | --- |
//! | `read_head, remaining_head, write_head, commit_head, write_arg, read_word, commit_word` | row kind, one-hot (padding: none) |
//! | `clk, cursor, journal_pos` | the call's clk; input bytes read and journal bytes written before the row |
//! | `addr, ptr, rem` | the access's address; the next byte to transfer; bytes left |
//! | `prev[4], value[4], mask[4], access[3]` | the accessed cell's bytes before and after; the bytes transferred; `prev_ts` and the `ts` range check |
//! | `a0[2], ret[2], dest_word, clk_gap[2]` | the `syscall` tuple's `a0` and result; `a0_lo >> 2`; `clk - prev clk - 1` |
//! | `short, slack[2]` | `READ_INPUT`: input ran out, `len - count - 1` |
//! | `nonempty, above_code, low_gap[2], high_gap[2]` | range check of a nonempty buffer |
//!
//! Data table ([`IoDataPreprocessedCols`], 5 preprocessed; [`IoDataCols`], 1 main):
//! `index, input, input_real, journal, journal_real` and `input_read`.
//!
//! # Buses
//!
//! | bus | this chip | tuple |
//! | --- | --- | --- |
//! | `syscall` | heads receive (count 1) | `(clk, number, a0_lo, a0_hi, ret_lo, ret_hi)` |
//! | `memory` | one access per row but `INPUT_REMAINING` heads ([`crate::bus::memory_access`]) | `(addr, lo, hi, ts)` |
//! | `io` ([`IO_BUS`]) | the data table sends input bytes (at most once) and journal bytes (exactly once); each masked byte of a word row receives | `(tag, position, byte)`, tag 0 input, 1 journal |
//! | `byte` | range checks: `prev` bytes, timestamps, `ret`, `slack`, `clk_gap`, `dest_word`, the gaps | `(op, a, b, c)` |
//!
//! # Soundness
//!
//! - **Calls.** Each CPU `ecall` with number 1..=4 sends one `syscall` tuple; only heads receive,
//!   with the number fixed by the head's kind, so each call has exactly one head. Row kinds are
//!   one-hot; the first row is a head or padding and the last is padding, real rows come first,
//!   a `write_arg` follows exactly each `WRITE` head, and word rows follow only a head or word
//!   of the same kind; continuation rows keep the head's `clk`. So every row belongs to one
//!   received call and no call's rows can be cut off.
//! - **Order.** Heads' `clk` increase strictly (`clk_gap` is a 24-bit range check; `clk < 2^22`
//!   is the CPU's), so rows are in execution order and the running `cursor` and `journal_pos`
//!   (0 on the first row, advanced by each word row's masked bytes) are the VM's input cursor
//!   and journal length at each call.
//! - **Transfers.** The head fixes `ptr` (`a0`) and `rem` (the count or length). Each word
//!   row's mask is one nonempty contiguous run (`sum of run starts = 1`) starting at
//!   `ptr - addr`; the first word is `4 dest_word + 2^16 a0_hi` with `dest_word < 2^16`, so it is
//!   aligned and `ptr - addr` in `0..4` is `a0 mod 4`; then `addr += 4`, `ptr += moved`,
//!   `rem -= moved`, and a run ending inside a word cannot be followed by another word (the next
//!   offset would be negative). The call ends when `rem = 0`. So the masked bytes are exactly
//!   `[ptr, ptr + len)` in order, each word overlapping it is accessed once, and the bytes
//!   outside the mask keep their value (`value = prev` off the mask and on `COMMIT`). Sums of
//!   masks are below `4 × 2^22`, so `rem` cannot wrap around `p`.
//! - **Bytes.** Each masked byte receives `(tag, position, byte)` on `io` with the position
//!   `cursor` (or `journal_pos`) plus its offset in the run. The data table sends the input's
//!   bytes only for positions below its length and the journal's with preprocessed count 1 each:
//!   an input byte written to memory must be the input's byte at the cursor, positions cannot be
//!   skipped (the cursor moves only with the mask), and since journal positions are distinct
//!   and consecutive from 0, the multiset equality forces the committed bytes to be the journal,
//!   exactly, in order (a missing, extra or wrong byte leaves the bus unbalanced). `prev` bytes
//!   are range-checked, so they are the cell's true bytes.
//! - **Results.** `READ_INPUT` returns `count = rem`: `count = len`, or (`short`) `count` is the
//!   input left and `len - count - 1 >= 0` (24-bit `slack`); `count` cannot exceed the input
//!   left, since every byte it moves is at a position below the input length. `INPUT_REMAINING`
//!   returns `input_len - cursor`. Both results are range-checked limbs. `WRITE` and `COMMIT`
//!   return `a0`, and `WRITE`'s fd is 1 or 2.
//! - **Bounds (the VM traps otherwise).** Lengths are at most `MAX_TRANSFER = 2^24` (from the
//!   length's range-checked bytes). A nonempty buffer (`nonempty`, forced by `rem > 0`) has its
//!   pointer below `2^29` (`8 ptr_hi < 2^16`, so the field value is the integer), and
//!   `ptr - low` and `high - ptr - len` are nonnegative (each checked as `lo + 2^16 hi` with `lo`
//!   and `4 hi` 16-bit, i.e. below `2^30 + 2^16`, far from the negatives' field values, which
//!   are above `p - 2^30`), with `(low, high)` = `(MEM_START, MEM_END)` for `WRITE`/`COMMIT`,
//!   and `(MEM_START, code_start)` or (`above_code`) `(code_end, MEM_END)` for `READ_INPUT`,
//!   which may not write code. The code range is a constant of the AIR.
//!
//! Not proved: the VM's cap on the total output (`MAX_OUTPUT`, a host resource limit); the
//! bytes `WRITE` sends to stdout/stderr (not part of the statement).

mod air;
mod columns;
mod data;
mod trace;

pub use air::{IoAir, REG_A1, REG_A2};
pub use columns::{
    IoCols, IoDataCols, IoDataPreprocessedCols, NUM_IO_COLS, NUM_IO_DATA_COLS,
    NUM_IO_DATA_PREPROCESSED_COLS,
};
pub use data::{INPUT_TAG, IO_BUS, IO_TUPLE_LEN, IoDataAir, JOURNAL_TAG};

//! The `io` chip's columns: the call table ([`IoCols`]) and the data table
//! ([`IoDataPreprocessedCols`], [`IoDataCols`]).

use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// One row of the call table: a call's head, `WRITE`'s second argument, or one word a
/// `READ_INPUT` writes or a `COMMIT` reads. See the module docs for the row sequence.
#[repr(C)]
pub struct IoCols<T> {
    /// Head of a `READ_INPUT` call (receives the `syscall` tuple, reads `a1` = length).
    /// The seven row-kind flags are boolean and at most one is set (all zero on padding).
    pub read_head: T,
    /// Head of an `INPUT_REMAINING` call (receives the tuple, no memory access).
    pub remaining_head: T,
    /// Head of a `WRITE` call (receives the tuple, reads `a2` = length).
    pub write_head: T,
    /// Head of a `COMMIT` call (receives the tuple, reads `a1` = length).
    pub commit_head: T,
    /// The row after a `WRITE` head: reads `a1` (the pointer) and range-checks the buffer.
    pub write_arg: T,
    /// A word `READ_INPUT` writes (read-modify-write of the masked bytes).
    pub read_word: T,
    /// A word `COMMIT` reads.
    pub commit_word: T,
    /// The call's `clk`: equal on every row of a call; strictly increasing from call to call
    /// (`clk_gap`).
    pub clk: T,
    /// Input bytes consumed before this row: 0 on the first row, advanced by the masked bytes
    /// of each `read_word` row.
    pub cursor: T,
    /// Journal bytes produced before this row: 0 on the first row, advanced by the masked
    /// bytes of each `commit_word` row.
    pub journal_pos: T,
    /// Address of the memory access: 11 (`a1`) or 12 (`a2`) on heads and `write_arg`, the
    /// aligned word on word rows (the first from `dest_word`, then `+4` each row).
    pub addr: T,
    /// Address of the next byte to transfer: the buffer pointer on heads (`a0`) and
    /// `write_arg` (`a1`); on word rows, `ptr - addr` is the first masked byte's offset.
    pub ptr: T,
    /// Bytes of the transfer left: the length on heads (the count for `READ_INPUT`) and
    /// `write_arg`; decreased by each word row's masked bytes, 0 after the call's last word.
    pub rem: T,
    /// Boolean: the row range-checks `[ptr, ptr + rem)` (`rem > 0` forces it); only on
    /// `READ_INPUT` and `COMMIT` heads and `write_arg`.
    pub nonempty: T,
    /// Boolean, `READ_INPUT` heads: the input ran out (`count = remaining < len`).
    pub short: T,
    /// Boolean, range-checked rows: the buffer lies above the code (`READ_INPUT` must not write
    /// code) rather than below it.
    pub above_code: T,
    /// Bytes of the accessed cell before the access (range-checked, two byte-pair lookups).
    pub prev: [T; 4],
    /// Bytes after the access: the input byte on masked bytes of `read_word` rows (from the
    /// data table), `prev` everywhere else.
    pub value: [T; 4],
    /// Boolean, word rows only: the byte is transferred. One contiguous run per word row.
    pub mask: [T; 4],
    /// The memory access at `ts = 4 clk + 2` (`prev_ts < ts`).
    pub access: AccessCols<T>,
    /// Heads: `a0` as received on the `exec` bus.
    pub a0: [T; 2],
    /// Heads: the result sent back, range-checked (`lo` 16 bits, `hi` 8 bits) for
    /// `READ_INPUT` and `INPUT_REMAINING`, equal to `a0` for `WRITE` and `COMMIT`.
    pub ret: [T; 2],
    /// `READ_INPUT`/`COMMIT` heads: `a0_lo >> 2` (16 bits), so the first word is
    /// `4 dest_word + 2^16 a0_hi`, aligned.
    pub dest_word: T,
    /// Heads: `clk - previous row's clk - 1` as `lo` (16 bits) and `hi` (8 bits).
    pub clk_gap: [T; 2],
    /// `READ_INPUT` heads: `short (len - count - 1)` as `lo` (16 bits) and `hi` (8 bits).
    pub slack: [T; 2],
    /// Range-checked rows: `ptr - low` (sign check: `lo` and `4 hi` 16 bits).
    pub low_gap: [T; 2],
    /// Range-checked rows: `high - ptr - rem` (sign check as `low_gap`).
    pub high_gap: [T; 2],
}

/// Width of the call table.
pub const NUM_IO_COLS: usize = size_of::<IoCols<u8>>();

/// One row of the data table, in the PREPROCESSED trace (rebuilt by the verifier from the input
/// and the journal it is given).
#[repr(C)]
pub struct IoDataPreprocessedCols<T> {
    /// The row index `i`: the position of the input and journal bytes of the row.
    pub index: T,
    /// `input[i]` (0 past the end).
    pub input: T,
    /// 1 if `i < input.len()`.
    pub input_real: T,
    /// `journal[i]` (0 past the end).
    pub journal: T,
    /// 1 if `i < journal.len()`: the multiplicity with which the row sends its journal byte.
    pub journal_real: T,
}

/// Width of the data table's preprocessed trace.
pub const NUM_IO_DATA_PREPROCESSED_COLS: usize = size_of::<IoDataPreprocessedCols<u8>>();

/// The data table's main trace.
#[repr(C)]
pub struct IoDataCols<T> {
    /// Boolean, 0 past the end of the input: the input byte was read (once).
    pub input_read: T,
}

/// Width of the data table's main trace.
pub const NUM_IO_DATA_COLS: usize = size_of::<IoDataCols<u8>>();

impl_row_borrow!(IoCols);
impl_row_borrow!(IoDataPreprocessedCols);
impl_row_borrow!(IoDataCols);

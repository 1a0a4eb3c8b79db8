//! The `sha256` chip's columns: `p3-sha256-air`'s row, then the call's.

use p3_sha256_air::Sha256Cols;

use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// A call's columns (after the compression's). All 0 on padding rows; the `first`-row-only
/// columns are 0 on other rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Sha256CallCols<T> {
    /// Boolean: a real row (one block of a call). Real rows are a prefix.
    pub is_real: T,
    /// Boolean: the call's first block: receives the call, reads `a1`, `a2` and the state.
    pub first: T,
    /// Boolean: the call's last block: writes the state.
    pub last: T,
    /// The call's clock; every access is at `ts = 4 clk + 2`.
    pub clk: T,
    /// `a0`: the state's address, constant over the call.
    pub state: [T; 2],
    /// This block's address (`a1 + 64 i`).
    pub block: T,
    /// Blocks after this one.
    pub rem: T,
    /// First row: `a1` and `a2` (the block count).
    pub a1: [T; 2],
    pub count: [T; 2],
    /// First row: `state_lo / 4`, a 16-bit number (the state is 4-aligned).
    pub state_q: T,
    /// First row: high limbs of `state - 0x1000`, `2^29 - 32 - state`, `a1 - 0x1000`,
    /// `2^29 - a1 - 64 count`.
    pub bound_hi: [T; 4],
    /// First row: the reads of `a1` and `a2`.
    pub args: [AccessCols<T>; 2],
    /// First row: the timestamp checks of the state words' accesses (received here, their
    /// new values sent from the last row).
    pub state_access: [AccessCols<T>; 8],
}

/// One row of the `sha256` chip: one compression and its place in a call.
#[repr(C)]
pub struct Sha256ChipCols<T> {
    pub compression: Sha256Cols<T>,
    pub call: Sha256CallCols<T>,
}

/// Width of the `sha256` table.
pub const NUM_SHA256_CHIP_COLS: usize = size_of::<Sha256ChipCols<u8>>();

impl_row_borrow!(Sha256ChipCols);

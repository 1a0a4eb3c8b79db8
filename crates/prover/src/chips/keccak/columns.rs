//! The `keccak` chip's columns: `p3-keccak-air`'s 2,633 columns first (so its AIR reads the
//! row's prefix), then the call's columns and three word slots; and the `keccak-absorb` and
//! `keccak-absorb-unaligned` tables'.

use p3_keccak_air::{KeccakCols, NUM_KECCAK_COLS};

use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// Word slots per row: the 50 state words are spread three to a row over rows 0..17 of a
/// permutation (word `3 r + k` in slot `k` of row `r`).
pub const SLOTS: usize = 3;
/// Words of the state (25 lanes of two 32-bit words).
pub const STATE_WORDS: usize = 50;

/// The word slot `k` of row `r` of a permutation handles, if any.
pub const fn slot_word(row: usize, slot: usize) -> Option<usize> {
    let w = SLOTS * row + slot;
    if w < STATE_WORDS { Some(w) } else { None }
}

/// One state word's work, on the row of the permutation that [`slot_word`] assigns it to:
/// its previous value `P` is received on the memory bus and its new value `O` sent; the
/// preimage word `Q` is `P` itself, or, for an absorbed word, `P xor A`, which the
/// `keccak-absorb` table proves from the tuple the slot sends it.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SlotCols<T> {
    /// Boolean: the word is absorbed (its tuple goes to `keccak-absorb`; else `Q = P`). The
    /// words absorbed are a prefix of the schedule, `a2 / 4` of them (see `rem`).
    pub absorb: T,
    /// The state word before the call `P` (limbs), received at `a0 + 4 w`. On the export row,
    /// slot 0 reads `a1` from `x11` and slot 1 `(a2, 0)` from `x12` here instead.
    pub p: [T; 2],
    /// The preimage word `Q` (limbs): `= preimage` of word `w`, selected by the step flags.
    pub q: [T; 2],
    /// The state word after the call `O` (limbs): Keccak-f's output word `w`, selected by the
    /// step flags from [`KeccakChipCols::out`]; sent at `a0 + 4 w` with the receive of `P`
    /// (`O = P` for the register reads of the export row).
    pub o: [T; 2],
    /// The state word's access at `ts = 4 clk + 2` (receives `P`, sends `O`); on the export
    /// row, slots 0 and 1: the register's.
    pub access: AccessCols<T>,
    /// `is_real` times "the slot holds a word on this row" (boolean): the count of the slot's
    /// access. A column, so that LogUp reads one cell for it.
    pub active: T,
    /// `a0 + 4 w`, the state word's address (`a0` on rows where the slot holds no word; 11 and
    /// 12 in slots 0 and 1 on the export row).
    pub addr: T,
    /// `a1 + 4 w`, the address of the word absorbed into it (`a1` where the slot holds no
    /// word), which the tuple sent to `keccak-absorb` carries.
    pub absorb_addr: T,
}

/// The call, constant over the 24 rows of a permutation (transition constraints) and received
/// on the `exec` bus on its export row.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct CallCols<T> {
    /// Boolean: the permutation serves a call (0 on padding permutations).
    pub is_real: T,
    /// The CPU's `clk` of the `ecall`; accesses are at `ts = 4 clk + 2`.
    pub clk: T,
    /// `a0`, the state pointer (limbs).
    pub a0: [T; 2],
    /// `a1`, the absorb pointer (limbs), read from `x11`.
    pub a1: [T; 2],
    /// `a2`, the absorb length, read from `x12` (its high limb is 0: the read's tuple says so).
    pub a2: T,
    /// Boolean: `a2 > 0` (`= absorb` of slot 0 on the first row).
    pub has_absorb: T,
    /// The bits of `a1 mod 4`, `r = a1_rem[0] + 2 a1_rem[1]` (0 when nothing is absorbed):
    /// the absorb tuples carry `r`, and only `keccak-absorb-unaligned` serves `r != 0`.
    pub a1_rem: [T; 2],
}

/// A row of the `keccak` chip.
#[repr(C)]
pub struct KeccakChipCols<T> {
    /// `p3-keccak-air`'s columns, constrained by its `KeccakAir` (evaluated on this prefix).
    pub keccak: KeccakCols<T>,
    pub call: CallCols<T>,
    /// Absorb words still to read from this row on: `a2 / 4` on the first row, decreasing by
    /// the row's `absorb` flags, 0 after the last row.
    pub rem: T,
    /// Boolean: the borrow or carry of the pointer-range check made on this row (see the
    /// chip's doc); equal on the two rows that use it.
    pub bit: T,
    /// The value of this row's pointer check ([`super::MiscCheck::value`] of row `r < 11`,
    /// 0 on later rows), 16-bit range-checked with count `misc_count`.
    pub misc_value: T,
    /// `is_real` (checks of `a0`, `a2`) or `has_absorb` (checks of `a1`) on rows 0..=10, 0
    /// elsewhere.
    pub misc_count: T,
    /// The permutation's output, word by word (limbs), on every row of the permutation:
    /// `KeccakAir`'s output limbs on the last round, constant over the permutation, so that
    /// each word is sent on its slot's row with its receive rather than all 50 on one row.
    pub out: [[T; 2]; STATE_WORDS],
    pub slots: [SlotCols<T>; SLOTS],
}

/// Width of the `keccak` chip.
pub const NUM_KECCAK_CHIP_COLS: usize = size_of::<KeccakChipCols<u8>>();
/// Columns the chip adds to `p3-keccak-air`'s.
pub const NUM_WRAPPER_COLS: usize = NUM_KECCAK_CHIP_COLS - NUM_KECCAK_COLS;

impl_row_borrow!(KeccakChipCols);

/// The columns both absorb tables hold for one absorbed word: the tuple `(clk, addr, P, Q)`
/// the `keccak` chip's slot sends, and the bytes of `P` and `Q` for the XOR lookups.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct AbsorbWordCols<T> {
    /// Boolean: the row serves a tuple (0 on padding).
    pub is_real: T,
    pub clk: T,
    /// `a1 + 4 w`, the address of the word's first byte.
    pub addr: T,
    /// The state word `P` and the preimage word `Q` (limbs).
    pub p: [T; 2],
    pub q: [T; 2],
    /// Low bytes of the limbs of `P` and `Q` (the high bytes are `(limb - low) / 256`); XOR
    /// lookups.
    pub p_low: [T; 2],
    pub q_low: [T; 2],
}

/// A row of the `keccak-absorb` table: one absorbed word, `Q = P xor A` with `A` read from
/// guest memory at `addr` (at `ts = 4 clk + 2`), for the tuple `(clk, addr, P, Q, 0)` the
/// `keccak` chip's slot sends.
#[repr(C)]
pub struct AbsorbCols<T> {
    pub word: AbsorbWordCols<T>,
    /// The absorbed word `A` (limbs) and the low bytes of its limbs.
    pub a: [T; 2],
    pub a_low: [T; 2],
    /// The read of `A`.
    pub access: AccessCols<T>,
}

/// Width of the `keccak-absorb` table.
pub const NUM_ABSORB_COLS: usize = size_of::<AbsorbCols<u8>>();

impl_row_borrow!(AbsorbCols);

/// A row of the `keccak-absorb-unaligned` table: one word absorbed from an address that is not
/// 4-aligned, `Q = P xor A` with `A`'s four bytes looked up at `addr + i` on the
/// `keccak-absorb-byte` bus (provided by `keccak-absorb-word`), for the tuple
/// `(clk, addr, P, Q, r)` the `keccak` chip's slot sends.
#[repr(C)]
pub struct UnalignedCols<T> {
    pub word: AbsorbWordCols<T>,
    /// The tuple's `r = a1 mod 4` (bound by the bus only; the chip proves it).
    pub rem: T,
    /// The absorbed bytes, `A = a[0] + 2^8 a[1] + 2^16 a[2] + 2^24 a[3]`.
    pub a: [T; 4],
}

/// Width of the `keccak-absorb-unaligned` table.
pub const NUM_UNALIGNED_COLS: usize = size_of::<UnalignedCols<u8>>();

impl_row_borrow!(UnalignedCols);

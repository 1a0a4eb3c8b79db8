//! The `lsu` chip's columns.

use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// One load or store. `off = o0 + 2 o1` is the byte offset of the address in its word,
/// `S = prev_lo + o1 (prev_hi - prev_lo)` the old 16-bit half holding the accessed byte or half,
/// and `p = o0 + is_half` the position of [`LsuCols::sel_byte`] in `S` (0: low byte, 1: high).
/// All columns are 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct LsuCols<T> {
    /// Received on `lsu`; the access is at `ts = 4 clk + 2`.
    pub clk: T,
    /// Received on `lsu`. Loads: the value written to `rd`, constrained by the selected
    /// byte/half/word and its extension. Stores: whatever the CPU sends (unused).
    pub a: [T; 2],
    /// Received on `lsu`: the base address (`rs1`), limbs below 2^16 (register value).
    pub b: [T; 2],
    /// Received on `lsu`. Stores: the `rs2` value, whose low bytes are stored. Loads: unused.
    pub c: [T; 2],
    /// Received on `lsu`: the sign-extended offset, limbs below 2^16 (from the program table).
    pub imm: [T; 2],

    /// Boolean: LB, LBU or SB. `is_byte + is_half + is_word` (`is_real`) is boolean.
    pub is_byte: T,
    /// Boolean: LH, LHU or SH.
    pub is_half: T,
    /// Boolean: LW or SW.
    pub is_word: T,
    /// Boolean, implies `is_real`: a store.
    pub is_store: T,
    /// Boolean: LBU or LHU (implies `is_byte + is_half`, excludes `is_store`).
    /// `op = 32 is_real + is_half + 2 is_word + 3 is_unsigned + 5 is_store`.
    pub is_unsigned: T,

    /// Boolean: bit 0 of the address (0 for halves and words: alignment).
    pub o0: T,
    /// Boolean: bit 1 of the address (0 for words).
    pub o1: T,
    /// Boolean: carry of `b_lo + imm_lo`; `addr_lo = b_lo + imm_lo - 2^16 carry_lo`.
    pub carry_lo: T,
    /// Boolean: carry out of the high limb, dropped (`addr = b + imm mod 2^32`);
    /// `addr_hi = b_hi + imm_hi + carry_lo - 2^16 carry_hi`, looked up as `8 addr_hi` (16 bits):
    /// `addr_hi < 2^13`, so `addr < 2^29`.
    pub carry_hi: T,
    /// Low byte of the address: `(AND, addr_byte0, 3, o0 + 2 o1)` on `byte`. The second byte
    /// `addr_byte1 = (addr_lo - addr_byte0) / 256` is range-checked as a byte.
    pub addr_byte0: T,
    /// Boolean: `addr_byte1 < 16`, i.e. the low limb is below `MEM_START`: the pair
    /// `(addr_byte1, addr_byte1 + 256 low - 16)` is range-checked.
    pub low: T,
    /// `low * (addr_hi * hi_inv - 1) = 0` (with `low`, `addr_hi != 0`); 0 when `low = 0`.
    pub hi_inv: T,

    /// The old word (received on `memory`), limbs below 2^16 (the bus invariant).
    pub prev: [T; 2],
    /// The new word (sent on `memory`): `prev` for loads, `prev` with the byte/half/word
    /// replaced for stores.
    pub value: [T; 2],
    /// The accessed byte of `S` (the high byte for halves), a byte:
    /// `S = sel_byte (1 + 255 p) + other_byte (256 - 255 p)`.
    pub sel_byte: T,
    /// The other byte of `S`, range-checked with `sel_byte`.
    pub other_byte: T,
    /// Range-checked with `aux1`. Stores: the byte of `c_lo` that replaces `sel_byte`
    /// (`c_lo = aux0 (1 + 255 is_half) + aux1 (256 - 255 is_half)`). Signed loads:
    /// `2 sel_byte - 256 sign`, a byte only if `sign` is the top bit of `sel_byte`.
    pub aux0: T,
    /// Stores: the other byte of `c_lo`. Loads: 0 (as is `aux0` on other loads).
    pub aux1: T,
    /// Boolean, only on LB/LH: the top bit of `sel_byte`, the sign of the loaded value.
    pub sign: T,

    /// The read-only flag of the accessed cell (1 on code words), passed through on `memory`;
    /// 0 on stores and padding.
    pub read_only: T,

    /// The memory access's previous timestamp and `ts - prev_ts - 1` range check.
    pub access: AccessCols<T>,
}

/// Width of the `lsu` trace.
pub const NUM_LSU_COLS: usize = size_of::<LsuCols<u8>>();

impl_row_borrow!(LsuCols);

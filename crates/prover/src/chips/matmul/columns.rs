//! The `matmul` chip's columns: one struct per table.

use crate::bus::AccessCols;
use crate::chips::impl_row_borrow;

/// The pointer checks of a call, in [`MatmulCallCols::bound_hi`] order: each operand's
/// lower bound (`ptr >= 0x1000`) and upper bound (`ptr + len <= 2^29`), for C, A, B and the
/// dimensions.
pub const NUM_BOUND_CHECKS: usize = 8;

/// One `MATMUL_I8` call (table `matmul`). All columns are 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct MatmulCallCols<T> {
    /// Boolean: a real call.
    pub is_real: T,
    /// The call's clock; every access is at `ts = 4 clk + 2`.
    pub clk: T,
    /// `a0`: C's address (limbs below 2^16: a register value).
    pub c: [T; 2],
    /// `a1`: A's address.
    pub a: [T; 2],
    /// `a2`: B's address.
    pub b: [T; 2],
    /// `a3`: the dimensions' address.
    pub d: [T; 2],
    /// The dimensions, read as the low limbs of three words whose high limbs are 0.
    pub m: T,
    pub k: T,
    pub n: T,
    /// `m k`, `k n`, `m n` (below 2^22: each dimension is at most 2^11).
    pub mk: T,
    pub kn: T,
    pub mn: T,
    /// The reads of `a1`, `a2`, `a3` (registers 11, 12, 13).
    pub args: [AccessCols<T>; 3],
    /// The reads of the dimension words at `d`, `d + 4`, `d + 8`.
    pub dims: [AccessCols<T>; 3],
    /// `c_lo / 4` and `d_lo / 4`, range-checked as 16-bit numbers: C and the dimensions are
    /// 4-aligned.
    pub c_q: T,
    pub d_q: T,
    /// High limb of each bound check's non-negative difference (see the module docs).
    pub bound_hi: [T; NUM_BOUND_CHECKS],
}

/// Width of the `matmul` table.
pub const NUM_MATMUL_CALL_COLS: usize = size_of::<MatmulCallCols<u8>>();

impl_row_borrow!(MatmulCallCols);

/// Multiply-accumulates per `matmul-mac` row: terms `p .. p + LANES` of one dot product.
pub const LANES: usize = 4;

/// Up to [`LANES`] multiply-accumulates `C[i][j] += A[i][p + t] B[p + t][j]` (table
/// `matmul-mac`). A call's rows are consecutive, `i`, then `j`, then `p` (in steps of
/// [`LANES`]) in order; the row holding the term `k - 1` writes `C[i][j]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct MatmulMacCols<T> {
    /// Boolean: a real row. Real rows form a prefix. Lane 0 is active exactly on real rows.
    pub is_real: T,
    /// Boolean: the call's first row (`i = j = p = 0`): it receives the call on `matmul-call`.
    pub start: T,
    /// Boolean: the row holds the dot product's last term (and writes `C[i][j]`).
    pub last_p: T,
    /// Boolean: `last_p` and `j = n - 1`.
    pub last_j: T,
    /// Boolean: `last_j` and `i = m - 1`: the call's last row.
    pub last_i: T,
    /// The call's clock, `k`, `n` and B's address: constant over the call.
    pub clk: T,
    pub k: T,
    pub n: T,
    pub b_base: T,
    /// `A + i k`: the address of row `i` of A.
    pub a_row: T,
    /// `B + j`: the address of column `j` of B (row 0).
    pub b_col: T,
    /// `B + p n + j`: the address of `B[p][j]` (lane 0).
    pub b_addr: T,
    /// `C + 4 (i n + j)`: the address of `C[i][j]`.
    pub c_addr: T,
    /// `k - 1 - p` (lane 0), `n - 1 - j`, `m - 1 - i`.
    pub p_rem: T,
    pub j_rem: T,
    pub i_rem: T,
    /// Booleans: lanes `1..LANES` hold a term (`t <= p_rem`); a prefix of the lanes, all of
    /// them on rows before a dot product's last.
    pub active: [T; LANES - 1],
    /// `A[i][p + t]` and `B[p + t][j]` of each lane as signed values (`-128..=127`), looked up
    /// on `matmul-byte`; 0 in inactive lanes.
    pub a: [T; LANES],
    pub b: [T; LANES],
    /// `sum_{q < p + LANES, q < k} A[i][q] B[q][j]`: the dot product up to this row.
    pub acc: T,
    /// On `last_p` rows, `acc` as a word: `acc = out_lo + 2^16 out_h - 2^26 out_neg`, with
    /// `out_lo < 2^16`, `out_h < 2^10`; the word's limbs are `out_lo` and
    /// `out_h + out_neg (2^16 - 2^10)`. 0 elsewhere.
    pub out_lo: T,
    pub out_h: T,
    pub out_neg: T,
    /// On `last_p` rows: the old value of `C[i][j]`'s word and the write's timestamp check.
    pub prev: [T; 2],
    pub access: AccessCols<T>,
}

/// Width of the `matmul-mac` table.
pub const NUM_MATMUL_MAC_COLS: usize = size_of::<MatmulMacCols<u8>>();

impl_row_borrow!(MatmulMacCols);

//! `word_bytes`: a building block for coprocessor chips whose operands are byte strings at any
//! alignment. One row per guest word a call reads: the row reads the word on the `memory` bus
//! at the call's timestamp and provides its four bytes on the chip's own lookup bus as
//! `(clk, address, value)`, each with a free count (how many lookups it serves). `value` is
//! the byte, or with `signed` its two's-complement value `byte - 256 sign`.
//!
//! Used by the `matmul` chip (`matmul-word`, signed) and by the CRC-32 example's user chip
//! (`crc32-word`, unsigned).
//!
//! # Soundness
//!
//! A provided tuple is the byte of guest memory at that address at the call's timestamp:
//! the word is read (a 4-aligned address below `2^29 + 2^18`, `4 (q_lo + 2^16 q_hi)` with
//! `q_lo` and `32 q_hi` 16-bit) with its value's limbs `b0 + 256 b1`, `b2 + 256 b3`, bytes
//! range-checked; with `signed`, `2 byte - 256 sign` is range-checked as a byte, so `sign` is
//! the byte's top bit, otherwise `sign = 0`. Counts are free (the provided side of a lookup)
//! but 0 on padding rows, which read nothing. The chip looking bytes up must prove its
//! addresses are guest addresses (`>= 0x1000`), since a register is a memory cell too.

use core::borrow::{Borrow, BorrowMut};

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;

use crate::bus::{AccessCols, limbs_val, memory_access, slot, ts, ts_of};
use crate::chips::byte::{ByteLookups, ByteOp, lookup_byte_range, lookup_u16};
use crate::chips::impl_row_borrow;
use crate::config::Val;
use crate::harness::ProverAir;
use crate::record::MemoryAccess;

/// One word read. All 0 on padding rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct WordBytesCols<T> {
    /// Boolean: a real row.
    pub is_real: T,
    /// The call's clock; the read is at `ts = 4 clk + 2`.
    pub clk: T,
    /// The word's index limbs: its address is `4 (q_lo + 2^16 q_hi)`.
    pub q: [T; 2],
    /// The word's bytes, little-endian.
    pub bytes: [T; 4],
    /// Signed tables: the top bit of each byte. Unsigned tables: 0.
    pub signs: [T; 4],
    /// How many lookups each byte serves (0 on padding).
    pub counts: [T; 4],
    /// The read's timestamp check.
    pub access: AccessCols<T>,
}

/// Width of a `word_bytes` table.
pub const NUM_WORD_BYTES_COLS: usize = size_of::<WordBytesCols<u8>>();

impl_row_borrow!(WordBytesCols);

/// A `word_bytes` table (see the module docs).
#[derive(Clone, Debug)]
pub struct WordBytesAir {
    /// The table's name in proofs.
    pub name: &'static str,
    /// The bus its bytes are provided on.
    pub bus: LookupBus<'static>,
    /// Provide signed values (`-128..=127`) rather than bytes.
    pub signed: bool,
}

impl BaseAir<Val> for WordBytesAir {
    fn width(&self) -> usize {
        NUM_WORD_BYTES_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for WordBytesAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &WordBytesCols<AB::Var> = main.current_slice().borrow();
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };

        let real = e(l.is_real);
        builder.assert_bool(real.clone());
        for (&sign, &count) in l.signs.iter().zip(&l.counts) {
            if self.signed {
                builder.assert_bool(sign);
            } else {
                builder.assert_zero(sign);
            }
            // Only a real row (one that read its word) provides bytes.
            builder.assert_zero(e(count) * (AB::Expr::ONE - real.clone()));
        }
        // The address: 4-aligned, below 2^29 + 2^18.
        lookup_u16(builder, e(l.q[0]), real.clone());
        lookup_u16(builder, e(l.q[1]) * c(1 << 5), real.clone());
        let addr = (e(l.q[0]) + e(l.q[1]) * c(1 << 16)) * c(4);
        let [b0, b1, b2, b3] = l.bytes.map(e);
        let [s0, s1, s2, s3] = l.signs.map(e);
        lookup_byte_range(builder, b0.clone(), b1.clone(), real.clone());
        lookup_byte_range(builder, b2.clone(), b3.clone(), real.clone());
        if self.signed {
            // `2 byte - 256 sign` is a byte exactly when `sign` is the byte's top bit.
            let half = |b: &AB::Expr, s: &AB::Expr| b.clone() * c(2) - s.clone() * c(256);
            lookup_byte_range(builder, half(&b0, &s0), half(&b1, &s1), real.clone());
            lookup_byte_range(builder, half(&b2, &s2), half(&b3, &s3), real.clone());
        }
        let value = [
            b0.clone() + b1.clone() * c(256),
            b2.clone() + b3.clone() * c(256),
        ];
        memory_access(
            builder,
            addr.clone(),
            value.clone(),
            value,
            ts_of(e(l.clk), slot::MEMORY),
            AB::Expr::ZERO,
            &l.access,
            real,
        );
        for (t, ((b, s), count)) in [b0, b1, b2, b3]
            .into_iter()
            .zip([s0, s1, s2, s3])
            .zip(l.counts)
            .enumerate()
        {
            self.bus.table_entry(
                builder,
                [e(l.clk), addr.clone() + c(t as u32), b - s * c(256)],
                count,
            );
        }
    }
}

impl ProverAir for WordBytesAir {
    fn name(&self) -> String {
        self.name.into()
    }
}

/// One word a call read, and how many lookups each of its bytes serves.
#[derive(Clone, Copy, Debug)]
pub struct WordRead<'a> {
    pub clk: u32,
    /// The read (at `ts = 4 clk + 2`).
    pub access: &'a MemoryAccess,
    pub counts: [u32; 4],
}

/// The trace of `reads` (one row each, padded with zero rows to a power of two, at least 4),
/// recording its byte lookups.
///
/// # Panics
///
/// If a read's `prev_ts` is not below its call's timestamp.
pub fn generate_trace(
    reads: &[WordRead<'_>],
    signed: bool,
    bytes: &mut ByteLookups,
) -> RowMajorMatrix<Val> {
    let height = reads.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(
        Val::zero_vec(height * NUM_WORD_BYTES_COLS),
        NUM_WORD_BYTES_COLS,
    );
    for (row, read) in trace
        .values
        .chunks_exact_mut(NUM_WORD_BYTES_COLS)
        .zip(reads)
    {
        let row: &mut WordBytesCols<Val> = row.borrow_mut();
        let q = read.access.addr / 4;
        row.is_real = Val::ONE;
        row.clk = Val::from_u32(read.clk);
        row.q = limbs_val(q);
        bytes.record_u16(q as u16);
        if let Ok(value) = u16::try_from((q >> 16) << 5) {
            bytes.record_u16(value);
        }
        let word = read.access.value.to_le_bytes();
        for (t, &byte) in word.iter().enumerate() {
            row.bytes[t] = Val::from_u8(byte);
            row.signs[t] = Val::from_bool(signed && byte >= 0x80);
            row.counts[t] = Val::from_u32(read.counts[t]);
        }
        bytes.record(ByteOp::Range, word[0], word[1]);
        bytes.record(ByteOp::Range, word[2], word[3]);
        if signed {
            let half = |b: u8| (2 * u32::from(b) - if b >= 0x80 { 256 } else { 0 }) as u8;
            bytes.record(ByteOp::Range, half(word[0]), half(word[1]));
            bytes.record(ByteOp::Range, half(word[2]), half(word[3]));
        }
        row.access =
            AccessCols::new(read.access.prev_ts, ts(read.clk, slot::MEMORY)).to_field(bytes);
    }
    trace
}

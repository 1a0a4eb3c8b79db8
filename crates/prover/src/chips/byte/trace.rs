//! Counting byte lookups and turning the counts into the byte table's main trace.

use p3_field::PrimeCharacteristicRing;
use p3_matrix::dense::RowMajorMatrix;

use super::air::BYTE_TABLE_ROWS;
use super::columns::NUM_BYTE_COLS;
use super::{ByteOp, NUM_BYTE_OPS};
use crate::config::Val;

/// Multiplicities of byte lookups, recorded by the chips that make them during trace
/// generation.
#[derive(Clone, Debug)]
pub struct ByteLookups {
    counts: Vec<[u32; NUM_BYTE_OPS]>,
}

impl Default for ByteLookups {
    fn default() -> Self {
        Self {
            counts: vec![[0; NUM_BYTE_OPS]; BYTE_TABLE_ROWS],
        }
    }
}

impl ByteLookups {
    /// Records one lookup of `op` on `(a, b)` and returns the result the tuple carries
    /// (`0` for [`ByteOp::Range`]).
    pub fn record(&mut self, op: ByteOp, a: u8, b: u8) -> u8 {
        self.counts[row_of(a, b)][op as usize] += 1;
        op.result(a, b)
    }

    /// Records the byte range checks of `values`, two per lookup, as
    /// [`super::lookup_byte_pairs`] makes them.
    pub fn record_byte_pairs(&mut self, values: &[u8]) {
        for pair in values.chunks(2) {
            self.record(ByteOp::Range, pair[0], pair.get(1).copied().unwrap_or(0));
        }
    }

    /// Records a range check of a 16-bit value ([`ByteOp::U16`]).
    pub fn record_u16(&mut self, value: u16) {
        let [low, high] = value.to_le_bytes();
        self.record(ByteOp::U16, high, low);
    }

    /// Adds every count of `other` to this one (chips record in parallel, then merge).
    pub fn merge(&mut self, other: &ByteLookups) {
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
    }

    /// The byte table's main trace.
    pub fn generate_trace(&self) -> RowMajorMatrix<Val> {
        let values = self
            .counts
            .iter()
            .flat_map(|row| row.map(Val::from_u32))
            .collect();
        RowMajorMatrix::new(values, NUM_BYTE_COLS)
    }
}

/// The table row holding the pair `(a, b)`.
pub fn row_of(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}

#[cfg(test)]
mod tests {
    use p3_air::BaseAir;
    use p3_matrix::Matrix;

    use super::*;
    use crate::chips::byte::{ByteAir, NUM_BYTE_PREPROCESSED_COLS};

    #[test]
    fn preprocessed_rows_match_the_reference_ops() {
        let table = ByteAir.preprocessed_trace().unwrap();
        assert_eq!(table.height(), BYTE_TABLE_ROWS);
        for (a, b) in [
            (0u8, 0u8),
            (0xff, 0x0f),
            (0xa5, 0x5a),
            (0x80, 0xff),
            (7, 200),
        ] {
            let row = &table.values[row_of(a, b) * NUM_BYTE_PREPROCESSED_COLS..]
                [..NUM_BYTE_PREPROCESSED_COLS];
            assert_eq!(row, [a, b, a & b, a ^ b].map(Val::from_u8));
        }
    }

    #[test]
    fn records_land_in_the_right_cells() {
        let mut lookups = ByteLookups::default();
        assert_eq!(lookups.record(ByteOp::Xor, 0xf0, 0x3c), 0xcc);
        assert_eq!(lookups.record(ByteOp::Range, 1, 2), 0);
        lookups.record_u16(0x0102);
        let trace = lookups.generate_trace();
        let cell = |a, b, op: ByteOp| trace.values[row_of(a, b) * NUM_BYTE_COLS + op as usize];
        assert_eq!(cell(0xf0, 0x3c, ByteOp::Xor), Val::ONE);
        assert_eq!(cell(1, 2, ByteOp::Range), Val::ONE);
        assert_eq!(cell(1, 2, ByteOp::U16), Val::ONE);
        assert_eq!(trace.values.iter().filter(|v| **v != Val::ZERO).count(), 3);
    }
}

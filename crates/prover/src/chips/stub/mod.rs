//! A bus endpoint for tests: a table of tuples, each sent (`count = 1`), received
//! (`count = -1`) or absent (`count = 0`) on one permutation bus. A chip's standalone tests put
//! one beside the chip to stand in for the other side of its buses (the CPU sending ALU calls,
//! the memory's previous and final states, ...). Never part of a real proof.

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use crate::config::Val;
use crate::harness::ProverAir;

/// A test endpoint on the permutation bus `bus`, with tuples of `width` fields.
#[derive(Clone, Debug)]
pub struct StubAir {
    pub bus: &'static str,
    pub width: usize,
    /// Whether the table takes the public values (a batch needs one table that does).
    pub public_values: bool,
}

impl StubAir {
    pub const fn new(bus: &'static str, width: usize) -> Self {
        Self {
            bus,
            width,
            public_values: false,
        }
    }

    /// The trace for `rows` of `(tuple, count)` with `count` in `-1..=1`, padded with absent
    /// rows to a power of two (at least 4).
    ///
    /// # Panics
    ///
    /// If a tuple is not `width` long.
    pub fn generate_trace(&self, rows: &[(Vec<u32>, i32)]) -> RowMajorMatrix<Val> {
        let height = rows.len().next_power_of_two().max(4);
        let mut values = Vec::with_capacity(height * (self.width + 1));
        for (tuple, count) in rows {
            assert_eq!(tuple.len(), self.width, "stub tuple width");
            values.extend(tuple.iter().map(|&v| Val::from_u32(v)));
            values.push(Val::from_i32(*count));
        }
        values.resize(height * (self.width + 1), Val::ZERO);
        RowMajorMatrix::new(values, self.width + 1)
    }
}

impl BaseAir<Val> for StubAir {
    fn width(&self) -> usize {
        self.width + 1
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn num_public_values(&self) -> usize {
        if self.public_values {
            crate::proof::PublicValues::NUM_FIELD_ELEMENTS
        } else {
            0
        }
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for StubAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let row: &[AB::Var] = main.current_slice();
        let count: AB::Expr = row[self.width].into();
        // count in {-1, 0, 1}, as the bound 1 requires.
        builder.assert_zero(
            count.clone() * (count.clone() - AB::Expr::ONE) * (count.clone() + AB::Expr::ONE),
        );
        builder.push_interaction(
            self.bus,
            row[..self.width].iter().map(|&v| v.into()),
            Count::bounded(count, 1),
        );
    }
}

impl ProverAir for StubAir {
    fn name(&self) -> String {
        if self.public_values {
            format!("stub:{}:public", self.bus)
        } else {
            format!("stub:{}", self.bus)
        }
    }
}

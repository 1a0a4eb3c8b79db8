//! The initial memory image: every non-zero word the program loads, every word of its code
//! range (zero or not, flagged read-only) and every non-zero initial register (`sp`), as a
//! PREPROCESSED table the verifier rebuilds from the program. Each entry is sent exactly once
//! on the `image` bus, and the memory chip must take each one as the initial value and
//! read-only flag of its address.
//!
//! | trace | columns |
//! | --- | --- |
//! | preprocessed | `addr, value_lo, value_hi, read_only, is_real` |
//! | main | `zero` (the batch needs a main trace; constrained to 0) |
//!
//! # Soundness
//!
//! Every field and the count come from the preprocessed trace: the prover chooses nothing, so
//! the memory chip must receive exactly these entries (see [`crate::chips::memory`]).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use gluecp_abi::memory::STACK_TOP;
use gluecp_vm::Program;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use crate::bus::limbs;
use crate::config::Val;
use crate::harness::ProverAir;

/// The image bus: `(addr, value_lo, value_hi, read_only)`.
pub const IMAGE_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("image");

/// Width of the preprocessed trace.
const PREP_WIDTH: usize = 5;

/// The initial image table of one program.
#[derive(Clone, Debug)]
pub struct ImageAir {
    table: Arc<RowMajorMatrix<Val>>,
}

/// The initial memory of `program` on the memory bus: non-zero words and the words of the
/// code range by byte address (multiple of 4), and non-zero registers by index.
pub fn initial_memory(program: &Program) -> BTreeMap<u32, u32> {
    let mut words = BTreeMap::new();
    for segment in program.segments() {
        for (i, &byte) in segment.data.iter().enumerate() {
            let addr = segment.vaddr.wrapping_add(i as u32);
            *words.entry(addr & !3).or_insert(0u32) |= u32::from(byte) << (8 * (addr & 3));
        }
    }
    words.retain(|_, v| *v != 0);
    for addr in read_only_words(program).step_by(4) {
        words.entry(addr).or_insert(0);
    }
    words.insert(2, STACK_TOP);
    words
}

/// The word addresses of `program`'s code range, where the VM refuses every write: the
/// aligned words overlapping `[code_base, code_base + 4 * instructions)`.
pub fn read_only_words(program: &Program) -> Range<u32> {
    let start = program.code_base();
    let end = start + 4 * program.instructions().len() as u32;
    (start & !3)..end.next_multiple_of(4)
}

impl ImageAir {
    pub fn new(program: &Program) -> Self {
        let entries = initial_memory(program);
        let code = read_only_words(program);
        let height = entries.len().next_power_of_two().max(4);
        let mut values = Val::zero_vec(height * PREP_WIDTH);
        for (row, (&addr, &value)) in values.chunks_exact_mut(PREP_WIDTH).zip(&entries) {
            let [lo, hi] = limbs(value);
            let read_only = u32::from(code.contains(&addr));
            row.copy_from_slice(&[addr, lo, hi, read_only, 1].map(Val::from_u32));
        }
        Self {
            table: Arc::new(RowMajorMatrix::new(values, PREP_WIDTH)),
        }
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.table.values.len() / PREP_WIDTH
    }

    /// The main trace (one zero column).
    pub fn generate_trace(&self) -> RowMajorMatrix<Val> {
        RowMajorMatrix::new(Val::zero_vec(self.height()), 1)
    }
}

impl BaseAir<Val> for ImageAir {
    fn width(&self) -> usize {
        1
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(self.table.as_ref().clone())
    }

    fn preprocessed_width(&self) -> usize {
        PREP_WIDTH
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ImageAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let p = prep.current_slice();
        let (addr, lo, hi, read_only, is_real) = (p[0], p[1], p[2], p[3], p[4]);
        let zero = builder.main().current_slice()[0];
        builder.assert_zero(zero);
        IMAGE_BUS.send(
            builder,
            [addr, lo, hi, read_only],
            Count::bounded(is_real.into(), 1),
        );
    }
}

impl ProverAir for ImageAir {
    fn name(&self) -> String {
        "image".into()
    }
}

//! The data table: the input and the journal as a preprocessed trace, sending each journal byte
//! exactly once and each input byte at most once on the `io` bus.

use core::borrow::Borrow;
use std::sync::Arc;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{
    IoDataCols, IoDataPreprocessedCols, NUM_IO_DATA_COLS, NUM_IO_DATA_PREPROCESSED_COLS,
};
use crate::config::Val;
use crate::harness::ProverAir;
use crate::record::SyscallEvent;

/// The `io` bus: tuple `(tag, position, byte)`, tag [`INPUT_TAG`] for an input byte,
/// [`JOURNAL_TAG`] for a journal byte. The data table sends, the call table receives.
pub const IO_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("io");
/// Width of an [`IO_BUS`] tuple.
pub const IO_TUPLE_LEN: usize = 3;
/// Tag of input bytes on the [`IO_BUS`].
pub const INPUT_TAG: u32 = 0;
/// Tag of journal bytes on the [`IO_BUS`].
pub const JOURNAL_TAG: u32 = 1;

/// The data table of one statement (its input and journal). Prover and verifier build it
/// alike, through [`super::IoAir::data_air`].
#[derive(Clone, Debug)]
pub struct IoDataAir {
    /// The preprocessed trace, shared between clones.
    pub(super) table: Arc<RowMajorMatrix<Val>>,
    pub(super) input_len: usize,
}

impl IoDataAir {
    /// The table of `input` and `journal`: row `i` holds `(i, input[i], i < input.len(),
    /// journal[i], i < journal.len())`, padded with zeros to a power of two (at least 4 rows).
    pub(super) fn new(input: &[u8], journal: &[u8]) -> Self {
        let height = input.len().max(journal.len()).next_power_of_two().max(4);
        let mut values = Vec::with_capacity(height * NUM_IO_DATA_PREPROCESSED_COLS);
        for i in 0..height {
            let byte = |bytes: &[u8]| bytes.get(i).map_or(Val::ZERO, |&b| Val::from_u8(b));
            values.extend([
                Val::from_usize(i),
                byte(input),
                Val::from_bool(i < input.len()),
                byte(journal),
                Val::from_bool(i < journal.len()),
            ]);
        }
        Self {
            table: Arc::new(RowMajorMatrix::new(values, NUM_IO_DATA_PREPROCESSED_COLS)),
            input_len: input.len(),
        }
    }

    /// Number of rows (fixed by the statement).
    pub fn height(&self) -> usize {
        self.table.values.len() / NUM_IO_DATA_PREPROCESSED_COLS
    }

    /// The main trace: the first `n` input bytes are marked read, `n` being the total count the
    /// `READ_INPUT` calls among `events` returned.
    ///
    /// Calls claiming more bytes than the input holds (a cheating record) mark the whole
    /// input: the call table's lookups past the end then find no byte.
    pub fn generate_trace(&self, events: &[SyscallEvent]) -> RowMajorMatrix<Val> {
        let read: usize = events
            .iter()
            .filter(|e| e.number == gluecp_abi::ecall::READ_INPUT)
            .map(|e| e.ret as usize)
            .sum::<usize>()
            .min(self.input_len);
        let mut values = Val::zero_vec(self.height() * NUM_IO_DATA_COLS);
        values[..read].fill(Val::ONE);
        RowMajorMatrix::new(values, NUM_IO_DATA_COLS)
    }
}

impl BaseAir<Val> for IoDataAir {
    fn width(&self) -> usize {
        NUM_IO_DATA_COLS
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(self.table.as_ref().clone())
    }

    fn preprocessed_width(&self) -> usize {
        NUM_IO_DATA_PREPROCESSED_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for IoDataAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let prep: &IoDataPreprocessedCols<AB::Var> = prep.current_slice().borrow();
        let main = builder.main();
        let local: &IoDataCols<AB::Var> = main.current_slice().borrow();

        builder.assert_bool(local.input_read);
        builder.assert_zero(local.input_read * (AB::Expr::ONE - prep.input_real));

        // # Soundness
        // The tuples come from the preprocessed trace, which the verifier commits itself from
        // the input and journal it is given. Journal bytes are sent with the preprocessed count
        // `journal_real`: exactly once each for `i < journal.len()`, never past the end, so the
        // call table must receive exactly the journal, byte for byte. Input bytes are sent at
        // most once (`input_read` boolean) and only for `i < input.len()`: a received input
        // byte must be the input's byte at that position. Both counts are boolean, as their
        // bound 1 requires.
        IO_BUS.send(
            builder,
            [
                AB::Expr::from_u32(INPUT_TAG),
                prep.index.into(),
                prep.input.into(),
            ],
            Count::bounded(local.input_read.into(), 1),
        );
        IO_BUS.send(
            builder,
            [
                AB::Expr::from_u32(JOURNAL_TAG),
                prep.index.into(),
                prep.journal.into(),
            ],
            Count::bounded(prep.journal_real.into(), 1),
        );
    }
}

impl ProverAir for IoDataAir {
    fn name(&self) -> String {
        "io-data".into()
    }
}

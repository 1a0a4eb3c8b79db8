//! The program table's AIR: no constraints of its own, one table entry on the `program` bus
//! per row.

use core::borrow::Borrow;
use std::sync::Arc;

use p3_air::{Air, BaseAir, WindowAccess};
use p3_lookup::{Count, InteractionBuilder, LookupBus};
use p3_matrix::dense::RowMajorMatrix;

use super::columns::{
    NUM_PROGRAM_COLS, NUM_PROGRAM_PREPROCESSED_COLS, ProgramCols, ProgramPreprocessedCols,
};
use crate::config::Val;
use crate::harness::ProverAir;

/// The `program` bus. Tuple, in this order:
/// `(pc, op, rd, rs1, rs2, imm_lo, imm_hi, aux, flags)` ([`super::ProgramPreprocessedCols`]),
/// with the immediate as a `u32` split into 16-bit limbs (`imm = imm_lo + 2^16 imm_hi`).
pub const PROGRAM_BUS: LookupBus<'static> = LookupBus::new("program");

/// Number of fields in a `program` bus tuple.
pub const PROGRAM_TUPLE_LEN: usize = NUM_PROGRAM_PREPROCESSED_COLS;

/// The program table: the decoded program as a preprocessed trace, and how often each
/// instruction ran as the main trace.
///
/// Build it with [`ProgramAir::new`] (prover and verifier alike, from the same program); fill
/// the main trace with [`ProgramAir::generate_trace`].
#[derive(Clone, Debug)]
pub struct ProgramAir {
    pub(super) code_base: u32,
    pub(super) num_instructions: usize,
    /// The preprocessed trace, shared between clones of the AIR.
    pub(super) table: Arc<RowMajorMatrix<Val>>,
}

impl ProgramAir {
    /// Number of rows of the table (and of its main trace): a power of two, at least 2.
    pub fn height(&self) -> usize {
        self.table.values.len() / NUM_PROGRAM_PREPROCESSED_COLS
    }

    /// Address of the first instruction.
    pub fn code_base(&self) -> u32 {
        self.code_base
    }
}

impl BaseAir<Val> for ProgramAir {
    fn width(&self) -> usize {
        NUM_PROGRAM_COLS
    }

    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        Some(self.table.as_ref().clone())
    }

    fn preprocessed_width(&self) -> usize {
        NUM_PROGRAM_PREPROCESSED_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }

    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for ProgramAir {
    fn eval(&self, builder: &mut AB) {
        let prep = builder.preprocessed().clone();
        let prep: &ProgramPreprocessedCols<AB::Var> = prep.current_slice().borrow();
        let main = builder.main();
        let local: &ProgramCols<AB::Var> = main.current_slice().borrow();

        // # Soundness
        // Provides each row's `(pc, op, rd, rs1, rs2, imm_lo, imm_hi, aux, flags)` on `program`, as many
        // times as `multiplicity` says; the CPU looks tuples up, one per executed instruction.
        // The tuple is read from the preprocessed trace, which the verifier commits itself from
        // the program it is given (the commitment enters the transcript and every opening is
        // checked against it), so a CPU row can only claim an instruction the program contains:
        // a tuple absent from the table has no table entry to balance its lookup, whatever
        // multiplicities the prover commits. The verifier bounds the total number of lookups
        // below p, so multiplicities cannot wrap. Padding rows (and words the VM traps on) lack
        // the `VALID` flag, which every CPU lookup carries, so they are never claimable.
        PROGRAM_BUS.table_entry(
            builder,
            [
                prep.pc,
                prep.op,
                prep.rd,
                prep.rs1,
                prep.rs2,
                prep.imm_lo,
                prep.imm_hi,
                prep.aux,
                prep.flags,
                prep.link_lo,
                prep.link_hi,
            ],
            local.multiplicity,
        );
    }
}

impl ProverAir for ProgramAir {
    fn name(&self) -> String {
        "program".into()
    }
}

/// Looks up one instruction on the `program` bus: the requester side (the CPU), with the tuple
/// in [`PROGRAM_BUS`]'s order.
///
/// # Soundness
///
/// `count` must be constrained by the caller's AIR to lie in `0..=1` (e.g. a boolean
/// `is_real` column), and the caller must set the `VALID` flag in every tuple it looks up, or
/// padding rows become claimable.
pub fn lookup_instruction<AB: InteractionBuilder>(
    builder: &mut AB,
    tuple: [AB::Expr; PROGRAM_TUPLE_LEN],
    count: AB::Expr,
) {
    PROGRAM_BUS.lookup_key(builder, tuple, Count::bounded(count, 1));
}

//! The memory chip: one row per memory cell the run touched or the image initialises
//! (registers at 0..32, guest words at their byte address), sorted by address. Each row sends
//! the cell's initial state `(addr, init, 0)` on the memory bus and receives its final state
//! `(addr, final, final_ts)`, closing the offline memory check: every access in between
//! receives the state the previous one sent.
//!
//! | columns | what |
//! | --- | --- |
//! | `is_real, in_image, read_only` | a cell; its initial value comes from the image; it is a code word |
//! | `addr[2]` | the address as limbs (`addr < 2^29 + 2^16`) |
//! | `init[2], fin[2], fin_ts` | initial and final state |
//! | `gap[2]` | `next.addr - addr - 1` as limbs (`< 2^30 + 2^16`) |
//!
//! # Soundness
//!
//! - Addresses strictly increase down the real rows (a prefix): each address and each gap is
//!   bounded by lookups well below `p`, so `next = addr + 1 + gap` holds over the integers.
//!   No cell has two rows, so no cell has two histories.
//! - A cell's initial value is 0 unless `in_image`, and then it is received from the image
//!   table, which sends each of its entries exactly once: an image cell starts as the image says.
//! - `read_only` is 0 unless `in_image`, and then it is received with the image entry, so a
//!   cell is read-only exactly when the image table says so (every code word is an image
//!   entry, sent once, and only this cell's row can take it). Both of the cell's rows on the
//!   memory bus carry the flag: its whole history is read-only states, which only reads
//!   consume (see [`crate::bus`]).
//! - The memory bus balances only if every access consumed the state that the previous access
//!   (or the initial row) produced, with `prev_ts < ts` proven by the accessing chip.

use core::borrow::{Borrow, BorrowMut};

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;

use crate::bus::{MEMORY_BUS, limbs, limbs_val};
use crate::chips::byte::{ByteLookups, lookup_u16};
use crate::chips::image::IMAGE_BUS;
use crate::chips::impl_row_borrow;
use crate::config::Val;
use crate::harness::ProverAir;

#[repr(C)]
pub struct MemoryCols<T> {
    pub is_real: T,
    pub in_image: T,
    pub read_only: T,
    pub addr: [T; 2],
    pub init: [T; 2],
    pub fin: [T; 2],
    pub fin_ts: T,
    pub gap: [T; 2],
}

pub const NUM_MEMORY_COLS: usize = size_of::<MemoryCols<u8>>();
impl_row_borrow!(MemoryCols);

/// The memory init/final table.
#[derive(Clone, Debug, Default)]
pub struct MemoryAir;

impl BaseAir<Val> for MemoryAir {
    fn width(&self) -> usize {
        NUM_MEMORY_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for MemoryAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let local: &MemoryCols<AB::Var> = main.current_slice().borrow();
        let next: &MemoryCols<AB::Var> = main.next_slice().borrow();
        let one = AB::Expr::ONE;
        let word = |l: [AB::Var; 2]| -> AB::Expr {
            l[0].into() + l[1].into() * AB::Expr::from_u32(1 << 16)
        };
        let is_real: AB::Expr = local.is_real.into();

        builder.assert_bool(local.is_real);
        builder.assert_bool(local.in_image);
        builder.assert_zero(local.in_image.into() * (one.clone() - is_real.clone()));
        builder.assert_zero((one.clone() - local.in_image.into()) * local.read_only.into());
        for i in 0..2 {
            builder.assert_zero((one.clone() - local.in_image.into()) * local.init[i].into());
        }
        let mut t = builder.when_transition();
        t.assert_zero(next.is_real.into() * (one.clone() - is_real.clone()));
        t.assert_zero(
            next.is_real.into() * (word(next.addr) - word(local.addr) - one - word(local.gap)),
        );
        // addr_lo < 2^16 and 8 addr_hi < 2^16: addr < 2^16 + 2^29. gap_lo < 2^16 and
        // 4 gap_hi < 2^16: gap < 2^16 + 2^30.
        lookup_u16(builder, local.addr[0].into(), is_real.clone());
        lookup_u16(
            builder,
            local.addr[1].into() * AB::Expr::from_u32(8),
            is_real.clone(),
        );
        lookup_u16(builder, local.gap[0].into(), is_real.clone());
        lookup_u16(
            builder,
            local.gap[1].into() * AB::Expr::from_u32(4),
            is_real.clone(),
        );

        let addr = word(local.addr);
        MEMORY_BUS.send(
            builder,
            [
                addr.clone(),
                local.init[0].into(),
                local.init[1].into(),
                AB::Expr::ZERO,
                local.read_only.into(),
            ],
            Count::bounded(is_real.clone(), 1),
        );
        MEMORY_BUS.receive(
            builder,
            [
                addr.clone(),
                local.fin[0].into(),
                local.fin[1].into(),
                local.fin_ts.into(),
                local.read_only.into(),
            ],
            Count::bounded(is_real, 1),
        );
        IMAGE_BUS.receive(
            builder,
            [
                addr,
                local.init[0].into(),
                local.init[1].into(),
                local.read_only.into(),
            ],
            Count::bounded(local.in_image.into(), 1),
        );
    }
}

impl ProverAir for MemoryAir {
    fn name(&self) -> String {
        "memory".into()
    }
}

pub use crate::record::Cell;

/// The memory trace for `cells` sorted by strictly increasing address.
pub fn generate_trace(cells: &[Cell], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = cells.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_MEMORY_COLS), NUM_MEMORY_COLS);
    for (i, (row, cell)) in trace
        .values
        .chunks_exact_mut(NUM_MEMORY_COLS)
        .zip(cells)
        .enumerate()
    {
        let cols: &mut MemoryCols<Val> = row.borrow_mut();
        let addr = cell.addr;
        let gap = cells.get(i + 1).map_or(0, |next| next.addr - addr - 1);
        cols.is_real = Val::ONE;
        cols.in_image = Val::from_bool(cell.in_image);
        cols.read_only = Val::from_bool(cell.read_only);
        cols.addr = limbs_val(addr);
        cols.init = limbs_val(cell.init);
        cols.fin = limbs_val(cell.fin);
        cols.fin_ts = Val::from_u32(cell.fin_ts);
        cols.gap = limbs_val(gap);
        let [a0, a1] = limbs(addr);
        let [g0, g1] = limbs(gap);
        bytes.record_u16(a0 as u16);
        bytes.record_u16((a1 * 8) as u16);
        bytes.record_u16(g0 as u16);
        bytes.record_u16((g1 * 4) as u16);
    }
    trace
}

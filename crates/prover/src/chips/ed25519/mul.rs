//! The `ed25519-mul` table: scalar multiplications `[k] P` on Ed25519, 256 rows each, least
//! significant bit first ([`crate::chips::scalar_schedule`]).
//!
//! Row `i` holds the accumulator `acc = [k mod 2^i] P` (the identity `(0, 1)` on the first
//! row) and `base = [2^i] P`. It always adds `addend = bit ? base : (0, 1)` to the
//! accumulator with the complete addition law (6 relations modulo p: `t = x1 x2`,
//! `u = y1 y2`, `w = t u`, `v = d w`, `x3 (1 + v) = x1 y2 + y1 x2`, `y3 (1 - v) = u + t`) and
//! doubles `base` (5 relations: `t = x^2`, `u = y^2`, `m = x y`, `x' (u - t) = 2 m`,
//! `y' (2 - u + t) = u + t`, the doubling law for a point on the curve). The denominators
//! `1 ± v` and `y^2 - x^2 = 1 + d x^2 y^2`, `2 - y^2 + x^2 = 1 - d x^2 y^2` never vanish on
//! the curve (`d` is not a square), so there is no exceptional case: for `P` on the curve
//! every step is the group law.
//!
//! # Buses
//!
//! | bus | tuple | count |
//! | --- | --- | --- |
//! | `ed25519-mul-in` (receive) | `(clk, which, P.x, P.y, k)`, 16-bit limbs | a multiplication's first row |
//! | `ed25519-mul-out` (send) | `(clk, which, [k] P)` | its last row |
//! | `byte` | every limb a row introduces, every carry | real rows |
//!
//! # What the requester must prove
//!
//! `P` is on the curve (the doubling law assumes it) with byte limbs, and the scalar's bytes
//! are bytes. The result's coordinates are residues: byte limbs, but not necessarily below p
//! (a requester comparing encodings proves them canonical).

use core::borrow::{Borrow, BorrowMut};

use num_bigint::BigUint;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{InteractionBuilder, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use super::curve::{CURVE, Point};
use crate::chips::bigint::{
    ModRelCols, eval_mod_relation, exprs, int_add, int_limbs, int_mul, int_scale, le_limbs,
    mod_relation_trace, poly_mul, poly_mul_const, poly_sub,
};
use crate::chips::byte::{ByteLookups, lookup_byte_pairs};
use crate::chips::impl_row_borrow;
use crate::chips::scalar_schedule::{
    MulBuses, STEPS, Schedule, ScheduleCols, eval_schedule, fill_schedule,
};
use crate::config::Val;
use crate::harness::ProverAir;

/// Requests `(clk, which, P, k)`.
pub const MUL_IN_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("ed25519-mul-in");
/// Results `(clk, which, [k] P)`.
pub const MUL_OUT_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("ed25519-mul-out");
/// Both buses.
pub const BUSES: MulBuses = MulBuses {
    requests: MUL_IN_BUS,
    results: MUL_OUT_BUS,
};

type Coords<T> = [[T; 32]; 2];

/// One step of a multiplication.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct EdMulCols<T> {
    pub sched: ScheduleCols<T>,
    pub acc: Coords<T>,
    pub base: Coords<T>,
    /// `bit ? base : (0, 1)`.
    pub addend: Coords<T>,
    /// `acc + addend` and its witnesses.
    pub add_t: [T; 32],
    pub add_u: [T; 32],
    pub add_w: [T; 32],
    pub add_v: [T; 32],
    pub sum: Coords<T>,
    pub add_rel: [ModRelCols<T>; 6],
    /// `2 base` and its witnesses.
    pub dbl_t: [T; 32],
    pub dbl_u: [T; 32],
    pub dbl_m: [T; 32],
    pub dbl: Coords<T>,
    pub dbl_rel: [ModRelCols<T>; 5],
    /// The result on the last row (0 elsewhere).
    pub res: Coords<T>,
}

/// Width of the `ed25519-mul` table.
pub const NUM_ED_MUL_COLS: usize = size_of::<EdMulCols<u8>>();

impl_row_borrow!(EdMulCols);

/// The `ed25519-mul` table (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct EdMulAir;

impl BaseAir<Val> for EdMulAir {
    fn width(&self) -> usize {
        NUM_ED_MUL_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for EdMulAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &EdMulCols<AB::Var> = main.current_slice().borrow();
        let nx: &EdMulCols<AB::Var> = main.next_slice().borrow();
        let curve = &*CURVE;
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;
        let Schedule {
            real,
            first,
            last,
            cont,
            bit,
        } = eval_schedule(builder, &l.sched, &nx.sched);
        let coords = |p: &Coords<AB::Var>| [exprs::<AB>(&p[0]), exprs::<AB>(&p[1])];
        let [x1, y1] = coords(&l.acc);
        let [bx, by] = coords(&l.base);
        let [x2, y2] = coords(&l.addend);
        let [sx, sy] = coords(&l.sum);
        let [dx, dy] = coords(&l.dbl);
        let [t, u, w, v] = [&l.add_t, &l.add_u, &l.add_w, &l.add_v].map(|c| exprs::<AB>(c));
        let [tt, uu, mm] = [&l.dbl_t, &l.dbl_u, &l.dbl_m].map(|c| exprs::<AB>(c));
        let unit = |i: usize| if i == 0 { one.clone() } else { AB::Expr::ZERO };

        // The addend: base when the bit is set, the identity otherwise.
        for i in 0..32 {
            builder.assert_zero(real.clone() * (x2[i].clone() - bit.clone() * bx[i].clone()));
            builder.assert_zero(
                real.clone()
                    * (y2[i].clone()
                        - bit.clone() * by[i].clone()
                        - (one.clone() - bit.clone()) * unit(i)),
            );
        }
        let mut bytes: Vec<AB::Expr> = Vec::new();
        let relations = [
            poly_sub(&t, &poly_mul(&x1, &x2)),
            poly_sub(&u, &poly_mul(&y1, &y2)),
            poly_sub(&w, &poly_mul(&t, &u)),
            poly_sub(&v, &poly_mul_const(&w, &curve.d_limbs)),
            poly_sub(
                &poly_sub(&sx, &poly_mul(&x1, &y2)),
                &poly_sub(&poly_mul(&y1, &x2), &poly_mul(&sx, &v)),
            ),
            poly_sub(
                &poly_sub(&sy, &poly_mul(&sy, &v)),
                &poly_sub(&u, &poly_sub(&[], &t)),
            ),
            poly_sub(&tt, &poly_mul(&bx, &bx)),
            poly_sub(&uu, &poly_mul(&by, &by)),
            poly_sub(&mm, &poly_mul(&bx, &by)),
            poly_sub(
                &poly_sub(&poly_mul(&dx, &uu), &poly_mul(&dx, &tt)),
                &mm.iter()
                    .map(|m| m.clone() * AB::Expr::TWO)
                    .collect::<Vec<_>>(),
            ),
            poly_sub(
                &poly_sub(
                    &dy.iter()
                        .map(|y| y.clone() * AB::Expr::TWO)
                        .collect::<Vec<_>>(),
                    &poly_mul(&dy, &uu),
                ),
                &poly_sub(&poly_sub(&uu, &poly_mul(&dy, &tt)), &poly_sub(&[], &tt)),
            ),
        ];
        for (relation, cols) in relations
            .into_iter()
            .zip(l.add_rel.iter().chain(&l.dbl_rel))
        {
            eval_mod_relation(
                builder,
                relation,
                &curve.p,
                cols,
                real.clone(),
                real.clone(),
                &mut bytes,
            );
        }
        bytes.extend(
            [&t, &u, &w, &v, &sx, &sy, &tt, &uu, &mm, &dx, &dy]
                .into_iter()
                .flatten()
                .cloned(),
        );
        lookup_byte_pairs(builder, &bytes, real.clone());

        // The accumulator starts at the identity, then takes each sum; base takes each double;
        // the last row's sum is the result.
        for k in 0..2 {
            for i in 0..32 {
                let acc = e(l.acc[k][i]);
                let start = if k == 1 { unit(i) } else { AB::Expr::ZERO };
                builder.assert_zero(first.clone() * (acc - start));
                builder.assert_zero(cont.clone() * (e(nx.acc[k][i]) - e(l.sum[k][i])));
                builder.assert_zero(cont.clone() * (e(nx.base[k][i]) - e(l.dbl[k][i])));
                builder.assert_zero(last.clone() * (e(l.res[k][i]) - e(l.sum[k][i])));
                builder.assert_zero((one.clone() - last.clone()) * e(l.res[k][i]));
            }
        }

        let res = [exprs::<AB>(&l.res[0]), exprs::<AB>(&l.res[1])];
        BUSES.serve(builder, &l.sched, [&bx, &by], [&res[0], &res[1]]);
    }
}

impl ProverAir for EdMulAir {
    fn name(&self) -> String {
        "ed25519-mul".into()
    }
}

/// One multiplication: `[k] P` for the request `(clk, which)`.
#[derive(Clone, Debug)]
pub struct EdMulRequest {
    pub clk: u32,
    pub which: u32,
    pub point: Point,
    pub k: BigUint,
}

/// The `ed25519-mul` trace for `requests` (256 rows each), recording its byte lookups.
pub fn generate_trace(requests: &[EdMulRequest], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = (requests.len() * STEPS).next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_ED_MUL_COLS), NUM_ED_MUL_COLS);
    let mut rows = trace.values.chunks_exact_mut(NUM_ED_MUL_COLS);
    let curve = &*CURVE;
    for request in requests {
        let k = le_limbs::<32>(&request.k);
        let mut acc = Point::identity();
        let mut base = request.point.clone();
        for step in 0..STEPS {
            let row: &mut EdMulCols<Val> = rows
                .next()
                .expect("the trace holds every step")
                .borrow_mut();
            fill_schedule(&mut row.sched, request.clk, request.which, &k, step);
            let bit = (k[step / 8] >> (step % 8)) & 1 == 1;
            let addend = if bit { base.clone() } else { Point::identity() };
            let add = curve.add(&acc, &addend);
            let dbl = curve.double(&base);
            let f = |c: [u8; 32]| c.map(Val::from_u8);
            let [x1, y1] = acc.limbs();
            let [bx, by] = base.limbs();
            let [x2, y2] = addend.limbs();
            let [sx, sy] = add.sum.limbs();
            let [dx, dy] = dbl.double.limbs();
            let [t, u, w, v] = [&add.t, &add.u, &add.w, &add.v].map(le_limbs::<32>);
            let [tt, uu, mm] = [&dbl.t, &dbl.u, &dbl.m].map(le_limbs::<32>);
            row.acc = [f(x1), f(y1)];
            row.base = [f(bx), f(by)];
            row.addend = [f(x2), f(y2)];
            row.sum = [f(sx), f(sy)];
            row.dbl = [f(dx), f(dy)];
            row.add_t = f(t);
            row.add_u = f(u);
            row.add_w = f(w);
            row.add_v = f(v);
            row.dbl_t = f(tt);
            row.dbl_u = f(uu);
            row.dbl_m = f(mm);
            if step == STEPS - 1 {
                row.res = [f(sx), f(sy)];
            }
            let i = int_limbs;
            let neg = |a: &[i64]| int_scale(a, -1);
            let two = |a: &[i64]| int_scale(a, 2);
            let relations = [
                int_add(&i(&t), &neg(&int_mul(&i(&x1), &i(&x2)))),
                int_add(&i(&u), &neg(&int_mul(&i(&y1), &i(&y2)))),
                int_add(&i(&w), &neg(&int_mul(&i(&t), &i(&u)))),
                int_add(&i(&v), &neg(&int_mul(&i(&w), &i(&curve.d_limbs)))),
                int_add(
                    &int_add(&i(&sx), &int_mul(&i(&sx), &i(&v))),
                    &neg(&int_add(
                        &int_mul(&i(&x1), &i(&y2)),
                        &int_mul(&i(&y1), &i(&x2)),
                    )),
                ),
                int_add(
                    &int_add(&i(&sy), &neg(&int_mul(&i(&sy), &i(&v)))),
                    &neg(&int_add(&i(&u), &i(&t))),
                ),
                int_add(&i(&tt), &neg(&int_mul(&i(&bx), &i(&bx)))),
                int_add(&i(&uu), &neg(&int_mul(&i(&by), &i(&by)))),
                int_add(&i(&mm), &neg(&int_mul(&i(&bx), &i(&by)))),
                int_add(
                    &int_add(&int_mul(&i(&dx), &i(&uu)), &neg(&int_mul(&i(&dx), &i(&tt)))),
                    &neg(&two(&i(&mm))),
                ),
                int_add(
                    &int_add(&two(&i(&dy)), &neg(&int_mul(&i(&dy), &i(&uu)))),
                    &int_add(&int_mul(&i(&dy), &i(&tt)), &neg(&int_add(&i(&uu), &i(&tt)))),
                ),
            ];
            let mut row_bytes: Vec<u8> = Vec::new();
            for (cols, relation) in row
                .add_rel
                .iter_mut()
                .chain(row.dbl_rel.iter_mut())
                .zip(relations)
            {
                let (rel, q) = mod_relation_trace(&relation, &curve.p, bytes);
                *cols = rel;
                row_bytes.extend(q);
            }
            row_bytes.extend([t, u, w, v, sx, sy, tt, uu, mm, dx, dy].iter().flatten());
            bytes.record_byte_pairs(&row_bytes);
            acc = add.sum;
            base = dbl.double;
        }
    }
    trace
}

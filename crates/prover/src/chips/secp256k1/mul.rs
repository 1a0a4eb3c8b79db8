//! The `secp256k1-mul` table: scalar multiplications `[k] P` for the recovery chip, 256 rows
//! each, least significant bit first (see the module docs of [`super`]).

use core::borrow::{Borrow, BorrowMut};

use num_bigint::BigUint;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{InteractionBuilder, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use super::curve::{CURVE, Point};
use crate::chips::bigint::{
    ModRelCols, eval_mod_relation, exprs, int_add, int_limbs, int_mul, int_scale,
    mod_relation_trace, mod_relation_zero, poly_mul, poly_sub,
};
use crate::chips::byte::{ByteLookups, lookup_byte_pairs};
use crate::chips::impl_row_borrow;
use crate::chips::scalar_schedule::{
    MulBuses, Schedule, ScheduleCols, eval_schedule, fill_schedule,
};
use crate::config::Val;
use crate::harness::ProverAir;

/// Requests: `(clk, which, P, k)`, sent by the call table, received by a multiplication's
/// first row. Numbers travel as 16 limbs of 16 bits ([`pack`]).
pub const MUL_IN_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("secp256k1-mul-in");
/// Results: `(clk, which, [k] P)`, sent by a multiplication's last row.
pub const MUL_OUT_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("secp256k1-mul-out");
/// Both buses.
pub const BUSES: MulBuses = MulBuses {
    requests: MUL_IN_BUS,
    results: MUL_OUT_BUS,
};

pub use crate::chips::scalar_schedule::STEPS;

/// One step of a multiplication: bit `step` of `k`, the accumulator `acc = [k mod 2^step] P`
/// (or the point at infinity) and `base = [2^step] P`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct MulCols<T> {
    /// The step's control columns and scalar bit.
    pub sched: ScheduleCols<T>,
    /// The accumulator is the point at infinity (its coordinates 0).
    pub inf: T,
    /// `bit (1 - inf)`: this step adds `base` to a finite accumulator.
    pub add: T,
    pub acc: [[T; 32]; 2],
    pub base: [[T; 32]; 2],
    /// `2 base` and its slope.
    pub dbl_lambda: [T; 32],
    pub dbl: [[T; 32]; 2],
    pub dbl_rel: [ModRelCols<T>; 3],
    /// `acc + base` and its slope (all 0 unless `add`).
    pub add_lambda: [T; 32],
    pub sum: [[T; 32]; 2],
    pub add_rel: [ModRelCols<T>; 3],
    /// The result on the last row (0 elsewhere).
    pub res: [[T; 32]; 2],
}

/// Width of the `secp256k1-mul` table.
pub const NUM_MUL_COLS: usize = size_of::<MulCols<u8>>();

impl_row_borrow!(MulCols);

pub use crate::chips::scalar_schedule::pack;

/// The `secp256k1-mul` table (see the module docs of [`super`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct MulAir;

impl BaseAir<Val> for MulAir {
    fn width(&self) -> usize {
        NUM_MUL_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for MulAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &MulCols<AB::Var> = main.current_slice().borrow();
        let nx: &MulCols<AB::Var> = main.next_slice().borrow();
        let curve = &*CURVE;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;
        let Schedule {
            real,
            first,
            last,
            cont,
            bit,
        } = eval_schedule(builder, &l.sched, &nx.sched);
        let [inf, add] = [l.inf, l.add].map(e);
        builder.assert_bool(inf.clone());
        builder.assert_bool(add.clone());
        builder.assert_eq(add.clone(), bit.clone() * (one.clone() - inf.clone()));

        // The points.
        let coords = |p: &[[AB::Var; 32]; 2]| [exprs::<AB>(&p[0]), exprs::<AB>(&p[1])];
        let [ax, ay] = coords(&l.acc);
        let [bx, by] = coords(&l.base);
        let [dx, dy] = coords(&l.dbl);
        let [sx, sy] = coords(&l.sum);
        let dl = exprs::<AB>(&l.dbl_lambda);
        let al = exprs::<AB>(&l.add_lambda);
        let mut bytes: Vec<AB::Expr> = Vec::new();

        // base' = 2 base: λ 2y = 3 x^2, x' = λ^2 - 2x, y' = λ (x - x') - y.
        let two = |v: &[AB::Expr]| v.iter().map(|x| x.clone() * c(2)).collect::<Vec<_>>();
        let three = |v: &[AB::Expr]| v.iter().map(|x| x.clone() * c(3)).collect::<Vec<_>>();
        let dbl_relations = [
            poly_sub(&poly_mul(&dl, &two(&by)), &poly_mul(&three(&bx), &bx)),
            poly_sub(&dx, &poly_sub(&poly_mul(&dl, &dl), &two(&bx))),
            poly_sub(&dy, &poly_sub(&poly_mul(&dl, &poly_sub(&bx, &dx)), &by)),
        ];
        for (relation, cols) in dbl_relations.into_iter().zip(&l.dbl_rel) {
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
        // sum = acc + base when adding: λ (x_b - x_a) = y_b - y_a, x = λ^2 - x_a - x_b,
        // y = λ (x_a - x) - y_a.
        let add_relations = [
            poly_sub(&poly_mul(&al, &poly_sub(&bx, &ax)), &poly_sub(&by, &ay)),
            poly_sub(&sx, &poly_sub(&poly_sub(&poly_mul(&al, &al), &ax), &bx)),
            poly_sub(&sy, &poly_sub(&poly_mul(&al, &poly_sub(&ax, &sx)), &ay)),
        ];
        let mut add_bytes: Vec<AB::Expr> = Vec::new();
        for (relation, cols) in add_relations.into_iter().zip(&l.add_rel) {
            eval_mod_relation(
                builder,
                relation,
                &curve.p,
                cols,
                add.clone(),
                add.clone(),
                &mut add_bytes,
            );
        }
        bytes.extend(dl.iter().chain(&dx).chain(&dy).cloned());
        add_bytes.extend(al.iter().chain(&sx).chain(&sy).cloned());

        // Cells that a step does not use are 0: the accumulator at infinity, the addition's
        // witnesses when not adding, the result before the last row.
        for v in ax.iter().chain(&ay) {
            builder.assert_zero(inf.clone() * v.clone());
        }
        let unused_add = l
            .add_lambda
            .iter()
            .chain(l.sum.iter().flatten())
            .chain(l.add_rel.iter().flat_map(|r| r.q.iter().chain(&r.carry)));
        for &v in unused_add {
            builder.assert_zero((one.clone() - add.clone()) * e(v));
        }
        for &v in l.res.iter().flatten() {
            builder.assert_zero((one.clone() - last.clone()) * e(v));
        }

        // The next accumulator: the sum when adding, base when adding to infinity, else acc.
        let next_acc = |k: usize, v: &[AB::Expr], i: usize| -> AB::Expr {
            let (s, b) = if k == 0 { (&sx, &bx) } else { (&sy, &by) };
            s[i].clone()
                + (bit.clone() - add.clone()) * b[i].clone()
                + (one.clone() - bit.clone()) * v[i].clone()
        };
        for (k, a) in [&ax, &ay].into_iter().enumerate() {
            for i in 0..32 {
                let value = next_acc(k, a, i);
                builder.assert_zero(cont.clone() * (e(nx.acc[k][i]) - value.clone()));
                builder.assert_zero(last.clone() * (e(l.res[k][i]) - value));
                builder.assert_zero(cont.clone() * (e(nx.base[k][i]) - e(l.dbl[k][i])));
            }
        }
        builder.assert_zero(cont.clone() * (e(nx.inf) - inf.clone() * (one.clone() - bit.clone())));
        // The result is a finite point (`k` is not 0 mod n).
        builder.assert_zero(last.clone() * inf.clone() * (one.clone() - bit.clone()));
        // The first step starts at infinity with base = P and the whole scalar.
        builder.assert_zero(first.clone() * (one.clone() - inf.clone()));

        lookup_byte_pairs(builder, &bytes, real.clone());
        lookup_byte_pairs(builder, &add_bytes, add.clone());

        let res = [exprs::<AB>(&l.res[0]), exprs::<AB>(&l.res[1])];
        BUSES.serve(builder, &l.sched, [&bx, &by], [&res[0], &res[1]]);
    }
}

impl ProverAir for MulAir {
    fn name(&self) -> String {
        "secp256k1-mul".into()
    }
}

/// One multiplication the table proves: `[k] P` for the call at `clk`.
#[derive(Clone, Debug)]
pub struct MulRequest {
    pub clk: u32,
    pub which: u32,
    pub point: Point,
    pub k: BigUint,
}

/// The `secp256k1-mul` trace for `requests` (256 rows each), recording its byte lookups.
/// A request the schedule cannot compute (an exceptional addition, a result at infinity)
/// gives rows that fail the AIR, not a panic.
pub fn generate_trace(requests: &[MulRequest], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = (requests.len() * STEPS).next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_MUL_COLS), NUM_MUL_COLS);
    let mut rows = trace.values.chunks_exact_mut(NUM_MUL_COLS);
    for request in requests {
        fill_rows(&mut rows, request, bytes);
    }
    trace
}

fn fill_rows<'a>(
    rows: &mut impl Iterator<Item = &'a mut [Val]>,
    request: &MulRequest,
    bytes: &mut ByteLookups,
) {
    let curve = &*CURVE;
    let k = le_bytes32(&request.k);
    let mut acc: Option<Point> = None;
    let mut base = request.point.clone();
    for step in 0..STEPS {
        let row: &mut MulCols<Val> = rows
            .next()
            .expect("the trace holds every step")
            .borrow_mut();
        let bit = (k[step / 8] >> (step % 8)) & 1 == 1;
        let inf = acc.is_none();
        let add = bit && !inf;
        fill_schedule(&mut row.sched, request.clk, request.which, &k, step);
        row.inf = Val::from_bool(inf);
        row.add = Val::from_bool(add);
        let [bx, by] = base.limbs();
        let a = acc.as_ref().map_or([[0; 32]; 2], Point::limbs);
        row.acc = a.map(|c| c.map(Val::from_u8));
        row.base = [bx, by].map(|c| c.map(Val::from_u8));

        let (dl, d) = curve.double(&base);
        let dl = le_bytes32(&dl);
        let [dx, dy] = d.limbs();
        let (bxi, byi, dxi, dyi, dli) = (
            int_limbs(&bx),
            int_limbs(&by),
            int_limbs(&dx),
            int_limbs(&dy),
            int_limbs(&dl),
        );
        let relations = [
            int_add(
                &int_mul(&dli, &int_scale(&byi, 2)),
                &int_scale(&int_mul(&bxi, &bxi), -3),
            ),
            int_add(
                &int_add(&dxi, &int_scale(&int_mul(&dli, &dli), -1)),
                &int_scale(&bxi, 2),
            ),
            int_add(
                &int_add(
                    &dyi,
                    &int_scale(&int_mul(&dli, &int_add(&bxi, &int_scale(&dxi, -1))), -1),
                ),
                &byi,
            ),
        ];
        let mut row_bytes: Vec<u8> = Vec::new();
        for (cols, relation) in row.dbl_rel.iter_mut().zip(relations) {
            let (rel, q) = mod_relation_trace(&relation, &curve.p, bytes);
            *cols = rel;
            row_bytes.extend(q);
        }
        row_bytes.extend(dl.iter().chain(&dx).chain(&dy));
        bytes.record_byte_pairs(&row_bytes);
        row.dbl_lambda = dl.map(Val::from_u8);
        row.dbl = [dx, dy].map(|c| c.map(Val::from_u8));

        let next = if add {
            let a_point = acc.clone().expect("adding to a finite accumulator");
            let (al, s) = curve.add(&a_point, &base);
            let al = le_bytes32(&al);
            let [sx, sy] = s.limbs();
            let (axi, ayi, sxi, syi, ali) = (
                int_limbs(&a[0]),
                int_limbs(&a[1]),
                int_limbs(&sx),
                int_limbs(&sy),
                int_limbs(&al),
            );
            let relations = [
                int_add(
                    &int_mul(&ali, &int_add(&bxi, &int_scale(&axi, -1))),
                    &int_add(&int_scale(&byi, -1), &ayi),
                ),
                int_add(
                    &int_add(&sxi, &int_scale(&int_mul(&ali, &ali), -1)),
                    &int_add(&axi, &bxi),
                ),
                int_add(
                    &int_add(
                        &syi,
                        &int_scale(&int_mul(&ali, &int_add(&axi, &int_scale(&sxi, -1))), -1),
                    ),
                    &ayi,
                ),
            ];
            let mut add_bytes: Vec<u8> = Vec::new();
            for (cols, relation) in row.add_rel.iter_mut().zip(relations) {
                let (rel, q) = mod_relation_trace(&relation, &curve.p, bytes);
                *cols = rel;
                add_bytes.extend(q);
            }
            add_bytes.extend(al.iter().chain(&sx).chain(&sy));
            bytes.record_byte_pairs(&add_bytes);
            row.add_lambda = al.map(Val::from_u8);
            row.sum = [sx, sy].map(|c| c.map(Val::from_u8));
            Some(s)
        } else {
            for cols in row.add_rel.iter_mut() {
                *cols = mod_relation_zero(false, bytes);
            }
            if bit { Some(base.clone()) } else { acc.clone() }
        };
        if step == STEPS - 1 {
            let r = next.as_ref().map_or([[0; 32]; 2], Point::limbs);
            row.res = r.map(|c| c.map(Val::from_u8));
        }
        acc = next;
        base = d;
    }
}

/// A number's 32 least significant bytes.
fn le_bytes32(value: &BigUint) -> [u8; 32] {
    crate::chips::bigint::le_limbs::<32>(value)
}

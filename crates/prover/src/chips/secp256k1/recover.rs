//! The `secp256k1-recover` table: one row per `SECP256K1_RECOVER` call (see the module docs of
//! [`super`]).

use core::borrow::{Borrow, BorrowMut};

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::SECP256K1_RECOVER;
use num_bigint::BigUint;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;

use super::curve::{CURVE, Point};
use super::mul::MulRequest;
use crate::bus::{
    AccessCols, OperandRangeCols, eval_operand_range, limbs_val, memory_access_without_hi,
    receive_syscall, slot, ts, ts_of,
};
use crate::chips::bigint::{
    LtConstCols, ModRelCols, assert_zero_at_256, carries, eval_lt_const, eval_mod_relation, exprs,
    int_add, int_limbs, int_mul, int_scale, le_limbs, lt_const_trace, mod_relation_trace, poly_mul,
    poly_sub, signed,
};
use crate::chips::byte::{ByteLookups, lookup_byte_pairs};
use crate::chips::impl_row_borrow;
use crate::config::Val;
use crate::harness::ProverAir;
use crate::record::SyscallEvent;

/// The timestamp slots of the call's accesses: the hash is read at slot 0, the signature at
/// slot 1, the argument registers at slot 2, the output written at slot 3 (so the output may
/// alias the inputs).
pub const HASH_SLOT: u32 = slot::RS1;
pub const SIG_SLOT: u32 = slot::RS2;
pub const OUT_SLOT: u32 = slot::RD;

/// One recovery.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct RecoverCols<T> {
    pub is_real: T,
    pub clk: T,
    /// `a0` (the hash), `a1` (the signature) and `a3` (the output) as register values.
    pub ptr: [[T; 2]; 3],
    pub range: [OperandRangeCols<T>; 3],
    /// The recovery id's bits: `a2 = v0 + 2 v1`.
    pub v0: T,
    pub v1: T,
    /// The reads of `a1`, `a2`, `a3`.
    pub args: [AccessCols<T>; 3],
    /// The hash and the signature as little-endian bytes (memory holds them big-endian).
    pub z: [T; 32],
    pub r: [T; 32],
    pub s: [T; 32],
    /// Reads of the hash's 8 words, then the signature's 16.
    pub reads: [AccessCols<T>; 24],
    /// The output `Q = (qx, qy)`, written big-endian, and the words it overwrites.
    pub qx: [T; 32],
    pub qy: [T; 32],
    pub out_prev: [[T; 2]; 16],
    pub writes: [AccessCols<T>; 16],
    /// `r^-1`, `s^-1`, `u1 = -z r^-1` and `u2 = s r^-1` modulo n.
    pub r_inv: [T; 32],
    pub s_inv: [T; 32],
    pub u1: [T; 32],
    pub u2: [T; 32],
    /// `R = (xr, yr)`: `xr = r + v1 n`, `yr` the square root of `xr^3 + 7` with parity `v0`.
    pub xr: [T; 32],
    pub xr_carry: [T; 31],
    pub yr: [T; 32],
    /// `yr[0] = 2 yr_half + v0`.
    pub yr_half: T,
    /// `xr^2 mod p`.
    pub t: [T; 32],
    /// `A = [u1] G` and `B = [u2] R`, from `secp256k1-mul`.
    pub ax: [T; 32],
    pub ay: [T; 32],
    pub bx: [T; 32],
    pub by: [T; 32],
    /// The slope of `A + B` and `(bx - ax)^-1`.
    pub lam: [T; 32],
    pub dinv: [T; 32],
    /// The relations modulo n, then modulo p (see the AIR).
    pub rel_n: [ModRelCols<T>; 4],
    pub rel_p: [ModRelCols<T>; 6],
    /// `r < n`, `s < n`, `xr < p`, `yr < p`, `qx < p`, `qy < p`.
    pub lt: [LtConstCols<T>; 6],
}

/// Width of the `secp256k1-recover` table.
pub const NUM_RECOVER_COLS: usize = size_of::<RecoverCols<u8>>();

impl_row_borrow!(RecoverCols);

/// The two 16-bit limbs of word `w` of a big-endian 32-byte number whose little-endian bytes
/// are `le`: memory byte `4 w + j` is `le[31 - 4 w - j]`.
pub(super) fn be_word<E: PrimeCharacteristicRing>(le: &[E], w: usize) -> [E; 2] {
    let b = |j: usize| le[31 - 4 * w - j].clone();
    [
        b(0) + b(1) * E::from_u32(256),
        b(2) + b(3) * E::from_u32(256),
    ]
}

/// The `secp256k1-recover` table (see the module docs of [`super`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct RecoverAir;

impl BaseAir<Val> for RecoverAir {
    fn width(&self) -> usize {
        NUM_RECOVER_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for RecoverAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &RecoverCols<AB::Var> = main.current_slice().borrow();
        let curve = &*CURVE;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let real = e(l.is_real);
        builder.assert_bool(real.clone());
        builder.assert_bool(l.v0);
        builder.assert_bool(l.v1);

        // The call: status OK.
        let [h_lo, h_hi] = l.ptr[0].map(e);
        receive_syscall(
            builder,
            [
                e(l.clk),
                c(SECP256K1_RECOVER),
                h_lo,
                h_hi,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            real.clone(),
        );
        let ts_args = ts_of(e(l.clk), slot::MEMORY);
        let v = e(l.v0) + e(l.v1) * c(2);
        let arg_values = [l.ptr[1].map(e), [v, AB::Expr::ZERO], l.ptr[2].map(e)];
        let mut diff_his = Vec::new();
        for ((i, value), access) in arg_values.into_iter().enumerate().zip(&l.args) {
            diff_his.push(memory_access_without_hi(
                builder,
                c(REG_ARGS[i + 1] as u32),
                value.clone(),
                value,
                ts_args.clone(),
                AB::Expr::ZERO,
                access,
                real.clone(),
            ));
        }
        for ((ptr, range), len) in l.ptr.iter().zip(&l.range).zip([32, 64, 64]) {
            eval_operand_range(builder, ptr.map(e), len, range, real.clone());
        }
        let address =
            |k: usize, w: usize| e(l.ptr[k][0]) + e(l.ptr[k][1]) * c(1 << 16) + c(4 * w as u32);
        let (z, r, s) = (exprs::<AB>(&l.z), exprs::<AB>(&l.r), exprs::<AB>(&l.s));
        let (qx, qy) = (exprs::<AB>(&l.qx), exprs::<AB>(&l.qy));
        for w in 0..24 {
            let (k, ts, value) = if w < 8 {
                (0, HASH_SLOT, be_word(&z, w))
            } else if w < 16 {
                (1, SIG_SLOT, be_word(&r, w - 8))
            } else {
                (1, SIG_SLOT, be_word(&s, w - 16))
            };
            let offset = if w < 8 { w } else { w - 8 };
            diff_his.push(memory_access_without_hi(
                builder,
                address(k, offset),
                value.clone(),
                value,
                ts_of(e(l.clk), ts),
                AB::Expr::ZERO,
                &l.reads[w],
                real.clone(),
            ));
        }
        for w in 0..16 {
            let value = if w < 8 {
                be_word(&qx, w)
            } else {
                be_word(&qy, w - 8)
            };
            diff_his.push(memory_access_without_hi(
                builder,
                address(2, w),
                l.out_prev[w].map(e),
                value,
                ts_of(e(l.clk), OUT_SLOT),
                AB::Expr::ZERO,
                &l.writes[w],
                real.clone(),
            ));
        }

        let mut bytes: Vec<AB::Expr> = Vec::new();
        let [r_inv, s_inv, u1, u2, xr, yr, t, ax, ay, bx, by, lam, dinv] = [
            &l.r_inv, &l.s_inv, &l.u1, &l.u2, &l.xr, &l.yr, &l.t, &l.ax, &l.ay, &l.bx, &l.by,
            &l.lam, &l.dinv,
        ]
        .map(|v| exprs::<AB>(v));
        let one = [AB::Expr::ONE];
        // Modulo n: r r^-1 = 1, s s^-1 = 1 (so r, s != 0), u1 = -z r^-1, u2 = s r^-1.
        let rel_n = [
            poly_sub(&poly_mul(&r, &r_inv), &one),
            poly_sub(&poly_mul(&s, &s_inv), &one),
            poly_sub(&u1, &poly_sub(&[], &poly_mul(&z, &r_inv))),
            poly_sub(&u2, &poly_mul(&s, &r_inv)),
        ];
        for (relation, cols) in rel_n.into_iter().zip(&l.rel_n) {
            eval_mod_relation(
                builder,
                relation,
                &curve.n,
                cols,
                real.clone(),
                real.clone(),
                &mut bytes,
            );
        }
        // Modulo p: t = xr^2, yr^2 = t xr + 7 (R on the curve), then Q = A + B with A != ±B:
        // λ (bx - ax) = by - ay, dinv (bx - ax) = 1, qx = λ^2 - ax - bx, qy = λ (ax - qx) - ay.
        let dx = poly_sub(&bx, &ax);
        let rel_p = [
            poly_sub(&t, &poly_mul(&xr, &xr)),
            poly_sub(&poly_sub(&poly_mul(&yr, &yr), &poly_mul(&t, &xr)), &[c(7)]),
            poly_sub(&poly_mul(&lam, &dx), &poly_sub(&by, &ay)),
            poly_sub(&poly_mul(&dinv, &dx), &one),
            poly_sub(&qx, &poly_sub(&poly_sub(&poly_mul(&lam, &lam), &ax), &bx)),
            poly_sub(&qy, &poly_sub(&poly_mul(&lam, &poly_sub(&ax, &qx)), &ay)),
        ];
        for (relation, cols) in rel_p.into_iter().zip(&l.rel_p) {
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
        // Ranges: r, s < n; xr, yr, qx, qy < p.
        let lts = [
            (&r, &curve.n),
            (&s, &curve.n),
            (&xr, &curve.p),
            (&yr, &curve.p),
            (&qx, &curve.p),
            (&qy, &curve.p),
        ];
        for ((a, modulus), cols) in lts.into_iter().zip(&l.lt) {
            eval_lt_const(builder, a, modulus, cols, real.clone(), &mut bytes);
        }
        // xr = r + v1 n over the integers (boolean carries, none out of the top limb).
        let xr_poly: Vec<AB::Expr> = (0..32)
            .map(|i| r[i].clone() + e(l.v1) * AB::Expr::from_u8(curve.n.limbs[i]) - xr[i].clone())
            .collect();
        for &carry in &l.xr_carry {
            builder.assert_bool(carry);
        }
        assert_zero_at_256(builder, xr_poly, &l.xr_carry, real.clone());
        // yr's parity is v0.
        builder.assert_zero(real.clone() * (yr[0].clone() - e(l.yr_half) * c(2) - e(l.v0)));

        bytes.extend([&z, &r, &s, &qx, &qy].into_iter().flatten().cloned());
        bytes.extend(
            [
                &r_inv, &s_inv, &u1, &u2, &xr, &yr, &t, &ax, &ay, &bx, &by, &lam, &dinv,
            ]
            .into_iter()
            .flatten()
            .cloned(),
        );
        bytes.push(e(l.yr_half));
        lookup_byte_pairs(builder, &bytes, real.clone());
        lookup_byte_pairs(builder, &diff_his, real.clone());

        // A = [u1] G and B = [u2] R.
        let g = curve.g.limbs().map(|c| c.map(AB::Expr::from_u8));
        let buses = &super::mul::BUSES;
        buses.request(
            builder,
            e(l.clk),
            0,
            [&g[0], &g[1]],
            &u1,
            [&ax, &ay],
            real.clone(),
        );
        buses.request(builder, e(l.clk), 1, [&xr, &yr], &u2, [&bx, &by], real);
    }
}

impl ProverAir for RecoverAir {
    fn name(&self) -> String {
        "secp256k1-recover".into()
    }
}

/// Everything a recovery's row holds beyond its operands.
#[derive(Clone, Debug)]
pub struct Witness {
    pub r_inv: BigUint,
    pub s_inv: BigUint,
    pub u1: BigUint,
    pub u2: BigUint,
    pub r_point: Point,
    pub a: Point,
    pub b: Point,
    pub lam: BigUint,
    pub dinv: BigUint,
    pub q: Point,
}

/// The recovery of `r ‖ s` on hash `z` (big-endian bytes) with recovery id `v`, as the
/// chips compute it, or why they cannot: the call returns INVALID, or the schedule meets an
/// exceptional case (`u1 = 0`, `A = ±B`, an exceptional step of a multiplication).
pub fn witness(z: &[u8; 32], sig: &[u8; 64], v: u32) -> Result<Witness, &'static str> {
    let c = &*CURVE;
    let (p, n) = (&c.p.value, &c.n.value);
    let invalid = "a secp256k1 recovery that returns INVALID";
    let z = BigUint::from_bytes_be(z);
    let r = BigUint::from_bytes_be(&sig[..32]);
    let s = BigUint::from_bytes_be(&sig[32..]);
    if v > 3 || r == BigUint::ZERO || s == BigUint::ZERO || r >= *n || s >= *n {
        return Err(invalid);
    }
    let xr = &r + if v & 2 != 0 { n.clone() } else { BigUint::ZERO };
    if xr >= *p {
        return Err(invalid);
    }
    let rhs = (&xr * &xr * &xr + 7u32) % p;
    let mut yr = rhs.modpow(&((p + 1u32) >> 2), p);
    if (&yr * &yr) % p != rhs {
        return Err(invalid);
    }
    if yr.bit(0) != (v & 1 == 1) {
        yr = p - yr;
    }
    let inv_n = |a: &BigUint| a.modpow(&(n - 2u32), n);
    let r_inv = inv_n(&r);
    let s_inv = inv_n(&s);
    let u1 = (n - (&z % n) * &r_inv % n) % n;
    let u2 = &s * &r_inv % n;
    let r_point = Point { x: xr, y: yr };
    let a = c.mul(&u1, &c.g)?;
    let b = c.mul(&u2, &r_point)?;
    if a.x == b.x {
        return Err("a secp256k1 recovery whose two products share an x (A = ±B)");
    }
    let (lam, q) = c.add(&a, &b);
    let dinv = c.inv(&c.sub(&b.x, &a.x));
    Ok(Witness {
        r_inv,
        s_inv,
        u1,
        u2,
        r_point,
        a,
        b,
        lam,
        dinv,
        q,
    })
}

/// The operands of a recovery event: the hash, the signature and the recovery id.
fn operands(event: &SyscallEvent) -> ([u8; 32], [u8; 64], u32) {
    let mut z = [0u8; 32];
    let mut sig = [0u8; 64];
    for (chunk, access) in z.chunks_exact_mut(4).zip(&event.words[..8]) {
        chunk.copy_from_slice(&access.prev.to_le_bytes());
    }
    for (chunk, access) in sig.chunks_exact_mut(4).zip(&event.words[8..24]) {
        chunk.copy_from_slice(&access.prev.to_le_bytes());
    }
    (z, sig, event.args[1].value)
}

/// The multiplications `secp256k1-mul` must prove for `events`.
pub fn mul_requests(events: &[SyscallEvent]) -> Vec<MulRequest> {
    let c = &*CURVE;
    events
        .iter()
        .flat_map(|event| {
            let (z, sig, v) = operands(event);
            let w = witness(&z, &sig, v);
            let (u1, u2, r_point) = match w {
                Ok(w) => (w.u1, w.u2, w.r_point),
                // A call the chips cannot prove: placeholder requests that fail the buses.
                Err(_) => (BigUint::from(1u32), BigUint::from(1u32), c.g.clone()),
            };
            [
                MulRequest {
                    clk: event.clk,
                    which: 0,
                    point: c.g.clone(),
                    k: u1,
                },
                MulRequest {
                    clk: event.clk,
                    which: 1,
                    point: r_point,
                    k: u2,
                },
            ]
        })
        .collect()
}

/// The `secp256k1-recover` trace for `events` (one row per call), recording its byte
/// lookups. The output is taken from the event's writes; a call the chips cannot prove gives
/// a row that fails the AIR, not a panic.
///
/// # Panics
///
/// If an event is not a `SECP256K1_RECOVER` call with 3 argument reads and 40 word accesses.
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_RECOVER_COLS), NUM_RECOVER_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_RECOVER_COLS).zip(events) {
        fill_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn fill_row(row: &mut RecoverCols<Val>, event: &SyscallEvent, bytes: &mut ByteLookups) {
    assert_eq!(
        event.number, SECP256K1_RECOVER,
        "not a SECP256K1_RECOVER call"
    );
    assert_eq!(event.args.len(), 3, "SECP256K1_RECOVER: 3 argument reads");
    assert_eq!(event.words.len(), 40, "SECP256K1_RECOVER: 40 word accesses");
    let c = &*CURVE;
    let clk = event.clk;
    let (z_be, sig, v) = operands(event);
    let mut out = [0u8; 64];
    for (chunk, access) in out.chunks_exact_mut(4).zip(&event.words[24..]) {
        chunk.copy_from_slice(&access.value.to_le_bytes());
    }
    let le = |be: &[u8]| -> [u8; 32] { core::array::from_fn(|i| be[31 - i]) };
    let (z, r, s) = (le(&z_be), le(&sig[..32]), le(&sig[32..]));
    let (qx, qy) = (le(&out[..32]), le(&out[32..]));
    let w = witness(&z_be, &sig, v).ok();

    row.is_real = Val::ONE;
    row.clk = Val::from_u32(clk);
    let ptrs = [event.a0, event.args[0].value, event.args[2].value];
    for ((ptr_cols, range), (&ptr, len)) in row
        .ptr
        .iter_mut()
        .zip(&mut row.range)
        .zip(ptrs.iter().zip([32, 64, 64]))
    {
        *ptr_cols = limbs_val(ptr);
        *range = OperandRangeCols::new(ptr, len, bytes).to_field();
    }
    row.v0 = Val::from_bool(v & 1 == 1);
    row.v1 = Val::from_bool(v & 2 == 2);

    // The accesses, their `diff_hi` checked in pairs in the AIR's order.
    let mut accesses: Vec<AccessCols<u32>> = event
        .args
        .iter()
        .map(|a| AccessCols::new(a.prev_ts, ts(clk, slot::MEMORY)))
        .collect();
    for (i, access) in event.words.iter().enumerate() {
        let slot = match i {
            0..8 => HASH_SLOT,
            8..24 => SIG_SLOT,
            _ => OUT_SLOT,
        };
        accesses.push(AccessCols::new(access.prev_ts, ts(clk, slot)));
    }
    let his: Vec<u8> = accesses.iter().map(|a| a.diff_hi as u8).collect();
    let mut fields = accesses.into_iter().map(|a| a.to_field_without_hi(bytes));
    for cols in row
        .args
        .iter_mut()
        .chain(&mut row.reads)
        .chain(&mut row.writes)
    {
        *cols = fields.next().expect("43 accesses");
    }
    for (prev, access) in row.out_prev.iter_mut().zip(&event.words[24..]) {
        *prev = limbs_val(access.prev);
    }

    let zero = BigUint::ZERO;
    let limbs = |v: &BigUint| le_limbs::<32>(v);
    let (r_inv, s_inv, u1, u2, xr, yr, ax, ay, bx, by, lam, dinv) = match &w {
        Some(w) => (
            limbs(&w.r_inv),
            limbs(&w.s_inv),
            limbs(&w.u1),
            limbs(&w.u2),
            limbs(&w.r_point.x),
            limbs(&w.r_point.y),
            limbs(&w.a.x),
            limbs(&w.a.y),
            limbs(&w.b.x),
            limbs(&w.b.y),
            limbs(&w.lam),
            limbs(&w.dinv),
        ),
        None => {
            let z = limbs(&zero);
            (z, z, z, z, z, z, z, z, z, z, z, z)
        }
    };
    let xr_big = BigUint::from_bytes_le(&xr);
    let t = limbs(&(&xr_big * &xr_big % &c.p.value));

    let mut all_bytes: Vec<u8> = Vec::new();
    let i = int_limbs;
    let one = [1i64];
    let neg = |a: &[i64]| int_scale(a, -1);
    let rel_n = [
        int_add(&int_mul(&i(&r), &i(&r_inv)), &neg(&one)),
        int_add(&int_mul(&i(&s), &i(&s_inv)), &neg(&one)),
        int_add(&i(&u1), &int_mul(&i(&z), &i(&r_inv))),
        int_add(&i(&u2), &neg(&int_mul(&i(&s), &i(&r_inv)))),
    ];
    for (cols, relation) in row.rel_n.iter_mut().zip(rel_n) {
        let (rel, q) = mod_relation_trace(&relation, &c.n, bytes);
        *cols = rel;
        all_bytes.extend(q);
    }
    let dx = int_add(&i(&bx), &neg(&i(&ax)));
    let rel_p = [
        int_add(&i(&t), &neg(&int_mul(&i(&xr), &i(&xr)))),
        int_add(
            &int_add(&int_mul(&i(&yr), &i(&yr)), &neg(&int_mul(&i(&t), &i(&xr)))),
            &[-7],
        ),
        int_add(
            &int_mul(&i(&lam), &dx),
            &neg(&int_add(&i(&by), &neg(&i(&ay)))),
        ),
        int_add(&int_mul(&i(&dinv), &dx), &neg(&one)),
        int_add(
            &int_add(&i(&qx), &neg(&int_mul(&i(&lam), &i(&lam)))),
            &int_add(&i(&ax), &i(&bx)),
        ),
        int_add(
            &int_add(
                &i(&qy),
                &neg(&int_mul(&i(&lam), &int_add(&i(&ax), &neg(&i(&qx))))),
            ),
            &i(&ay),
        ),
    ];
    for (cols, relation) in row.rel_p.iter_mut().zip(rel_p) {
        let (rel, q) = mod_relation_trace(&relation, &c.p, bytes);
        *cols = rel;
        all_bytes.extend(q);
    }
    let lts = [
        (&r, &c.n),
        (&s, &c.n),
        (&xr, &c.p),
        (&yr, &c.p),
        (&qx, &c.p),
        (&qy, &c.p),
    ];
    for (cols, (a, modulus)) in row.lt.iter_mut().zip(lts) {
        let (lt, d) = lt_const_trace(a, modulus);
        *cols = lt;
        all_bytes.extend(d);
    }
    let xr_poly: Vec<i64> = (0..32)
        .map(|k| {
            i64::from(r[k]) + i64::from(v & 2 == 2) * i64::from(c.n.limbs[k]) - i64::from(xr[k])
        })
        .collect();
    let xr_carry = carries(&xr_poly, &mut ByteLookups::default());
    row.xr_carry = core::array::from_fn(|k| signed(xr_carry[k]));
    let yr_half = yr[0] >> 1;
    row.yr_half = Val::from_u8(yr_half);

    all_bytes.extend([&z, &r, &s, &qx, &qy].into_iter().flatten());
    all_bytes.extend(
        [
            &r_inv, &s_inv, &u1, &u2, &xr, &yr, &t, &ax, &ay, &bx, &by, &lam, &dinv,
        ]
        .into_iter()
        .flatten(),
    );
    all_bytes.push(yr_half);
    bytes.record_byte_pairs(&all_bytes);
    bytes.record_byte_pairs(&his);

    let f = |v: [u8; 32]| v.map(Val::from_u8);
    row.z = f(z);
    row.r = f(r);
    row.s = f(s);
    row.qx = f(qx);
    row.qy = f(qy);
    row.r_inv = f(r_inv);
    row.s_inv = f(s_inv);
    row.u1 = f(u1);
    row.u2 = f(u2);
    row.xr = f(xr);
    row.yr = f(yr);
    row.t = f(t);
    row.ax = f(ax);
    row.ay = f(ay);
    row.bx = f(bx);
    row.by = f(by);
    row.lam = f(lam);
    row.dinv = f(dinv);
}

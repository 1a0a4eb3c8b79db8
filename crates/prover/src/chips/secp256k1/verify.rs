//! The `secp256k1-verify` table: one row per `SECP256K1_VERIFY` call that returns OK (see the
//! module docs of [`super`]).

use core::borrow::{Borrow, BorrowMut};

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::SECP256K1_VERIFY;
use num_bigint::BigUint;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::InteractionBuilder;
use p3_matrix::dense::RowMajorMatrix;

use super::curve::{CURVE, Point};
use super::mul::MulRequest;
use super::recover::be_word;
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

/// The timestamp slots of the reads: the hash at slot 0, the signature at slot 1, the key
/// (like the argument registers) at slot 2.
pub const SLOTS: [u32; 3] = [slot::RS1, slot::RS2, slot::MEMORY];

/// One verification.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VerifyCols<T> {
    pub is_real: T,
    pub clk: T,
    /// `a0` (the hash), `a1` (the signature) and `a2` (the key) as register values.
    pub ptr: [[T; 2]; 3],
    pub range: [OperandRangeCols<T>; 3],
    /// The reads of `a1` and `a2`.
    pub args: [AccessCols<T>; 2],
    /// The hash, the signature and the key as little-endian bytes (memory holds them
    /// big-endian).
    pub z: [T; 32],
    pub r: [T; 32],
    pub s: [T; 32],
    pub px: [T; 32],
    pub py: [T; 32],
    /// Reads of the hash's 8 words, the signature's 16, the key's 16.
    pub reads: [AccessCols<T>; 40],
    /// `r^-1`, `s^-1`, `u1 = z s^-1` and `u2 = r s^-1` modulo n.
    pub r_inv: [T; 32],
    pub s_inv: [T; 32],
    pub u1: [T; 32],
    pub u2: [T; 32],
    /// `px^2 mod p`.
    pub t: [T; 32],
    /// `A = [u1] G` and `B = [u2] P`, from `secp256k1-mul`.
    pub ax: [T; 32],
    pub ay: [T; 32],
    pub bx: [T; 32],
    pub by: [T; 32],
    /// The slope of `A + B`, `(bx - ax)^-1`, and `Q.x`.
    pub lam: [T; 32],
    pub dinv: [T; 32],
    pub qx: [T; 32],
    /// `qx = r + qx_high n` (boolean `qx_high`) over the integers: `qx ≡ r (mod n)`.
    pub qx_high: T,
    pub qx_carry: [T; 31],
    pub rel_n: [ModRelCols<T>; 4],
    pub rel_p: [ModRelCols<T>; 5],
    /// `r < n`, `s < n`, `px < p`, `py < p`, `qx < p`.
    pub lt: [LtConstCols<T>; 5],
}

/// Width of the `secp256k1-verify` table.
pub const NUM_VERIFY_COLS: usize = size_of::<VerifyCols<u8>>();

impl_row_borrow!(VerifyCols);

/// The `secp256k1-verify` table (see the module docs of [`super`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct VerifyAir;

impl BaseAir<Val> for VerifyAir {
    fn width(&self) -> usize {
        NUM_VERIFY_COLS
    }

    fn main_next_row_columns(&self) -> Vec<usize> {
        Vec::new()
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for VerifyAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &VerifyCols<AB::Var> = main.current_slice().borrow();
        let curve = &*CURVE;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let real = e(l.is_real);
        builder.assert_bool(real.clone());
        builder.assert_bool(l.qx_high);

        // The call: status OK.
        let [h_lo, h_hi] = l.ptr[0].map(e);
        receive_syscall(
            builder,
            [
                e(l.clk),
                c(SECP256K1_VERIFY),
                h_lo,
                h_hi,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            real.clone(),
        );
        let ts_args = ts_of(e(l.clk), slot::MEMORY);
        let mut diff_his = Vec::new();
        for (i, access) in l.args.iter().enumerate() {
            let value = l.ptr[i + 1].map(e);
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
        let [z, r, s, px, py] = [&l.z, &l.r, &l.s, &l.px, &l.py].map(|v| exprs::<AB>(v));
        let numbers = [(0, 0, &z), (1, 0, &r), (1, 8, &s), (2, 0, &px), (2, 8, &py)];
        let mut reads = l.reads.iter();
        for (k, first_word, number) in numbers {
            for w in 0..8 {
                let value = be_word(number, w);
                let addr =
                    e(l.ptr[k][0]) + e(l.ptr[k][1]) * c(1 << 16) + c(4 * (first_word + w) as u32);
                diff_his.push(memory_access_without_hi(
                    builder,
                    addr,
                    value.clone(),
                    value,
                    ts_of(e(l.clk), SLOTS[k]),
                    AB::Expr::ZERO,
                    reads.next().expect("40 reads"),
                    real.clone(),
                ));
            }
        }

        let mut bytes: Vec<AB::Expr> = Vec::new();
        let [r_inv, s_inv, u1, u2, t, ax, ay, bx, by, lam, dinv, qx] = [
            &l.r_inv, &l.s_inv, &l.u1, &l.u2, &l.t, &l.ax, &l.ay, &l.bx, &l.by, &l.lam, &l.dinv,
            &l.qx,
        ]
        .map(|v| exprs::<AB>(v));
        let one = [AB::Expr::ONE];
        // Modulo n: r r^-1 = 1, s s^-1 = 1 (r, s != 0), u1 = z s^-1, u2 = r s^-1.
        let rel_n = [
            poly_sub(&poly_mul(&r, &r_inv), &one),
            poly_sub(&poly_mul(&s, &s_inv), &one),
            poly_sub(&u1, &poly_mul(&z, &s_inv)),
            poly_sub(&u2, &poly_mul(&r, &s_inv)),
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
        // Modulo p: the key is on the curve (t = px^2, py^2 = t px + 7), then Q = A + B with
        // A != ±B: λ (bx - ax) = by - ay, dinv (bx - ax) = 1, qx = λ^2 - ax - bx.
        let dx = poly_sub(&bx, &ax);
        let rel_p = [
            poly_sub(&t, &poly_mul(&px, &px)),
            poly_sub(&poly_sub(&poly_mul(&py, &py), &poly_mul(&t, &px)), &[c(7)]),
            poly_sub(&poly_mul(&lam, &dx), &poly_sub(&by, &ay)),
            poly_sub(&poly_mul(&dinv, &dx), &one),
            poly_sub(&qx, &poly_sub(&poly_sub(&poly_mul(&lam, &lam), &ax), &bx)),
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
        let lts = [
            (&r, &curve.n),
            (&s, &curve.n),
            (&px, &curve.p),
            (&py, &curve.p),
            (&qx, &curve.p),
        ];
        for ((a, modulus), cols) in lts.into_iter().zip(&l.lt) {
            eval_lt_const(builder, a, modulus, cols, real.clone(), &mut bytes);
        }
        // The signature's equation: qx = r + qx_high n over the integers, so qx mod n = r
        // (qx < p < 2n).
        let qx_poly: Vec<AB::Expr> = (0..32)
            .map(|i| {
                r[i].clone() + e(l.qx_high) * AB::Expr::from_u8(curve.n.limbs[i]) - qx[i].clone()
            })
            .collect();
        for &carry in &l.qx_carry {
            builder.assert_bool(carry);
        }
        assert_zero_at_256(builder, qx_poly, &l.qx_carry, real.clone());

        bytes.extend([&z, &r, &s, &px, &py].into_iter().flatten().cloned());
        bytes.extend(
            [
                &r_inv, &s_inv, &u1, &u2, &t, &ax, &ay, &bx, &by, &lam, &dinv, &qx,
            ]
            .into_iter()
            .flatten()
            .cloned(),
        );
        lookup_byte_pairs(builder, &bytes, real.clone());
        lookup_byte_pairs(builder, &diff_his, real.clone());

        // A = [u1] G and B = [u2] P.
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
        buses.request(builder, e(l.clk), 1, [&px, &py], &u2, [&bx, &by], real);
    }
}

impl ProverAir for VerifyAir {
    fn name(&self) -> String {
        "secp256k1-verify".into()
    }
}

/// Everything a verification's row holds beyond its operands.
#[derive(Clone, Debug)]
pub struct Witness {
    pub r_inv: BigUint,
    pub s_inv: BigUint,
    pub u1: BigUint,
    pub u2: BigUint,
    pub a: Point,
    pub b: Point,
    pub lam: BigUint,
    pub dinv: BigUint,
    pub qx: BigUint,
}

/// The verification of `r ‖ s` on hash `z` under the key `x ‖ y` (big-endian bytes), as the
/// chips compute it, or why they cannot: the call does not return OK, or the schedule meets
/// an exceptional case.
pub fn witness(z: &[u8; 32], sig: &[u8; 64], key: &[u8; 64]) -> Result<Witness, &'static str> {
    let c = &*CURVE;
    let n = &c.n.value;
    let not_ok = "a secp256k1 verification that does not return OK";
    let z = BigUint::from_bytes_be(z);
    let r = BigUint::from_bytes_be(&sig[..32]);
    let s = BigUint::from_bytes_be(&sig[32..]);
    let key = Point {
        x: BigUint::from_bytes_be(&key[..32]),
        y: BigUint::from_bytes_be(&key[32..]),
    };
    if !c.contains(&key) || r == BigUint::ZERO || s == BigUint::ZERO || r >= *n || s >= *n {
        return Err(not_ok);
    }
    let inv_n = |a: &BigUint| a.modpow(&(n - 2u32), n);
    let r_inv = inv_n(&r);
    let s_inv = inv_n(&s);
    let u1 = (&z % n) * &s_inv % n;
    let u2 = &r * &s_inv % n;
    let a = c.mul(&u1, &c.g)?;
    let b = c.mul(&u2, &key)?;
    if a.x == b.x {
        return Err("a secp256k1 verification whose two products share an x (A = ±B)");
    }
    let (lam, q) = c.add(&a, &b);
    if &q.x % n != r {
        return Err(not_ok);
    }
    let dinv = c.inv(&c.sub(&b.x, &a.x));
    Ok(Witness {
        r_inv,
        s_inv,
        u1,
        u2,
        a,
        b,
        lam,
        dinv,
        qx: q.x,
    })
}

/// The operands of a verification event: the hash, the signature and the key.
fn operands(event: &SyscallEvent) -> ([u8; 32], [u8; 64], [u8; 64]) {
    let bytes = |accesses: &[crate::record::MemoryAccess], out: &mut [u8]| {
        for (chunk, access) in out.chunks_exact_mut(4).zip(accesses) {
            chunk.copy_from_slice(&access.prev.to_le_bytes());
        }
    };
    let (mut z, mut sig, mut key) = ([0u8; 32], [0u8; 64], [0u8; 64]);
    bytes(&event.words[..8], &mut z);
    bytes(&event.words[8..24], &mut sig);
    bytes(&event.words[24..40], &mut key);
    (z, sig, key)
}

/// The multiplications `secp256k1-mul` must prove for `events`.
pub fn mul_requests(events: &[SyscallEvent]) -> Vec<MulRequest> {
    let c = &*CURVE;
    events
        .iter()
        .flat_map(|event| {
            let (z, sig, key) = operands(event);
            let (u1, u2) = match witness(&z, &sig, &key) {
                Ok(w) => (w.u1, w.u2),
                // A call the chips cannot prove: placeholder requests that fail the buses.
                Err(_) => (BigUint::from(1u32), BigUint::from(1u32)),
            };
            let key = Point {
                x: BigUint::from_bytes_be(&key[..32]),
                y: BigUint::from_bytes_be(&key[32..]),
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
                    point: key,
                    k: u2,
                },
            ]
        })
        .collect()
}

/// The `secp256k1-verify` trace for `events` (one row per call), recording its byte lookups.
/// A call the chips cannot prove gives a row that fails the AIR, not a panic.
///
/// # Panics
///
/// If an event is not a `SECP256K1_VERIFY` call with 2 argument reads and 40 word reads.
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_VERIFY_COLS), NUM_VERIFY_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_VERIFY_COLS).zip(events) {
        fill_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn fill_row(row: &mut VerifyCols<Val>, event: &SyscallEvent, bytes: &mut ByteLookups) {
    assert_eq!(
        event.number, SECP256K1_VERIFY,
        "not a SECP256K1_VERIFY call"
    );
    assert_eq!(event.args.len(), 2, "SECP256K1_VERIFY: 2 argument reads");
    assert_eq!(event.words.len(), 40, "SECP256K1_VERIFY: 40 word reads");
    let c = &*CURVE;
    let clk = event.clk;
    let (z_be, sig, key) = operands(event);
    let le = |be: &[u8]| -> [u8; 32] { core::array::from_fn(|i| be[31 - i]) };
    let (z, r, s) = (le(&z_be), le(&sig[..32]), le(&sig[32..]));
    let (px, py) = (le(&key[..32]), le(&key[32..]));
    let w = witness(&z_be, &sig, &key).ok();

    row.is_real = Val::ONE;
    row.clk = Val::from_u32(clk);
    let ptrs = [event.a0, event.args[0].value, event.args[1].value];
    for ((ptr_cols, range), (&ptr, len)) in row
        .ptr
        .iter_mut()
        .zip(&mut row.range)
        .zip(ptrs.iter().zip([32, 64, 64]))
    {
        *ptr_cols = limbs_val(ptr);
        *range = OperandRangeCols::new(ptr, len, bytes).to_field();
    }
    let mut accesses: Vec<AccessCols<u32>> = event
        .args
        .iter()
        .map(|a| AccessCols::new(a.prev_ts, ts(clk, slot::MEMORY)))
        .collect();
    for (i, access) in event.words.iter().enumerate() {
        let slot = SLOTS[match i {
            0..8 => 0,
            8..24 => 1,
            _ => 2,
        }];
        accesses.push(AccessCols::new(access.prev_ts, ts(clk, slot)));
    }
    let his: Vec<u8> = accesses.iter().map(|a| a.diff_hi as u8).collect();
    let mut fields = accesses.into_iter().map(|a| a.to_field_without_hi(bytes));
    for cols in row.args.iter_mut().chain(&mut row.reads) {
        *cols = fields.next().expect("42 accesses");
    }

    let limbs = |v: &BigUint| le_limbs::<32>(v);
    let zero = [0u8; 32];
    let (r_inv, s_inv, u1, u2, ax, ay, bx, by, lam, dinv, qx) = match &w {
        Some(w) => (
            limbs(&w.r_inv),
            limbs(&w.s_inv),
            limbs(&w.u1),
            limbs(&w.u2),
            limbs(&w.a.x),
            limbs(&w.a.y),
            limbs(&w.b.x),
            limbs(&w.b.y),
            limbs(&w.lam),
            limbs(&w.dinv),
            limbs(&w.qx),
        ),
        None => (
            zero, zero, zero, zero, zero, zero, zero, zero, zero, zero, zero,
        ),
    };
    let px_big = BigUint::from_bytes_le(&px);
    let t = limbs(&(&px_big * &px_big % &c.p.value));
    let qx_high = BigUint::from_bytes_le(&qx) >= c.n.value;

    let mut all_bytes: Vec<u8> = Vec::new();
    let i = int_limbs;
    let one = [1i64];
    let neg = |a: &[i64]| int_scale(a, -1);
    let rel_n = [
        int_add(&int_mul(&i(&r), &i(&r_inv)), &neg(&one)),
        int_add(&int_mul(&i(&s), &i(&s_inv)), &neg(&one)),
        int_add(&i(&u1), &neg(&int_mul(&i(&z), &i(&s_inv)))),
        int_add(&i(&u2), &neg(&int_mul(&i(&r), &i(&s_inv)))),
    ];
    for (cols, relation) in row.rel_n.iter_mut().zip(rel_n) {
        let (rel, q) = mod_relation_trace(&relation, &c.n, bytes);
        *cols = rel;
        all_bytes.extend(q);
    }
    let dx = int_add(&i(&bx), &neg(&i(&ax)));
    let rel_p = [
        int_add(&i(&t), &neg(&int_mul(&i(&px), &i(&px)))),
        int_add(
            &int_add(&int_mul(&i(&py), &i(&py)), &neg(&int_mul(&i(&t), &i(&px)))),
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
    ];
    for (cols, relation) in row.rel_p.iter_mut().zip(rel_p) {
        let (rel, q) = mod_relation_trace(&relation, &c.p, bytes);
        *cols = rel;
        all_bytes.extend(q);
    }
    let lts = [
        (&r, &c.n),
        (&s, &c.n),
        (&px, &c.p),
        (&py, &c.p),
        (&qx, &c.p),
    ];
    for (cols, (a, modulus)) in row.lt.iter_mut().zip(lts) {
        let (lt, d) = lt_const_trace(a, modulus);
        *cols = lt;
        all_bytes.extend(d);
    }
    let qx_poly: Vec<i64> = (0..32)
        .map(|k| i64::from(r[k]) + i64::from(qx_high) * i64::from(c.n.limbs[k]) - i64::from(qx[k]))
        .collect();
    let qx_carry = carries(&qx_poly, &mut ByteLookups::default());
    row.qx_carry = core::array::from_fn(|k| signed(qx_carry[k]));
    row.qx_high = Val::from_bool(qx_high);

    all_bytes.extend([&z, &r, &s, &px, &py].into_iter().flatten());
    all_bytes.extend(
        [
            &r_inv, &s_inv, &u1, &u2, &t, &ax, &ay, &bx, &by, &lam, &dinv, &qx,
        ]
        .into_iter()
        .flatten(),
    );
    bytes.record_byte_pairs(&all_bytes);
    bytes.record_byte_pairs(&his);

    let f = |v: [u8; 32]| v.map(Val::from_u8);
    row.z = f(z);
    row.r = f(r);
    row.s = f(s);
    row.px = f(px);
    row.py = f(py);
    row.r_inv = f(r_inv);
    row.s_inv = f(s_inv);
    row.u1 = f(u1);
    row.u2 = f(u2);
    row.t = f(t);
    row.ax = f(ax);
    row.ay = f(ay);
    row.bx = f(bx);
    row.by = f(by);
    row.lam = f(lam);
    row.dinv = f(dinv);
    row.qx = f(qx);
}

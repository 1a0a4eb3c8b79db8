//! The `ed25519-verify` table: one row per `ED25519_VERIFY` call that returns OK (see the
//! module docs of [`super`]).

use core::borrow::{Borrow, BorrowMut};

use gluecp_abi::ecall::REG_ARGS;
use gluecp_abi::ecall::coprocessor::ED25519_VERIFY;
use num_bigint::BigUint;
use p3_air::{Air, BaseAir, WindowAccess};
use p3_field::{Field, PrimeCharacteristicRing};
use p3_lookup::{Count, InteractionBuilder};
use p3_matrix::dense::RowMajorMatrix;
use sha2::{Digest, Sha512};

use super::curve::{CURVE, Point};
use super::feeder::{HASH_BUS, HashInput, MESSAGE_BUS};
use super::mul::EdMulRequest;
use crate::bus::{
    AccessCols, MEM_END, MEM_START, OperandRangeCols, eval_operand_range, limbs_val,
    memory_access_without_hi, receive_syscall, slot, ts, ts_of,
};
use crate::chips::bigint::{
    LtConstCols, ModRelCols, assert_zero_at_256, carries, eval_lt_const, eval_mod_relation, exprs,
    int_add, int_limbs, int_mul, int_scale, le_limbs, lt_const_trace, mod_relation_trace, poly_mul,
    poly_mul_const, poly_sub, signed,
};
use crate::chips::byte::{ByteLookups, ByteOp, lookup_byte_pairs, lookup_byte_range, lookup_u16};
use crate::chips::impl_row_borrow;
use crate::config::Val;
use crate::harness::ProverAir;
use crate::record::SyscallEvent;

/// The key's words are read at slot 0, the signature's at slot 1 (the message's, by
/// `ed25519-word`, and the argument registers at slot 2).
pub const KEY_SLOT: u32 = slot::RS1;
pub const SIG_SLOT: u32 = slot::RS2;

/// Relations per row, all modulo p but the challenge's (modulo ℓ).
pub const RELATIONS: usize = 22;

/// One verification.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VerifyCols<T> {
    pub is_real: T,
    pub clk: T,
    /// `a0` (key), `a1` (signature), `a2` (message) as register values, and `a3` (length).
    pub ptr: [[T; 2]; 3],
    pub len: [T; 2],
    pub range: [OperandRangeCols<T>; 2],
    /// The message is empty (any pointer); otherwise `len_inv = 1 / len` and the message
    /// lies in memory (`msg_hi`: the high limbs of `ptr - MEM_START` and `MEM_END - len -
    /// ptr`).
    pub empty: T,
    pub len_inv: T,
    pub msg_hi: [T; 2],
    pub args: [AccessCols<T>; 3],
    /// The key, `R` and `s` bytes (little-endian, as memory holds them).
    pub kb: [T; 32],
    pub rb: [T; 32],
    pub sb: [T; 32],
    pub reads: [AccessCols<T>; 24],
    /// A: `kb[31] = 128 sign_a + top_a`, `y = kb mod 2^255` reduced mod p (`y_raw = ya +
    /// wrap p`), `x` with parity `sign_a`.
    pub sign_a: T,
    pub top_a: T,
    pub ya: [T; 32],
    pub wrap: T,
    pub ya_carry: [T; 31],
    pub xa: [T; 32],
    pub xa_half: T,
    pub ua: [T; 32],
    pub va: [T; 32],
    pub xxa: [T; 32],
    /// Small-order test of A: `y (u - 1)(d u^2 + 2u - 1)` has an inverse.
    pub uua: [T; 32],
    pub ga: [T; 32],
    pub m1a: [T; 32],
    pub m2a: [T; 32],
    pub inva: [T; 32],
    /// The digest's bytes and `k = digest mod ℓ`.
    pub hash: [T; 64],
    pub k: [T; 32],
    /// `[s] B` and `[k] A`.
    pub sbx: [T; 32],
    pub sby: [T; 32],
    pub kax: [T; 32],
    pub kay: [T; 32],
    /// `R' = [s] B - [k] A` and its witnesses; its encoding is `R`'s bytes.
    pub t: [T; 32],
    pub u: [T; 32],
    pub w: [T; 32],
    pub v: [T; 32],
    pub xr: [T; 32],
    pub yr: [T; 32],
    pub sign_r: T,
    pub xr_half: T,
    /// Small-order test of R'.
    pub ur: [T; 32],
    pub uur: [T; 32],
    pub gr: [T; 32],
    pub m1r: [T; 32],
    pub m2r: [T; 32],
    pub invr: [T; 32],
    pub rel: [ModRelCols<T>; RELATIONS],
    /// `ya < p`, `xa < p`, `s < ℓ`, `xr < p`, `yr < p`.
    pub lt: [LtConstCols<T>; 5],
}

/// Width of the `ed25519-verify` table.
pub const NUM_VERIFY_COLS: usize = size_of::<VerifyCols<u8>>();

impl_row_borrow!(VerifyCols);

/// The `ed25519-verify` table.
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

/// `E`'s of the small-order test `y (u - 1)(d u^2 + 2u - 1) != 0` with `u = y^2` given:
/// `uu = u^2`, `g = d uu + 2u - 1`, `m1 = (u - 1) g`, `m2 = y m1`, `inv m2 = 1`.
#[allow(clippy::too_many_arguments)]
fn small_order_relations<E: PrimeCharacteristicRing>(
    y: &[E],
    u: &[E],
    uu: &[E],
    g: &[E],
    m1: &[E],
    m2: &[E],
    inv: &[E],
    d: &[u8; 32],
) -> [Vec<E>; 5] {
    let one = [E::ONE];
    let two_u: Vec<E> = u.iter().map(|x| x.clone() * E::TWO).collect();
    [
        poly_sub(uu, &poly_mul(u, u)),
        poly_sub(
            &poly_sub(g, &poly_mul_const(uu, d)),
            &poly_sub(&two_u, &one),
        ),
        poly_sub(m1, &poly_mul(&poly_sub(u, &one), g)),
        poly_sub(m2, &poly_mul(y, m1)),
        poly_sub(&poly_mul(inv, m2), &one),
    ]
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for VerifyAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &VerifyCols<AB::Var> = main.current_slice().borrow();
        let curve = &*CURVE;
        let c = |v: u32| AB::Expr::from_u32(v);
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let one = AB::Expr::ONE;
        let real = e(l.is_real);
        for flag in [l.is_real, l.empty, l.sign_a, l.wrap, l.sign_r] {
            builder.assert_bool(flag);
        }

        // The call: status OK; a1 = signature, a2 = message, a3 = length.
        let [k_lo, k_hi] = l.ptr[0].map(e);
        receive_syscall(
            builder,
            [
                e(l.clk),
                c(ED25519_VERIFY),
                k_lo,
                k_hi,
                AB::Expr::ZERO,
                AB::Expr::ZERO,
            ],
            real.clone(),
        );
        let ts_args = ts_of(e(l.clk), slot::MEMORY);
        let values = [l.ptr[1].map(e), l.ptr[2].map(e), l.len.map(e)];
        let mut diff_his = Vec::new();
        for ((i, value), access) in values.into_iter().enumerate().zip(&l.args) {
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
        for ((ptr, range), len) in l.ptr.iter().zip(&l.range).zip([32, 64]) {
            eval_operand_range(builder, ptr.map(e), len, range, real.clone());
        }
        // The message: empty, or inside memory; its length below 2^24.
        let len = e(l.len[0]) + e(l.len[1]) * c(1 << 16);
        let empty = e(l.empty);
        builder.assert_zero(empty.clone() * len.clone());
        let nonempty = real.clone() - empty;
        builder.assert_zero(nonempty.clone() * (len.clone() * e(l.len_inv) - one.clone()));
        lookup_byte_range(builder, e(l.len[1]), AB::Expr::ZERO, real.clone());
        let msg_ptr = e(l.ptr[2][0]) + e(l.ptr[2][1]) * c(1 << 16);
        let diffs = [
            msg_ptr.clone() - c(MEM_START),
            c(MEM_END) - len.clone() - msg_ptr.clone(),
        ];
        for (diff, hi) in diffs.into_iter().zip(l.msg_hi) {
            lookup_u16(builder, diff - e(hi) * c(1 << 16), nonempty.clone());
            lookup_u16(builder, e(hi) * c(8), nonempty.clone());
        }

        // The key and the signature, read as words.
        let [kb, rb, sb] = [&l.kb, &l.rb, &l.sb].map(|v| exprs::<AB>(v));
        let word = |b: &[AB::Expr], w: usize| {
            [
                b[4 * w].clone() + b[4 * w + 1].clone() * c(256),
                b[4 * w + 2].clone() + b[4 * w + 3].clone() * c(256),
            ]
        };
        let mut reads = l.reads.iter();
        for (k, slot_, bytes, first_word) in [
            (0, KEY_SLOT, &kb, 0),
            (1, SIG_SLOT, &rb, 0),
            (1, SIG_SLOT, &sb, 8),
        ] {
            for w in 0..8 {
                let value = word(bytes, w);
                let addr =
                    e(l.ptr[k][0]) + e(l.ptr[k][1]) * c(1 << 16) + c(4 * (first_word + w) as u32);
                diff_his.push(memory_access_without_hi(
                    builder,
                    addr,
                    value.clone(),
                    value,
                    ts_of(e(l.clk), slot_),
                    AB::Expr::ZERO,
                    reads.next().expect("24 reads"),
                    real.clone(),
                ));
            }
        }

        let mut bytes: Vec<AB::Expr> = Vec::new();
        let all = |v: &[AB::Var; 32]| exprs::<AB>(v);
        let (ya, xa, ua, va, xxa) = (all(&l.ya), all(&l.xa), all(&l.ua), all(&l.va), all(&l.xxa));
        let (uua, ga, m1a, m2a, inva) = (
            all(&l.uua),
            all(&l.ga),
            all(&l.m1a),
            all(&l.m2a),
            all(&l.inva),
        );
        let hash = exprs::<AB>(&l.hash);
        let k = all(&l.k);
        let (sbx, sby, kax, kay) = (all(&l.sbx), all(&l.sby), all(&l.kax), all(&l.kay));
        let (t, u, w, v, xr, yr) = (
            all(&l.t),
            all(&l.u),
            all(&l.w),
            all(&l.v),
            all(&l.xr),
            all(&l.yr),
        );
        let (ur, uur, gr, m1r, m2r, invr) = (
            all(&l.ur),
            all(&l.uur),
            all(&l.gr),
            all(&l.m1r),
            all(&l.m2r),
            all(&l.invr),
        );
        let ones = [one.clone()];
        let d = &curve.d_limbs;

        // A's y: the key's low 255 bits, reduced mod p (ya + wrap p = raw, ya < p).
        builder.assert_eq(kb[31].clone(), e(l.sign_a) * c(128) + e(l.top_a));
        let raw: Vec<AB::Expr> = (0..32)
            .map(|i| if i == 31 { e(l.top_a) } else { kb[i].clone() })
            .collect();
        let ya_poly: Vec<AB::Expr> = (0..32)
            .map(|i| {
                ya[i].clone() + e(l.wrap) * AB::Expr::from_u8(curve.p.limbs[i]) - raw[i].clone()
            })
            .collect();
        for &carry in &l.ya_carry {
            builder.assert_bool(carry);
        }
        assert_zero_at_256(builder, ya_poly, &l.ya_carry, real.clone());
        // x: x^2 (d y^2 + 1) = y^2 - 1, x < p with parity sign_a.
        builder.assert_zero(real.clone() * (xa[0].clone() - e(l.xa_half) * c(2) - e(l.sign_a)));
        // R': its encoding is R's bytes.
        for i in 0..31 {
            builder.assert_zero(real.clone() * (rb[i].clone() - yr[i].clone()));
        }
        builder
            .assert_zero(real.clone() * (rb[31].clone() - e(l.sign_r) * c(128) - yr[31].clone()));
        builder.assert_zero(real.clone() * (xr[0].clone() - e(l.xr_half) * c(2) - e(l.sign_r)));

        let mut relations: Vec<(Vec<AB::Expr>, bool)> = vec![
            (poly_sub(&ua, &poly_mul(&ya, &ya)), true),
            (poly_sub(&va, &poly_mul_const(&ua, d)), true),
            (poly_sub(&xxa, &poly_mul(&xa, &xa)), true),
            (
                poly_sub(
                    &poly_sub(&poly_mul(&xxa, &va), &poly_sub(&[], &xxa)),
                    &poly_sub(&ua, &ones),
                ),
                true,
            ),
        ];
        relations.extend(
            small_order_relations(&ya, &ua, &uua, &ga, &m1a, &m2a, &inva, d).map(|r| (r, true)),
        );
        // k = the digest (a little-endian number) mod ℓ.
        relations.push((poly_sub(&k, &hash), false));
        // R' = [s] B + (-[k] A).
        relations.extend([
            (poly_sub(&t, &poly_sub(&[], &poly_mul(&sbx, &kax))), true),
            (poly_sub(&u, &poly_mul(&sby, &kay)), true),
            (poly_sub(&w, &poly_mul(&t, &u)), true),
            (poly_sub(&v, &poly_mul_const(&w, d)), true),
            (
                poly_sub(
                    &poly_sub(&xr, &poly_sub(&poly_mul(&sbx, &kay), &poly_mul(&sby, &kax))),
                    &poly_sub(&[], &poly_mul(&xr, &v)),
                ),
                true,
            ),
            (
                poly_sub(
                    &poly_sub(&yr, &poly_mul(&yr, &v)),
                    &poly_sub(&u, &poly_sub(&[], &t)),
                ),
                true,
            ),
            (poly_sub(&ur, &poly_mul(&yr, &yr)), true),
        ]);
        relations.extend(
            small_order_relations(&yr, &ur, &uur, &gr, &m1r, &m2r, &invr, d).map(|r| (r, true)),
        );
        assert_eq!(relations.len(), RELATIONS);
        for ((relation, mod_p), cols) in relations.into_iter().zip(&l.rel) {
            let modulus = if mod_p { &curve.p } else { &curve.l };
            eval_mod_relation(
                builder,
                relation,
                modulus,
                cols,
                real.clone(),
                real.clone(),
                &mut bytes,
            );
        }
        let lts = [
            (&ya, &curve.p),
            (&xa, &curve.p),
            (&sb, &curve.l),
            (&xr, &curve.p),
            (&yr, &curve.p),
        ];
        for ((a, modulus), cols) in lts.into_iter().zip(&l.lt) {
            eval_lt_const(builder, a, modulus, cols, real.clone(), &mut bytes);
        }

        bytes.extend([&kb, &rb, &sb].into_iter().flatten().cloned());
        bytes.extend(
            [
                &ya, &xa, &ua, &va, &xxa, &uua, &ga, &m1a, &m2a, &inva, &k, &sbx, &sby, &kax, &kay,
                &t, &u, &w, &v, &xr, &yr, &ur, &uur, &gr, &m1r, &m2r, &invr,
            ]
            .into_iter()
            .flatten()
            .cloned(),
        );
        bytes.extend(hash.iter().cloned());
        bytes.extend([e(l.top_a) * c(2), e(l.xa_half), e(l.xr_half)]);
        lookup_byte_pairs(builder, &bytes, real.clone());
        lookup_byte_pairs(builder, &diff_his, real.clone());

        // The hash input goes to the call's first block; the digest comes from its last.
        MESSAGE_BUS.send(
            builder,
            [e(l.clk), len, msg_ptr]
                .into_iter()
                .chain(rb.iter().cloned())
                .chain(kb.iter().cloned())
                .collect::<Vec<_>>(),
            Count::bounded(real.clone(), 1),
        );
        let digest_limbs = (0..8).flat_map(|wd| {
            let hash = &hash;
            (0..4).map(move |j| {
                hash[8 * wd + 7 - 2 * j].clone() + hash[8 * wd + 6 - 2 * j].clone() * c(256)
            })
        });
        HASH_BUS.receive(
            builder,
            core::iter::once(e(l.clk))
                .chain(digest_limbs)
                .collect::<Vec<_>>(),
            Count::bounded(real.clone(), 1),
        );
        // [s] B and [k] A.
        let b = curve.b.limbs().map(|c| c.map(AB::Expr::from_u8));
        let buses = &super::mul::BUSES;
        buses.request(
            builder,
            e(l.clk),
            0,
            [&b[0], &b[1]],
            &sb,
            [&sbx, &sby],
            real.clone(),
        );
        buses.request(builder, e(l.clk), 1, [&xa, &ya], &k, [&kax, &kay], real);
    }
}

impl ProverAir for VerifyAir {
    fn name(&self) -> String {
        "ed25519-verify".into()
    }
}

/// A verification's values beyond its operands.
#[derive(Clone, Debug)]
pub struct Witness {
    pub a: Point,
    pub wrap: bool,
    pub digest: [u8; 64],
    pub k: BigUint,
    pub sb: Point,
    pub ka: Point,
    pub r: Point,
}

/// `sqrt(a) mod p` for `p = 2^255 - 19`, if `a` is a square.
fn sqrt(a: &BigUint) -> Option<BigUint> {
    let c = &*CURVE;
    let p = &c.p.value;
    let x = a.modpow(&((p + 3u32) >> 3), p);
    if (&x * &x) % p == *a {
        return Some(x);
    }
    let i = BigUint::from(2u32).modpow(&((p - 1u32) >> 2), p);
    let x = x * i % p;
    ((&x * &x) % p == *a).then_some(x)
}

/// Whether `y (y^2 - 1)(d y^4 + 2 y^2 - 1) = 0`: a point of the curve with this `y` has small
/// order.
pub fn small_order_y(y: &BigUint) -> bool {
    let c = &*CURVE;
    let p = &c.p.value;
    let u = y * y % p;
    let g = (&c.d * &u % p * &u + 2u32 * &u + p - 1u32) % p;
    (y * ((&u + p - 1u32) % p) % p * g) % p == BigUint::ZERO
}

/// The verification as the chips compute it, or why they cannot: the call does not return
/// OK.
pub fn witness(key: &[u8; 32], sig: &[u8; 64], message: &[u8]) -> Result<Witness, &'static str> {
    let c = &*CURVE;
    let p = &c.p.value;
    let not_ok = "an ed25519 verification that does not return OK";
    let mut y_bytes = *key;
    y_bytes[31] &= 0x7f;
    let raw = BigUint::from_bytes_le(&y_bytes);
    let wrap = raw >= *p;
    let y = &raw % p;
    let u = &y * &y % p;
    let v = (&c.d * &u + 1u32) % p;
    let ratio = (&u + p - 1u32) % p * c.inv(&v) % p;
    let mut x = sqrt(&ratio).ok_or(not_ok)?;
    if x == BigUint::ZERO {
        return Err(not_ok);
    }
    if x.bit(0) != (key[31] >> 7 == 1) {
        x = p - x;
    }
    let a = Point { x, y };
    let s = BigUint::from_bytes_le(&sig[32..]);
    if small_order_y(&a.y) || s >= c.l.value {
        return Err(not_ok);
    }
    let mut hasher = Sha512::new();
    hasher.update(&sig[..32]);
    hasher.update(key);
    hasher.update(message);
    let digest: [u8; 64] = hasher.finalize().into();
    let k = BigUint::from_bytes_le(&digest) % &c.l.value;
    let sb = c.mul(&s, &c.b);
    let ka = c.mul(&k, &a);
    let minus_ka = Point {
        x: c.sub(&BigUint::ZERO, &ka.x),
        y: ka.y.clone(),
    };
    let r = c.add(&sb, &minus_ka).sum;
    let mut encoding = le_limbs::<32>(&r.y);
    encoding[31] |= u8::from(r.x.bit(0)) << 7;
    if encoding[..] != sig[..32] || small_order_y(&r.y) {
        return Err(not_ok);
    }
    Ok(Witness {
        a,
        wrap,
        digest,
        k,
        sb,
        ka,
        r,
    })
}

/// The operands of a verification event: key, signature, message (from its word reads).
pub fn operands(event: &SyscallEvent) -> ([u8; 32], [u8; 64], Vec<u8>, u32, u32) {
    let (mut key, mut sig) = ([0u8; 32], [0u8; 64]);
    for (chunk, access) in key.chunks_exact_mut(4).zip(&event.words[..8]) {
        chunk.copy_from_slice(&access.prev.to_le_bytes());
    }
    for (chunk, access) in sig.chunks_exact_mut(4).zip(&event.words[8..24]) {
        chunk.copy_from_slice(&access.prev.to_le_bytes());
    }
    let (ptr, len) = (event.args[1].value, event.args[2].value);
    // The message's words are read in address order from the one holding `ptr`.
    let words = &event.words[24..];
    let message = (0..len)
        .map(|i| {
            let addr = ptr.wrapping_add(i);
            let index = ((addr & !3).wrapping_sub(ptr & !3) / 4) as usize;
            let word = words.get(index).map_or(0, |w| w.prev);
            (word >> (8 * (addr & 3))) as u8
        })
        .collect();
    (key, sig, message, ptr, len)
}

/// The hash inputs and multiplications the other tables prove for `events`.
pub fn requests(events: &[SyscallEvent]) -> (Vec<HashInput>, Vec<EdMulRequest>) {
    let c = &*CURVE;
    let mut inputs = Vec::new();
    let mut muls = Vec::new();
    for event in events {
        let (key, sig, message, ptr, _) = operands(event);
        let mut prefix = [0u8; 64];
        prefix[..32].copy_from_slice(&sig[..32]);
        prefix[32..].copy_from_slice(&key);
        inputs.push(HashInput {
            clk: event.clk,
            ptr,
            prefix,
            message: message.clone(),
        });
        let (a, k) = match witness(&key, &sig, &message) {
            Ok(w) => (w.a, w.k),
            // A call the chips cannot prove: placeholder requests that fail the buses.
            Err(_) => (c.b.clone(), BigUint::ZERO),
        };
        muls.push(EdMulRequest {
            clk: event.clk,
            which: 0,
            point: c.b.clone(),
            k: BigUint::from_bytes_le(&sig[32..]),
        });
        muls.push(EdMulRequest {
            clk: event.clk,
            which: 1,
            point: a,
            k,
        });
    }
    (inputs, muls)
}

/// The `ed25519-verify` trace for `events` (one row per call), recording its byte lookups.
///
/// # Panics
///
/// If an event is not an `ED25519_VERIFY` call with 3 argument reads and 24 key and
/// signature reads first.
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let height = events.len().next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_VERIFY_COLS), NUM_VERIFY_COLS);
    for (row, event) in trace.values.chunks_exact_mut(NUM_VERIFY_COLS).zip(events) {
        fill_row(row.borrow_mut(), event, bytes);
    }
    trace
}

fn fill_row(row: &mut VerifyCols<Val>, event: &SyscallEvent, bytes: &mut ByteLookups) {
    assert_eq!(event.number, ED25519_VERIFY, "not an ED25519_VERIFY call");
    assert_eq!(event.args.len(), 3, "ED25519_VERIFY: 3 argument reads");
    assert!(
        event.words.len() >= 24,
        "ED25519_VERIFY: key and signature reads"
    );
    let c = &*CURVE;
    let p = &c.p.value;
    let clk = event.clk;
    let (key, sig, message, msg_ptr, len) = operands(event);
    let w = witness(&key, &sig, &message).ok();

    row.is_real = Val::ONE;
    row.clk = Val::from_u32(clk);
    let ptrs = [event.a0, event.args[0].value, msg_ptr];
    for (cols, &ptr) in row.ptr.iter_mut().zip(&ptrs) {
        *cols = limbs_val(ptr);
    }
    row.len = limbs_val(len);
    for ((range, &ptr), size) in row.range.iter_mut().zip(&ptrs).zip([32, 64]) {
        *range = OperandRangeCols::new(ptr, size, bytes).to_field();
    }
    row.empty = Val::from_bool(len == 0);
    row.len_inv = Val::from_u32(len).try_inverse().unwrap_or(Val::ZERO);
    bytes.record(ByteOp::Range, (len >> 16) as u8, 0);
    if len > 0 {
        let diffs = [
            msg_ptr.wrapping_sub(MEM_START),
            MEM_END.wrapping_sub(len).wrapping_sub(msg_ptr),
        ];
        for (hi, diff) in row.msg_hi.iter_mut().zip(diffs) {
            *hi = Val::from_u32(diff >> 16);
            if diff < MEM_END {
                bytes.record_u16(diff as u16);
                bytes.record_u16((8 * (diff >> 16)) as u16);
            }
        }
    }
    let mut accesses: Vec<AccessCols<u32>> = event
        .args
        .iter()
        .map(|a| AccessCols::new(a.prev_ts, ts(clk, slot::MEMORY)))
        .collect();
    for (i, access) in event.words[..24].iter().enumerate() {
        let slot_ = if i < 8 { KEY_SLOT } else { SIG_SLOT };
        accesses.push(AccessCols::new(access.prev_ts, ts(clk, slot_)));
    }
    let his: Vec<u8> = accesses.iter().map(|a| a.diff_hi as u8).collect();
    let mut fields = accesses.into_iter().map(|a| a.to_field_without_hi(bytes));
    for cols in row.args.iter_mut().chain(&mut row.reads) {
        *cols = fields.next().expect("27 accesses");
    }

    let limbs = |v: &BigUint| le_limbs::<32>(v);
    let zero = BigUint::ZERO;
    let (a, wrap, digest, k, sbp, kap, rp) = match &w {
        Some(w) => (
            w.a.clone(),
            w.wrap,
            w.digest,
            w.k.clone(),
            w.sb.clone(),
            w.ka.clone(),
            w.r.clone(),
        ),
        None => {
            let o = Point::identity();
            (
                o.clone(),
                false,
                [0u8; 64],
                zero.clone(),
                o.clone(),
                o.clone(),
                o,
            )
        }
    };
    let m = |x: BigUint| x % p;
    let ua = m(&a.y * &a.y);
    let va = m(&c.d * &ua);
    let xxa = m(&a.x * &a.x);
    let small = |y: &BigUint, u: &BigUint| {
        let uu = m(u * u);
        let g = m(&c.d * &uu + 2u32 * u + p - 1u32);
        let m1 = m(m(u + p - 1u32) * &g);
        let m2 = m(y * &m1);
        let inv = c.inv(&m2);
        [uu, g, m1, m2, inv]
    };
    let [uua, ga, m1a, m2a, inva] = small(&a.y, &ua);
    let t = m(c.sub(&zero, &m(&sbp.x * &kap.x)));
    let u = m(&sbp.y * &kap.y);
    let ww = m(&t * &u);
    let v = m(&c.d * &ww);
    let ur = m(&rp.y * &rp.y);
    let [uur, gr, m1r, m2r, invr] = small(&rp.y, &ur);

    let kb = key;
    let rb: [u8; 32] = sig[..32].try_into().expect("32 bytes");
    let sb: [u8; 32] = sig[32..].try_into().expect("32 bytes");
    let [xa, ya] = a.limbs();
    let [sbx, sby] = sbp.limbs();
    let [kax, kay] = kap.limbs();
    let [xr, yr] = rp.limbs();
    let named = [
        &ua, &va, &xxa, &uua, &ga, &m1a, &m2a, &inva, &k, &t, &u, &ww, &v, &ur, &uur, &gr, &m1r,
        &m2r, &invr,
    ]
    .map(limbs);
    let [
        ua_l,
        va_l,
        xxa_l,
        uua_l,
        ga_l,
        m1a_l,
        m2a_l,
        inva_l,
        k_l,
        t_l,
        u_l,
        w_l,
        v_l,
        ur_l,
        uur_l,
        gr_l,
        m1r_l,
        m2r_l,
        invr_l,
    ] = named;
    let top_a = kb[31] & 0x7f;
    let sign_a = kb[31] >> 7;
    let sign_r = rb[31] >> 7;

    // Relations, in the AIR's order.
    let i = int_limbs;
    let neg = |x: &[i64]| int_scale(x, -1);
    let one = [1i64];
    let small_rel = |y: &[u8; 32],
                     u: &[u8; 32],
                     uu: &[u8; 32],
                     g: &[u8; 32],
                     m1: &[u8; 32],
                     m2: &[u8; 32],
                     inv: &[u8; 32]| {
        let um1 = int_add(&i(u), &neg(&one));
        [
            int_add(&i(uu), &neg(&int_mul(&i(u), &i(u)))),
            int_add(
                &int_add(&i(g), &neg(&int_mul(&i(uu), &i(&c.d_limbs)))),
                &neg(&int_add(&int_scale(&i(u), 2), &neg(&one))),
            ),
            int_add(&i(m1), &neg(&int_mul(&um1, &i(g)))),
            int_add(&i(m2), &neg(&int_mul(&i(y), &i(m1)))),
            int_add(&int_mul(&i(inv), &i(m2)), &neg(&one)),
        ]
    };
    let mut relations: Vec<(Vec<i64>, bool)> = vec![
        (int_add(&i(&ua_l), &neg(&int_mul(&i(&ya), &i(&ya)))), true),
        (
            int_add(&i(&va_l), &neg(&int_mul(&i(&ua_l), &i(&c.d_limbs)))),
            true,
        ),
        (int_add(&i(&xxa_l), &neg(&int_mul(&i(&xa), &i(&xa)))), true),
        (
            int_add(
                &int_add(&int_mul(&i(&xxa_l), &i(&va_l)), &i(&xxa_l)),
                &neg(&int_add(&i(&ua_l), &neg(&one))),
            ),
            true,
        ),
    ];
    relations
        .extend(small_rel(&ya, &ua_l, &uua_l, &ga_l, &m1a_l, &m2a_l, &inva_l).map(|r| (r, true)));
    relations.push((int_add(&i(&k_l), &neg(&int_limbs(&digest))), false));
    relations.extend([
        (int_add(&i(&t_l), &int_mul(&i(&sbx), &i(&kax))), true),
        (int_add(&i(&u_l), &neg(&int_mul(&i(&sby), &i(&kay)))), true),
        (int_add(&i(&w_l), &neg(&int_mul(&i(&t_l), &i(&u_l)))), true),
        (
            int_add(&i(&v_l), &neg(&int_mul(&i(&w_l), &i(&c.d_limbs)))),
            true,
        ),
        (
            int_add(
                &int_add(&i(&xr), &int_mul(&i(&xr), &i(&v_l))),
                &neg(&int_add(
                    &int_mul(&i(&sbx), &i(&kay)),
                    &neg(&int_mul(&i(&sby), &i(&kax))),
                )),
            ),
            true,
        ),
        (
            int_add(
                &int_add(&i(&yr), &neg(&int_mul(&i(&yr), &i(&v_l)))),
                &neg(&int_add(&i(&u_l), &i(&t_l))),
            ),
            true,
        ),
        (int_add(&i(&ur_l), &neg(&int_mul(&i(&yr), &i(&yr)))), true),
    ]);
    relations
        .extend(small_rel(&yr, &ur_l, &uur_l, &gr_l, &m1r_l, &m2r_l, &invr_l).map(|r| (r, true)));
    let mut all_bytes: Vec<u8> = Vec::new();
    for (cols, (relation, mod_p)) in row.rel.iter_mut().zip(relations) {
        let modulus = if mod_p { &c.p } else { &c.l };
        let (rel, q) = mod_relation_trace(&relation, modulus, bytes);
        *cols = rel;
        all_bytes.extend(q);
    }
    let lts = [
        (&ya, &c.p),
        (&xa, &c.p),
        (&sb, &c.l),
        (&xr, &c.p),
        (&yr, &c.p),
    ];
    for (cols, (a, modulus)) in row.lt.iter_mut().zip(lts) {
        let (lt, d) = lt_const_trace(a, modulus);
        *cols = lt;
        all_bytes.extend(d);
    }
    let raw: Vec<u8> = (0..32)
        .map(|j| if j == 31 { top_a } else { kb[j] })
        .collect();
    let ya_poly: Vec<i64> = (0..32)
        .map(|j| i64::from(ya[j]) + i64::from(wrap) * i64::from(c.p.limbs[j]) - i64::from(raw[j]))
        .collect();
    let ya_carry = carries(&ya_poly, &mut ByteLookups::default());
    row.ya_carry = core::array::from_fn(|j| signed(ya_carry[j]));
    all_bytes.extend([&kb, &rb, &sb].into_iter().flatten());
    all_bytes.extend(
        [
            &ya, &xa, &ua_l, &va_l, &xxa_l, &uua_l, &ga_l, &m1a_l, &m2a_l, &inva_l, &k_l, &sbx,
            &sby, &kax, &kay, &t_l, &u_l, &w_l, &v_l, &xr, &yr, &ur_l, &uur_l, &gr_l, &m1r_l,
            &m2r_l, &invr_l,
        ]
        .into_iter()
        .flatten(),
    );
    all_bytes.extend(digest);
    all_bytes.extend([2 * top_a, xa[0] >> 1, xr[0] >> 1]);
    bytes.record_byte_pairs(&all_bytes);
    bytes.record_byte_pairs(&his);

    let f = |x: [u8; 32]| x.map(Val::from_u8);
    row.kb = f(kb);
    row.rb = f(rb);
    row.sb = f(sb);
    row.sign_a = Val::from_u8(sign_a);
    row.top_a = Val::from_u8(top_a);
    row.ya = f(ya);
    row.wrap = Val::from_bool(wrap);
    row.xa = f(xa);
    row.xa_half = Val::from_u8(xa[0] >> 1);
    row.ua = f(ua_l);
    row.va = f(va_l);
    row.xxa = f(xxa_l);
    row.uua = f(uua_l);
    row.ga = f(ga_l);
    row.m1a = f(m1a_l);
    row.m2a = f(m2a_l);
    row.inva = f(inva_l);
    row.hash = digest.map(Val::from_u8);
    row.k = f(k_l);
    row.sbx = f(sbx);
    row.sby = f(sby);
    row.kax = f(kax);
    row.kay = f(kay);
    row.t = f(t_l);
    row.u = f(u_l);
    row.w = f(w_l);
    row.v = f(v_l);
    row.xr = f(xr);
    row.yr = f(yr);
    row.sign_r = Val::from_u8(sign_r);
    row.xr_half = Val::from_u8(xr[0] >> 1);
    row.ur = f(ur_l);
    row.uur = f(uur_l);
    row.gr = f(gr_l);
    row.m1r = f(m1r_l);
    row.m2r = f(m2r_l);
    row.invr = f(invr_l);
}

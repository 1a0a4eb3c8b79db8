//! The secp256k1 chips: public-key recovery (`SECP256K1_RECOVER` = 0x111, reference semantics
//! in `gluecp_coprocessors::secp256k1`), the core of Ethereum's `ecrecover`.
//!
//! # Tables
//!
//! | table | rows | role |
//! | --- | --- | --- |
//! | `secp256k1-recover` | one per call ([`recover::RecoverCols`], 2,136 columns) | reads the hash and the signature, proves `r, s` in range, builds `R`, `u1`, `u2`, asks for `A = [u1] G` and `B = [u2] R`, writes `Q = A + B` |
//! | `secp256k1-mul` | 256 per scalar multiplication ([`mul::MulCols`], 1,016 columns) | `[k] P`, one scalar bit per row |
//!
//! Arithmetic is over byte limbs: every relation `E ≡ 0 (mod N)` for the field prime `p` or
//! the group order `n` is proven by [`crate::chips::bigint::eval_mod_relation`] (a quotient
//! and carries), every `a < N` by [`crate::chips::bigint::eval_lt_const`].
//!
//! # Buses
//!
//! | bus | tuple | sender | receiver |
//! | --- | --- | --- | --- |
//! | `exec` | `(clk, 0x111, a0_lo, a0_hi, 0, 0)`: status OK | CPU | `secp256k1-recover` |
//! | `memory` | `a1..a3` at slot 2; the hash's 8 words at slot 0, the signature's 16 at slot 1 (reads), the key's 16 at slot 3 (writes) | | `secp256k1-recover` |
//! | `secp256k1-mul-in` | `(clk, which, P.x, P.y, k)`, numbers as 16-bit limbs | `secp256k1-recover` (`which` 0: `(G, u1)`, 1: `(R, u2)`) | a multiplication's first row |
//! | `secp256k1-mul-out` | `(clk, which, [k] P)` | a multiplication's last row | `secp256k1-recover` |
//! | `byte` | every limb (two per lookup), every carry, the pointer checks, each access's timestamp difference | both | |
//!
//! # Soundness
//!
//! - **The call** ([`recover`]). A real row receives a call that returned OK. It reads the
//!   three addresses (4-aligned, inside memory) and the recovery id `v = v0 + 2 v1` (bits) from
//!   the argument registers, and the hash `z`, `r` and `s` as the big-endian bytes of the
//!   words read. It proves `r, s < n` and `r r^-1 ≡ 1`, `s s^-1 ≡ 1 (mod n)`, so
//!   `r, s ∈ [1, n)`; `R.x = r + v1 n` over the integers with `R.x < p`; `t ≡ R.x^2` and
//!   `R.y^2 ≡ t R.x + 7 (mod p)` with `R.y < p` and its low bit `v0`: `R` is the point the
//!   recovery id names. Then `u1 ≡ -z r^-1` and `u2 ≡ s r^-1 (mod n)`, the products
//!   `A = [u1] G` and `B = [u2] R` from `secp256k1-mul` (each request answered exactly once:
//!   the `(clk, which)` pair is unique), and `Q = A + B` by the chord rule:
//!   `λ (B.x - A.x) ≡ B.y - A.y`, `Q.x ≡ λ^2 - A.x - B.x`, `Q.y ≡ λ (A.x - Q.x) - A.y`, with
//!   `(B.x - A.x) d ≡ 1` proving `A.x ≠ B.x` (so the chord rule applies: it is the group law
//!   for `A ≠ ±B`). `Q.x, Q.y < p`, and the key is written as their big-endian bytes. This is
//!   `Q = r^-1 (s R - z G)`, the key the VM returns; the status is OK only when such a
//!   computation exists.
//! - **A multiplication** ([`mul`]). Rows of a multiplication are consecutive, from a `first`
//!   row (receiving `(clk, which, P, k)`) through 256 steps (`step` counts them, `last`
//!   requires step 255) to a `last` row (sending the result). The scalar's bits are consumed
//!   least significant first: `krest` holds the scalar's bytes from the current one on, a
//!   byte starts as `krest[0]` and loses one bit per step (`cur = 2 cur' + bit`), down to its
//!   last bit at the byte's end, where `krest` shifts by a byte; so the 256 bits are exactly
//!   `k`'s. Each row doubles `base` (`λ 2y ≡ 3x^2`, the tangent rule) and, when `bit` is set,
//!   adds `base` to the accumulator (`acc = base` if it is still the point at infinity, the
//!   chord rule otherwise). By induction `base = [2^i] P` and `acc = [k mod 2^i] P`. The
//!   formulas are the group law except in cases that cannot arise: doubling needs
//!   `y ≠ 0`, true for every point since the group has odd prime order `n`; the chord rule
//!   needs `acc ≠ ±base`, and `acc = base` would need `k mod 2^i ≡ 2^i (mod n)`, impossible
//!   as `0 < k mod 2^i < 2^i < n` (for `i <= 255`); `acc = -base` leaves no slope to prove
//!   (a computation the prover refuses, never a wrong one). `P` is on the curve: `G`, or `R`
//!   as proven above. The result must be finite (`k ≢ 0 mod n`).
//! - **Values.** Every limb of every number a row introduces is range-checked as a byte;
//!   numbers carried from row to row (the accumulator, `base`, `krest`) are equal to checked
//!   ones. Intermediate values need not be below `p` (only their residues matter); what is
//!   written to memory is.
//!
//! # What is not proven
//!
//! The executor refuses, with a clear error: a call that returns INVALID (only successful
//! recoveries are proven), operands that are not 4-aligned (the SDK aligns them), operands in
//! the code range, and the exceptional cases (`z ≡ 0 mod n`, `A = ±B`, `acc = -base` in a
//! multiplication), which an honest signature meets with negligible probability and only a
//! signer who knows discrete logarithms can build.

pub mod curve;
pub mod mul;
pub mod recover;
pub mod verify;

//! SHA-512 compression (FIPS 180-4), one row per round: the building block of the
//! ed25519 chip's challenge hash `SHA-512(R ‖ A ‖ M)`.
//!
//! The `ed25519-block` table feeds it the padded `R ‖ A ‖ M` of each `ED25519_VERIFY` call.
//!
//! # The table `sha512`
//!
//! A block takes 80 consecutive rows, round `t` on row `t`
//! ([`Sha512Cols`], 1,031 columns). A row holds the working variables before the round:
//! `a, b, c` and `e, f, g` as bits (the rotations and bitwise functions are polynomials in
//! bits), `d` and `h` as 16-bit limbs; `Σ0(a)`, `Σ1(e)` and `Maj(a, b, c)` as bits
//! (degree 3); the window `W_t .. W_{t+15}` of the message schedule as limbs, with `W_{t+1}`
//! and `W_{t+14}` also as bits for `σ0` and `σ1`; and the chaining value `H` the block
//! started from. The round's sums are proven limb by limb with small carries:
//!
//! - `T1 = h + Σ1(e) + Ch(e, f, g) + K_t + W_t`, `e' = d + T1`, `a' = T1 + Σ0(a) + Maj(a, b, c)`;
//! - `W_{t+16} = σ1(W_{t+14}) + W_{t+9} + σ0(W_{t+1}) + W_t`;
//!
//! and the next row shifts the variables (`b' = a`, `c' = b`, `d' = c`, `f' = e`, `g' = f`,
//! `h' = g`, its `a` and `e` bits packing to `a'` and `e'`) and the window. `K_t` is looked
//! up by round in the preprocessed `sha512-k` table. The last round's row adds the final
//! variables to `H` (mod 2^64) into `hout`.
//!
//! # Buses
//!
//! | bus | tuple | count |
//! | --- | --- | --- |
//! | `sha512-block` (receive) | `(clk, index, H, W_0 .. W_15)`, 16-bit limbs | a block's first row |
//! | `sha512-digest` (send) | `(clk, index, H + state)` | a block's last row |
//! | `sha512-k` (lookup) | `(t, K_t)` | every real row |
//! | `byte` | carries, the output limbs | real rows |
//!
//! # Soundness
//!
//! Every bit column is boolean, every derived bit (`Σ`, `σ`, `Maj`) is its defining
//! polynomial of booleans, so the packed values are the functions' results. Each sum holds
//! over the integers (at most seven terms below 2^16 and a byte-sized carry, below `p`), so
//! each limb equation is the addition mod 2^64 with its carries. A block's rows are
//! consecutive from a `first` row (round 0, its variables `H`, its window the received
//! message words) to a `last` row (round 79); `hout` is range-checked. The sender range-checks
//! the received `H` and message words; every later `W` is range-checked through its bits at
//! window position 14, before it is used.

mod air;
mod columns;
mod trace;

pub use air::{BLOCK_BUS, DIGEST_BUS, K, K_BUS, K_ROWS, KTableAir, ROUNDS, Sha512Air};
pub use columns::{NUM_SHA512_COLS, Sha512Cols};
pub use trace::{BlockRequest, generate_trace, k_table_trace};

//! The `ed25519-block` table: the SHA-512 input `R ‖ A ‖ M` of a verification, padded as
//! FIPS 180-4 pads it, one row per 128-byte block, sent to the `sha512` table.
//!
//! # Soundness
//!
//! A call's rows are consecutive, from a `first` row (index 0, count 0, the IV as `hin`, and
//! `(clk, len, ptr, R ‖ A)` received from the call row as its first 64 bytes) to a `last`
//! row (which sends the final digest to the call row); each row sends its block with `hin`
//! on `sha512-block`, receives `hout` on `sha512-digest`, and hands `hout` to the next row as
//! its `hin`. Byte positions are classified by two flag vectors: `pad` (at most one per row,
//! none in a row after the row that has it, none among `R ‖ A`) and `msg`, which is 1
//! exactly on the positions of a row not yet `done` (the pad placed in an earlier row), not
//! among `R ‖ A`, and before the row's pad. So the message bytes are one contiguous run right
//! after `R ‖ A`, followed by the pad; `count` adds up the message bytes row by row and must
//! reach `len` on the last row, where the pad must have been placed. A message byte is looked
//! up at `ptr + count + (message bytes before it in the row)` (guest memory at the call's
//! timestamp, `ed25519-word`); the pad byte is `0x80`; the last row's bytes 112..123 are 0
//! and 124..127 hold `8 (64 + len)` big-endian (range-checked); every other byte is 0.
//! Minimal padding: a pad row that is not the last has its pad at 112 or later and is
//! followed by the last row; the last row has no pad or message byte at 112 or later. The
//! block is therefore exactly FIPS 180-4's padding of `R ‖ A ‖ M`.

use core::borrow::{Borrow, BorrowMut};

use p3_air::{Air, AirBuilder, BaseAir, WindowAccess};
use p3_field::PrimeCharacteristicRing;
use p3_lookup::{Count, InteractionBuilder, LookupBus, PermutationCheckBus};
use p3_matrix::dense::RowMajorMatrix;

use crate::chips::byte::{ByteLookups, ByteOp, lookup_byte_range};
use crate::chips::impl_row_borrow;
use crate::chips::sha512::{BLOCK_BUS, BlockRequest, DIGEST_BUS};
use crate::chips::word_bytes::WordBytesAir;
use crate::config::Val;
use crate::harness::ProverAir;

/// The call row hands `(clk, len, ptr, R ‖ A)` to the call's first block.
pub const MESSAGE_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("ed25519-message");
/// The last block hands `(clk, SHA-512 state)` (32 limbs of 16 bits) to the call row.
pub const HASH_BUS: PermutationCheckBus<'static> = PermutationCheckBus::new("ed25519-hash");
/// The message's bytes, `(clk, address, byte)`, from `ed25519-word`.
pub const BYTE_BUS: LookupBus<'static> = LookupBus::new("ed25519-byte");
/// The `ed25519-word` table: the message's words.
pub const WORD_AIR: WordBytesAir = WordBytesAir {
    name: "ed25519-word",
    bus: BYTE_BUS,
    signed: false,
};

/// SHA-512's initial value.
pub const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

/// One block of a verification's hash input.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct BlockCols<T> {
    pub is_real: T,
    pub first: T,
    pub last: T,
    pub clk: T,
    pub index: T,
    /// The message's length and address (constant over the call's rows).
    pub len: T,
    pub ptr: T,
    /// Message bytes in the rows before this one.
    pub count: T,
    /// The pad was placed in an earlier row.
    pub done: T,
    pub bytes: [T; 128],
    pub msg: [T; 128],
    pub pad: [T; 128],
    /// The SHA-512 state before and after the block (16-bit limbs).
    pub hin: [T; 32],
    pub hout: [T; 32],
}

/// Width of the `ed25519-block` table.
pub const NUM_BLOCK_COLS: usize = size_of::<BlockCols<u8>>();

impl_row_borrow!(BlockCols);

/// Limb `j` (16 bits) of word `w` of a block given by its bytes (words big-endian).
fn word_limb<E: PrimeCharacteristicRing>(bytes: &[E], w: usize, j: usize) -> E {
    bytes[8 * w + 7 - 2 * j].clone() + bytes[8 * w + 6 - 2 * j].clone() * E::from_u32(256)
}

/// The `ed25519-block` table.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlockAir;

impl BaseAir<Val> for BlockAir {
    fn width(&self) -> usize {
        NUM_BLOCK_COLS
    }
}

impl<AB: InteractionBuilder<F = Val>> Air<AB> for BlockAir {
    fn eval(&self, builder: &mut AB) {
        let main = builder.main();
        let l: &BlockCols<AB::Var> = main.current_slice().borrow();
        let nx: &BlockCols<AB::Var> = main.next_slice().borrow();
        let e = |v: AB::Var| -> AB::Expr { v.into() };
        let c = |v: u32| AB::Expr::from_u32(v);
        let one = AB::Expr::ONE;
        let [real, first, last, done] = [l.is_real, l.first, l.last, l.done].map(e);
        for flag in [&real, &first, &last, &done] {
            builder.assert_bool(flag.clone());
        }
        for flag in [&first, &last, &done] {
            builder.assert_zero(flag.clone() * (one.clone() - real.clone()));
        }
        // Rows: a prefix of whole calls.
        builder
            .when_first_row()
            .assert_eq(first.clone(), real.clone());
        builder
            .when_transition()
            .assert_zero((one.clone() - real.clone()) * e(nx.is_real));
        builder.assert_zero(real.clone() * (e(nx.first) - last.clone() * e(nx.is_real)));
        let cont = real.clone() - last.clone();
        builder.assert_zero(cont.clone() * (one.clone() - e(nx.is_real)));
        builder.assert_zero(first.clone() * e(l.index));
        builder.assert_zero(first.clone() * e(l.count));
        builder.assert_zero(first.clone() * done.clone());
        for (n, v) in [(nx.clk, l.clk), (nx.len, l.len), (nx.ptr, l.ptr)] {
            builder.assert_zero(cont.clone() * (e(n) - e(v)));
        }
        builder.assert_zero(cont.clone() * (e(nx.index) - e(l.index) - one.clone()));

        // Classification.
        let (bytes, msg, pad) = (l.bytes.map(e), l.msg.map(e), l.pad.map(e));
        let pads: AB::Expr = pad.iter().cloned().sum();
        builder.assert_bool(pads.clone());
        builder.assert_zero(done.clone() * pads.clone());
        builder.assert_zero(cont.clone() * (e(nx.done) - done.clone() - pads.clone()));
        builder.assert_zero(last.clone() * (done.clone() + pads.clone() - one.clone()));
        let early: AB::Expr = pad[..112].iter().cloned().sum();
        let late: AB::Expr = pad[112..].iter().cloned().sum();
        builder.assert_zero(pads.clone() * (one.clone() - last.clone()) * early);
        builder.assert_zero(pads * (one.clone() - last.clone()) * (one.clone() - e(nx.last)));
        builder.assert_zero(last.clone() * late);
        let live = real.clone() - done;
        let mut prefix = AB::Expr::ZERO;
        let mut before = AB::Expr::ZERO;
        let mut msgs = AB::Expr::ZERO;
        for j in 0..128 {
            builder.assert_bool(pad[j].clone());
            prefix += pad[j].clone();
            let ra = if j < 64 {
                first.clone()
            } else {
                AB::Expr::ZERO
            };
            if j < 64 {
                builder.assert_zero(first.clone() * pad[j].clone());
            }
            builder.assert_eq(
                msg[j].clone(),
                live.clone() * (one.clone() - ra.clone()) * (one.clone() - prefix.clone()),
            );
            if j >= 112 {
                builder.assert_zero(last.clone() * msg[j].clone());
            }
            // The byte's value.
            BYTE_BUS.lookup_key(
                builder,
                [
                    e(l.clk),
                    e(l.ptr) + e(l.count) + before.clone(),
                    bytes[j].clone(),
                ],
                Count::bounded(msg[j].clone(), 1),
            );
            before += msg[j].clone();
            msgs += msg[j].clone();
            builder.assert_zero(pad[j].clone() * (bytes[j].clone() - c(0x80)));
            let length = if j >= 112 {
                last.clone()
            } else {
                AB::Expr::ZERO
            };
            builder.assert_zero(
                bytes[j].clone() * (one.clone() - msg[j].clone() - pad[j].clone() - ra - length),
            );
            if (112..124).contains(&j) {
                builder.assert_zero(last.clone() * bytes[j].clone());
            }
        }
        builder.assert_zero(cont.clone() * (e(nx.count) - e(l.count) - msgs.clone()));
        builder.assert_zero(last.clone() * (e(l.count) + msgs - e(l.len)));
        let bit_length = (0..4).fold(AB::Expr::ZERO, |acc, k| {
            acc * c(256) + bytes[124 + k].clone()
        });
        builder.assert_zero(last.clone() * (bit_length - (e(l.len) + c(64)) * c(8)));
        lookup_byte_range(
            builder,
            bytes[124].clone(),
            bytes[125].clone(),
            last.clone(),
        );
        lookup_byte_range(
            builder,
            bytes[126].clone(),
            bytes[127].clone(),
            last.clone(),
        );

        // The SHA-512 chain.
        for (w, iv) in IV.iter().enumerate() {
            for j in 0..4 {
                let k = 4 * w + j;
                builder.assert_zero(
                    first.clone() * (e(l.hin[k]) - c(((iv >> (16 * j)) & 0xffff) as u32)),
                );
                builder.assert_zero(cont.clone() * (e(nx.hin[k]) - e(l.hout[k])));
            }
        }
        let head = [e(l.clk), e(l.index)];
        let words = (0..16).flat_map(|w| (0..4).map(move |j| (w, j)));
        BLOCK_BUS.send(
            builder,
            head.iter()
                .cloned()
                .chain(l.hin.map(e))
                .chain(words.map(|(w, j)| word_limb(&bytes, w, j)))
                .collect::<Vec<_>>(),
            Count::bounded(real.clone(), 1),
        );
        DIGEST_BUS.receive(
            builder,
            head.iter()
                .cloned()
                .chain(l.hout.map(e))
                .collect::<Vec<_>>(),
            Count::bounded(real.clone(), 1),
        );
        MESSAGE_BUS.receive(
            builder,
            [e(l.clk), e(l.len), e(l.ptr)]
                .into_iter()
                .chain(bytes[..64].iter().cloned())
                .collect::<Vec<_>>(),
            Count::bounded(first, 1),
        );
        HASH_BUS.send(
            builder,
            core::iter::once(e(l.clk))
                .chain(l.hout.map(e))
                .collect::<Vec<_>>(),
            Count::bounded(last, 1),
        );
    }
}

impl ProverAir for BlockAir {
    fn name(&self) -> String {
        "ed25519-block".into()
    }
}

/// A verification's hash input: `R ‖ A` and the message at `ptr`.
#[derive(Clone, Debug)]
pub struct HashInput {
    pub clk: u32,
    pub ptr: u32,
    pub prefix: [u8; 64],
    pub message: Vec<u8>,
}

impl HashInput {
    /// The padded input, 128 bytes per block.
    pub fn padded(&self) -> Vec<u8> {
        let mut data = self.prefix.to_vec();
        data.extend(&self.message);
        let bits = 8 * data.len() as u128;
        data.push(0x80);
        while data.len() % 128 != 112 {
            data.push(0);
        }
        data.extend(bits.to_be_bytes());
        data
    }
}

/// The `ed25519-block` rows of `inputs` and the blocks they send to `sha512`, recording the
/// byte lookups.
pub fn generate_trace(
    inputs: &[HashInput],
    bytes: &mut ByteLookups,
) -> (RowMajorMatrix<Val>, Vec<BlockRequest>) {
    let blocks: usize = inputs.iter().map(|i| i.padded().len() / 128).sum();
    let height = blocks.next_power_of_two().max(4);
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * NUM_BLOCK_COLS), NUM_BLOCK_COLS);
    let mut rows = trace.values.chunks_exact_mut(NUM_BLOCK_COLS);
    let mut requests = Vec::new();
    for input in inputs {
        let padded = input.padded();
        let n = padded.len() / 128;
        let len = input.message.len();
        let pad_at = 64 + len;
        let mut h = IV;
        let mut count = 0usize;
        for (index, block) in padded.chunks_exact(128).enumerate() {
            let row: &mut BlockCols<Val> = rows.next().expect("a row per block").borrow_mut();
            row.is_real = Val::ONE;
            row.first = Val::from_bool(index == 0);
            row.last = Val::from_bool(index == n - 1);
            row.clk = Val::from_u32(input.clk);
            row.index = Val::from_usize(index);
            row.len = Val::from_usize(len);
            row.ptr = Val::from_u32(input.ptr);
            row.count = Val::from_usize(count);
            row.done = Val::from_bool(pad_at < 128 * index);
            for (j, &byte) in block.iter().enumerate() {
                let o = 128 * index + j;
                row.bytes[j] = Val::from_u8(byte);
                let is_msg = (64..pad_at).contains(&o);
                row.msg[j] = Val::from_bool(is_msg);
                row.pad[j] = Val::from_bool(o == pad_at);
                count += usize::from(is_msg);
            }
            let w: [u64; 16] = core::array::from_fn(|k| {
                u64::from_be_bytes(block[8 * k..8 * k + 8].try_into().expect("8 bytes"))
            });
            let request = BlockRequest {
                clk: input.clk,
                index: index as u32,
                h,
                w,
            };
            let out = request.compress();
            let limbs = |x: &[u64; 8]| -> [Val; 32] {
                core::array::from_fn(|k| Val::from_u64((x[k / 4] >> (16 * (k % 4))) & 0xffff))
            };
            row.hin = limbs(&h);
            row.hout = limbs(&out);
            if index == n - 1 {
                bytes.record(ByteOp::Range, block[124], block[125]);
                bytes.record(ByteOp::Range, block[126], block[127]);
            }
            requests.push(request);
            h = out;
        }
    }
    (trace, requests)
}

//! The `keccak` chip's trace: `p3-keccak-air`'s rows for each call's preimage, then the
//! call's columns and word slots.

use core::borrow::BorrowMut;

use gluecp_abi::ecall::coprocessor::KECCAK_F;
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_keccak_air::{KeccakCols, NUM_KECCAK_COLS, NUM_ROUNDS, generate_trace_rows};
use p3_matrix::dense::RowMajorMatrix;
use p3_maybe_rayon::prelude::*;

use super::absorb::AbsorbWord;
use super::air::{MiscCheck, REG_A1, REG_A2, word_limb};
use super::columns::{KeccakChipCols, NUM_KECCAK_CHIP_COLS, SLOTS, STATE_WORDS, slot_word};
use crate::bus::{AccessCols, limbs, limbs_val, slot, ts};
use crate::chips::byte::{ByteLookups, ByteOp};
use crate::chips::word_bytes::WordRead;
use crate::config::Val;
use crate::record::{MemoryAccess, SyscallEvent};

/// Calls one task generates (with its own byte lookups, merged after): 21 permutations fill
/// 504 of the 512 rows of `p3-keccak-air`'s trace for them.
const CHUNK: usize = 21;

/// One call, unpacked from its [`SyscallEvent`].
struct Call<'a> {
    clk: u32,
    a0: u32,
    a1: &'a MemoryAccess,
    a2: &'a MemoryAccess,
    /// The absorb reads: the words holding the `a2` bytes at `a1` (`a2 / 4` of them if `a1`
    /// is 4-aligned, one more otherwise).
    absorb: &'a [MemoryAccess],
    /// The 50 state words' accesses.
    state: &'a [MemoryAccess],
}

impl<'a> Call<'a> {
    /// # Panics
    ///
    /// If the event is not a well-formed `KECCAK_F` record (a host bug).
    fn new(event: &'a SyscallEvent) -> Self {
        assert_eq!(event.number, KECCAK_F, "not a KECCAK_F event");
        assert_eq!(event.ret, event.a0, "KECCAK_F returns nothing (ret = a0)");
        let [a1, a2] = event.args.as_slice() else {
            panic!("KECCAK_F event: expected the reads of a1 and a2");
        };
        assert_eq!(
            (a1.addr, a2.addr),
            (REG_A1, REG_A2),
            "KECCAK_F argument registers"
        );
        let len = a2.value;
        assert!(len.is_multiple_of(8) && len <= 200, "KECCAK_F length {len}");
        let reads = if len == 0 {
            0
        } else {
            (len + a1.value % 4).div_ceil(4) as usize
        };
        assert_eq!(
            event.words.len(),
            reads + STATE_WORDS,
            "KECCAK_F word accesses"
        );
        let (absorb, state) = event.words.split_at(reads);
        let t = ts(event.clk, slot::MEMORY);
        for (j, access) in absorb.iter().enumerate() {
            assert_eq!(
                access.addr,
                (a1.value & !3) + 4 * j as u32,
                "absorb word address"
            );
            assert_eq!(access.prev, access.value, "absorb words are read");
        }
        for (w, access) in state.iter().enumerate() {
            assert_eq!(access.addr, event.a0 + 4 * w as u32, "state word address");
        }
        for access in event.args.iter().chain(&event.words) {
            assert_eq!(access.ts, t, "KECCAK_F accesses are at ts = 4 clk + 2");
        }
        Self {
            clk: event.clk,
            a0: event.a0,
            a1,
            a2,
            absorb,
            state,
        }
    }

    fn len(&self) -> u32 {
        self.a2.value
    }

    /// `a1 mod 4` when the call absorbs, else 0.
    fn a1_rem(&self) -> u32 {
        if self.len() > 0 { self.a1.value % 4 } else { 0 }
    }

    /// The absorb word `w`, the four bytes at `a1 + 4 w` (0 past the absorbed bytes).
    fn absorb_word(&self, w: usize) -> u32 {
        if 4 * w >= self.len() as usize {
            return 0;
        }
        let offset = self.a1_rem() as usize + 4 * w;
        let byte = |i: usize| self.absorb[(offset + i) / 4].value >> (8 * ((offset + i) % 4));
        (0..4).fold(0, |word, i| word | (byte(i) & 0xff) << (8 * i))
    }

    /// The permutation's input: the state XOR the absorbed words, as 25 lanes.
    fn preimage(&self) -> [u64; 25] {
        core::array::from_fn(|lane| {
            let word = |w: usize| u64::from(self.state[w].prev ^ self.absorb_word(w));
            word(2 * lane) | word(2 * lane + 1) << 32
        })
    }
}

/// The chip's trace for `events` (each a `KECCAK_F` call), one permutation of 24 rows per call,
/// padded with permutations of the zero state to a power of two (at least 4 rows). Records the
/// chip's byte lookups in `bytes`.
///
/// # Panics
///
/// If an event is malformed or its state accesses do not hold Keccak-f of the absorbed state
/// (host bugs).
#[tracing::instrument(name = "keccak chip trace", skip_all)]
pub fn generate_trace(events: &[SyscallEvent], bytes: &mut ByteLookups) -> RowMajorMatrix<Val> {
    let calls: Vec<Call<'_>> = events.iter().map(Call::new).collect();
    let real_rows = calls.len() * NUM_ROUNDS;
    let height = real_rows.next_power_of_two().max(4);
    const W: usize = NUM_KECCAK_CHIP_COLS;

    // `p3-keccak-air`'s rows are generated chunk by chunk (a `KeccakAir` trace of `CHUNK`
    // permutations, 504 of its 512 rows, small enough to stay in cache) and copied into the
    // chip's wider rows, whose wrapper columns the same task then fills, with its own byte
    // lookups. Writing the trace once, in parallel, costs less than widening a whole
    // `KeccakAir` trace in place.
    let mut trace = RowMajorMatrix::new(Val::zero_vec(height * W), W);
    let (real, padding) = trace.values.split_at_mut(real_rows * W);
    let chunk_bytes: Vec<ByteLookups> = real
        .par_chunks_mut(CHUNK * NUM_ROUNDS * W)
        .zip(calls.par_chunks(CHUNK))
        .fold(ByteLookups::default, |mut bytes, (chunk, chunk_calls)| {
            let inputs = chunk_calls.iter().map(Call::preimage).collect();
            let keccak = generate_trace_rows::<Val>(inputs, 0).values;
            for ((call, perm), keccak) in chunk_calls
                .iter()
                .zip(chunk.chunks_exact_mut(NUM_ROUNDS * W))
                .zip(keccak.chunks_exact(NUM_ROUNDS * NUM_KECCAK_COLS))
            {
                for (row, keccak) in perm
                    .chunks_exact_mut(W)
                    .zip(keccak.chunks_exact(NUM_KECCAK_COLS))
                {
                    row[..NUM_KECCAK_COLS].copy_from_slice(keccak);
                }
                let last_row = &perm[(NUM_ROUNDS - 1) * W..];
                check_output(call, last_row);
                let out = output_limbs(last_row_keccak(last_row));
                for (r, row) in perm.chunks_exact_mut(W).enumerate() {
                    let cols: &mut KeccakChipCols<Val> = row.borrow_mut();
                    fill_row(call, r, cols, &mut bytes);
                    fill_output(r, out, cols);
                    fill_derived(r, cols);
                }
            }
            bytes
        })
        .collect();
    for chunk in &chunk_bytes {
        bytes.merge(chunk);
    }

    // Padding: permutations of the zero state (the last one possibly cut short), their output
    // held over them as over a real one; the call's columns stay 0.
    let zero_rows = generate_trace_rows::<Val>(vec![[0; 25]], 0).values;
    let mut zero = [0u64; 25];
    keccak::f1600(&mut zero);
    let zero_output: [[Val; 2]; STATE_WORDS] =
        core::array::from_fn(|w| limbs_val((zero[w / 2] >> (32 * (w % 2))) as u32));
    padding.par_chunks_mut(NUM_ROUNDS * W).for_each(|perm| {
        for (r, (row, keccak)) in perm
            .chunks_exact_mut(W)
            .zip(zero_rows.chunks_exact(NUM_KECCAK_COLS))
            .enumerate()
        {
            row[..NUM_KECCAK_COLS].copy_from_slice(keccak);
            let cols: &mut KeccakChipCols<Val> = row.borrow_mut();
            fill_output(r, zero_output, cols);
            fill_derived(r, cols);
        }
    });
    trace
}

/// The permutation's output on row `r`: all of it (`out`) and each slot's word (`o`).
fn fill_output(r: usize, out: [[Val; 2]; STATE_WORDS], cols: &mut KeccakChipCols<Val>) {
    cols.out = out;
    for (k, slot) in cols.slots.iter_mut().enumerate() {
        if let Some(w) = slot_word(r, k) {
            slot.o = out[w];
        }
    }
}

/// The columns that are functions of the row's others (the call, `bit`, the row index `r`
/// in the permutation), on every row, padding included.
fn fill_derived(r: usize, cols: &mut KeccakChipCols<Val>) {
    let call = cols.call;
    let two16 = Val::from_u32(1 << 16);
    let a0 = call.a0[0] + call.a0[1] * two16;
    let a1 = call.a1[0] + call.a1[1] * two16;
    if let Some(&check) = MiscCheck::ALL.get(r) {
        let a1_rem = call.a1_rem[0] + call.a1_rem[1].double();
        cols.misc_value = check.value::<Val>(call.a0, call.a1, a1_rem, call.a2, cols.bit);
        cols.misc_count = if check.of_absorb() {
            call.has_absorb
        } else {
            call.is_real
        };
    }
    for (k, slot) in cols.slots.iter_mut().enumerate() {
        let word = slot_word(r, k);
        let four_word = Val::from_usize(4 * word.unwrap_or(0));
        slot.active = if word.is_some() {
            call.is_real
        } else {
            Val::ZERO
        };
        slot.addr = match k {
            0 | 1 if cols.keccak.export == Val::ONE => Val::from_u32([REG_A1, REG_A2][k]),
            _ => a0 + four_word,
        };
        slot.absorb_addr = a1 + four_word;
    }
}

/// `KeccakAir`'s output on a last-round row, as 50 words of two limbs.
fn output_limbs(keccak: &KeccakCols<Val>) -> [[Val; 2]; STATE_WORDS] {
    core::array::from_fn(|w| {
        let (y, x, limb) = word_limb(w, 0);
        [
            keccak.a_prime_prime_prime(y, x, limb),
            keccak.a_prime_prime_prime(y, x, limb + 1),
        ]
    })
}

/// Checks that the call's recorded output is the permutation's (a host bug otherwise).
fn check_output(call: &Call<'_>, last_row: &[Val]) {
    let keccak: &KeccakCols<Val> = last_row_keccak(last_row);
    for (w, access) in call.state.iter().enumerate() {
        let (y, x, limb) = word_limb(w, 0);
        let lo = keccak.a_prime_prime_prime(y, x, limb).as_canonical_u32();
        let hi = keccak
            .a_prime_prime_prime(y, x, limb + 1)
            .as_canonical_u32();
        assert_eq!(
            lo | hi << 16,
            access.value,
            "KECCAK_F at clk {}: state word {w} is not Keccak-f's output",
            call.clk
        );
    }
}

/// The `KeccakAir` columns at the start of `row` (a chip row, or a bare `KeccakAir` row).
fn last_row_keccak(row: &[Val]) -> &KeccakCols<Val> {
    core::borrow::Borrow::borrow(&row[..NUM_KECCAK_COLS])
}

/// Fills row `r` of a call's permutation (the Keccak part is already there).
fn fill_row(call: &Call<'_>, r: usize, cols: &mut KeccakChipCols<Val>, bytes: &mut ByteLookups) {
    let t = ts(call.clk, slot::MEMORY);
    let len = call.len();
    let n = (len / 4) as usize;
    let has_absorb = len > 0;
    let [a0_lo, a0_hi] = limbs(call.a0);
    let [a1_lo, a1_hi] = limbs(call.a1.value);

    cols.call.is_real = Val::ONE;
    cols.call.clk = Val::from_u32(call.clk);
    cols.call.a0 = limbs_val(call.a0);
    cols.call.a1 = limbs_val(call.a1.value);
    cols.call.a2 = Val::from_u32(len);
    cols.call.has_absorb = Val::from_bool(has_absorb);
    let a1_rem = call.a1_rem();
    cols.call.a1_rem = [a1_rem & 1, a1_rem >> 1].map(Val::from_u32);
    cols.rem = Val::from_usize(n.saturating_sub(SLOTS * r));

    if let Some(&check) = MiscCheck::ALL.get(r) {
        let bit = match check {
            MiscCheck::A0LowerLo | MiscCheck::A0LowerHi => a0_lo < crate::bus::MEM_START,
            MiscCheck::A0UpperLo | MiscCheck::A0UpperHi => a0_lo + 199 >= 1 << 16,
            MiscCheck::A1LowerLo | MiscCheck::A1LowerHi => {
                has_absorb && a1_lo < crate::bus::MEM_START
            }
            MiscCheck::A1UpperLo | MiscCheck::A1UpperHi => has_absorb && a1_lo + len > 1 << 16,
            _ => false,
        };
        cols.bit = Val::from_bool(bit);
        if !check.of_absorb() || has_absorb {
            let value = check
                .value::<Val>(
                    [Val::from_u32(a0_lo), Val::from_u32(a0_hi)],
                    [Val::from_u32(a1_lo), Val::from_u32(a1_hi)],
                    Val::from_u32(a1_rem),
                    Val::from_u32(len),
                    cols.bit,
                )
                .as_canonical_u32();
            let value = u16::try_from(value).unwrap_or_else(|_| {
                panic!(
                    "KECCAK_F at clk {}: pointer check {check:?} fails (a0 {:#x}, a1 {:#x}, a2 {len})",
                    call.clk, call.a0, call.a1.value
                )
            });
            bytes.record_u16(value);
        }
    }

    let export = r == NUM_ROUNDS - 1;
    if export {
        cols.keccak.export = Val::ONE;
        // The argument registers, read by slots 0 and 1 (no slot holds a word here).
        for (slot, reg) in cols.slots.iter_mut().zip([call.a1, call.a2]) {
            slot.p = limbs_val(reg.value);
            slot.o = slot.p;
            slot.access = AccessCols::new(reg.prev_ts, t).to_field_without_hi(bytes);
        }
    }

    for (k, slot) in cols.slots.iter_mut().enumerate() {
        let Some(w) = slot_word(r, k) else { continue };
        let state = &call.state[w];
        let p = state.prev;
        slot.absorb = Val::from_bool(w < n);
        slot.p = limbs_val(p);
        slot.q = limbs_val(p ^ call.absorb_word(w));
        slot.access = AccessCols::new(state.prev_ts, t).to_field_without_hi(bytes);
    }
    // The accesses' high timestamp bytes: slots 0 and 1 in one lookup, slot 2 alone.
    let hi = |k: usize| cols.slots[k].access.diff_hi.as_canonical_u32() as u8;
    if export || slot_word(r, 0).is_some() {
        bytes.record(ByteOp::Range, hi(0), hi(1));
    }
    if slot_word(r, 2).is_some() {
        bytes.record(ByteOp::Range, hi(2), 0);
    }
}

/// What the absorb tables prove for a set of `KECCAK_F` calls.
#[derive(Debug, Default)]
pub struct AbsorbWords<'a> {
    /// The words absorbed from 4-aligned addresses: the rows of `keccak-absorb`.
    pub aligned: Vec<AbsorbWord>,
    /// The words absorbed from other addresses: the rows of `keccak-absorb-unaligned`.
    pub unaligned: Vec<AbsorbWord>,
    /// The guest words those unaligned absorbs read, with how many lookups each byte serves:
    /// the rows of `keccak-absorb-word`.
    pub reads: Vec<WordRead<'a>>,
}

/// The words `events` (`KECCAK_F` calls) absorb, in call order, split by the table that
/// proves them.
///
/// # Panics
///
/// As [`generate_trace`], on a malformed event.
pub fn absorb_words(events: &[SyscallEvent]) -> AbsorbWords<'_> {
    let mut words = AbsorbWords::default();
    for event in events {
        let call = Call::new(event);
        let (clk, a1, len) = (call.clk, call.a1.value, call.len());
        let aligned = a1.is_multiple_of(4);
        let n = (len / 4) as usize;
        let absorbed = (0..n).map(|w| AbsorbWord {
            clk,
            addr: a1 + 4 * w as u32,
            p: call.state[w].prev,
            a: call.absorb_word(w),
            prev_ts: if aligned { call.absorb[w].prev_ts } else { 0 },
        });
        if aligned {
            words.aligned.extend(absorbed);
        } else {
            words.unaligned.extend(absorbed);
            let bytes = a1..a1 + len;
            words.reads.extend(call.absorb.iter().map(|read| WordRead {
                clk,
                access: read,
                counts: core::array::from_fn(|i| {
                    u32::from(bytes.contains(&(read.addr + i as u32)))
                }),
            }));
        }
    }
    words
}

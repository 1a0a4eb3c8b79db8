//! The `sha512` table against stubs for its block and digest buses, with the real `sha512-k`
//! and byte tables: honest blocks verify (their digests the `sha2` crate's); every cell of
//! sampled rows is bound; a forged digest or message word is rejected.

use gluecp_prover::Val;
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::sha512::{
    BLOCK_BUS, BlockRequest, DIGEST_BUS, KTableAir, NUM_SHA512_COLS, Sha512Air, generate_trace,
    k_table_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::testing::{XorShift, corrupt, debug_check, prove_and_verify};
use p3_matrix::dense::RowMajorMatrix;

fn limbs(x: u64) -> [u32; 4] {
    core::array::from_fn(|j| ((x >> (16 * j)) & 0xffff) as u32)
}

/// SHA-512's initial value.
const IV: [u64; 8] = [
    0x6a09e667f3bcc908,
    0xbb67ae8584caa73b,
    0x3c6ef372fe94f82b,
    0xa54ff53a5f1d36f1,
    0x510e527fade682d1,
    0x9b05688c2b3e6c1f,
    0x1f83d9abfb41bd6b,
    0x5be0cd19137e2179,
];

fn blocks() -> Vec<BlockRequest> {
    let mut rng = XorShift(0x5ba_512);
    let mut word = || u64::from(rng.next_u32()) << 32 | u64::from(rng.next_u32());
    // The padded message "abc", then two random blocks chained, then extremes.
    let mut abc = [0u64; 16];
    abc[0] = 0x6162_6380_0000_0000;
    abc[15] = 24;
    let first = BlockRequest {
        clk: 7,
        index: 0,
        h: IV,
        w: abc,
    };
    let random = BlockRequest {
        clk: 9,
        index: 0,
        h: IV,
        w: core::array::from_fn(|_| word()),
    };
    let chained = BlockRequest {
        clk: 9,
        index: 1,
        h: random.compress(),
        w: core::array::from_fn(|_| word()),
    };
    let extreme = BlockRequest {
        clk: 11,
        index: 0,
        h: [u64::MAX; 8],
        w: [u64::MAX; 16],
    };
    vec![first, random, chained, extreme]
}

struct Setup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    k: RowMajorMatrix<Val>,
    ins: Vec<(Vec<u32>, i32)>,
    outs: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(blocks: &[BlockRequest]) -> Self {
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(blocks, &mut bytes);
        let mut ins = Vec::new();
        let mut outs = Vec::new();
        for b in blocks {
            let head = vec![b.clk, b.index];
            let h: Vec<u32> = b.h.iter().flat_map(|&x| limbs(x)).collect();
            let w: Vec<u32> = b.w.iter().flat_map(|&x| limbs(x)).collect();
            ins.push(([head.clone(), h, w].concat(), 1));
            let out: Vec<u32> = b.compress().iter().flat_map(|&x| limbs(x)).collect();
            outs.push(([head, out].concat(), -1));
        }
        Self {
            trace,
            bytes,
            k: k_table_trace(blocks.len()),
            ins,
            outs,
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let ins = StubAir::new(BLOCK_BUS.name(), 2 + 32 + 64);
        let outs = StubAir::new(DIGEST_BUS.name(), 2 + 32);
        let chips = vec![
            Chip::Sha512(Sha512Air),
            Chip::Sha512K(KTableAir),
            Chip::Stub(ins.clone()),
            Chip::Stub(outs.clone()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
            self.k.clone(),
            ins.generate_trace(&self.ins),
            outs.generate_trace(&self.outs),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    fn check(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        debug_check(&chips, &traces, &[], &[0]).map_err(|e| {
            if e.starts_with("constraint failure") {
                "constraint failure".into()
            } else {
                e
            }
        })
    }
}

#[test]
fn honest_blocks_verify_with_sha2_digests() {
    let b = blocks();
    // FIPS 180-4's "abc" example.
    assert_eq!(b[0].compress()[0], 0xddaf35a193617aba);
    let setup = Setup::new(&b);
    setup.check().expect("passes the debug checks");
    let (chips, traces) = setup.tables();
    prove_and_verify(&chips, traces).expect("verifies");
}

#[test]
fn every_cell_of_sampled_rows_is_bound() {
    let b = blocks();
    let reference = Setup::new(&b[..2]);
    for row in [0, 1, 15, 16, 40, 78, 79, 80] {
        for col in 0..NUM_SHA512_COLS {
            let mut bad = Setup {
                trace: reference.trace.clone(),
                bytes: reference.bytes.clone(),
                k: reference.k.clone(),
                ins: reference.ins.clone(),
                outs: reference.outs.clone(),
            };
            corrupt(&mut bad.trace, row, col);
            assert!(
                bad.check().is_err(),
                "corrupting row {row} column {col} was not detected"
            );
        }
    }
}

#[test]
fn a_forged_digest_or_word_is_rejected() {
    let b = blocks();
    let mut setup = Setup::new(&b);
    setup.outs[2].0[10] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    let mut setup = Setup::new(&b);
    setup.ins[1].0[40] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}

//! The secp256k1 chips against stubs for the buses they share with the rest of the machine,
//! with the real byte table.
//!
//! `secp256k1-mul`: honest multiplications verify (the generator and other points, scalars
//! with zero bytes and the top bit set); every cell of sampled rows is bound; a forged result
//! or a forged request is rejected.

use gluecp_prover::Val;
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::secp256k1::curve::{CURVE, Point};
use gluecp_prover::chips::secp256k1::mul::{
    MUL_IN_BUS, MUL_OUT_BUS, MulAir, MulRequest, NUM_MUL_COLS, STEPS, generate_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::testing::{XorShift, corrupt, debug_check, prove_and_verify};
use num_bigint::BigUint;
use p3_matrix::dense::RowMajorMatrix;

fn packed(value: &BigUint) -> Vec<u32> {
    let mut bytes = value.to_bytes_le();
    bytes.resize(32, 0);
    bytes
        .chunks_exact(2)
        .map(|p| u32::from(p[0]) + 256 * u32::from(p[1]))
        .collect()
}

fn requests() -> Vec<MulRequest> {
    let c = &*CURVE;
    let mut rng = XorShift(0x5ec9_256b);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words) % &c.n.value
    };
    let p = c.mul(&random(), &c.g).expect("a point");
    // Bytes 8 and 9 zero, and the top bit set.
    let mut zero_bytes = random();
    zero_bytes.set_bit(64, false);
    for bit in 64..80 {
        zero_bytes.set_bit(bit, false);
    }
    zero_bytes.set_bit(255, true);
    vec![
        MulRequest {
            clk: 10,
            which: 0,
            point: c.g.clone(),
            k: random(),
        },
        MulRequest {
            clk: 10,
            which: 1,
            point: p.clone(),
            k: zero_bytes,
        },
        MulRequest {
            clk: 20,
            which: 0,
            point: p,
            k: &c.n.value - 1u32,
        },
    ]
}

struct Setup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    ins: Vec<(Vec<u32>, i32)>,
    outs: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(requests: &[MulRequest]) -> Self {
        let c = &*CURVE;
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(requests, &mut bytes);
        let mut ins = Vec::new();
        let mut outs = Vec::new();
        for r in requests {
            let head = vec![r.clk, r.which];
            let point: Point = c.mul(&r.k, &r.point).expect("computable");
            ins.push((
                [
                    head.clone(),
                    packed(&r.point.x),
                    packed(&r.point.y),
                    packed(&r.k),
                ]
                .concat(),
                1,
            ));
            outs.push(([head, packed(&point.x), packed(&point.y)].concat(), -1));
        }
        Self {
            trace,
            bytes,
            ins,
            outs,
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let ins = StubAir::new(MUL_IN_BUS.name(), 50);
        let outs = StubAir::new(MUL_OUT_BUS.name(), 34);
        let chips = vec![
            Chip::Secp256k1Mul(MulAir),
            Chip::Stub(ins.clone()),
            Chip::Stub(outs.clone()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
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

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }
}

#[test]
fn honest_multiplications_verify() {
    let setup = Setup::new(&requests());
    setup.check().expect("passes the debug checks");
    setup.prove().expect("verifies");
}

#[test]
fn every_cell_of_sampled_rows_is_bound() {
    // First, middle (adding and not), byte ends and last rows of the first multiplication,
    // and the first row of the second.
    let events = requests();
    let reference = Setup::new(&events);
    for row in [0, 1, 7, 8, 100, 101, 254, 255, 256] {
        for col in 0..NUM_MUL_COLS {
            let mut bad = Setup {
                trace: reference.trace.clone(),
                bytes: reference.bytes.clone(),
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
fn a_forged_result_or_request_is_rejected() {
    let events = requests();
    let mut setup = Setup::new(&events);
    setup.outs[1].0[5] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
    let mut setup = Setup::new(&events);
    setup.ins[0].0[40] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    let _ = STEPS;
}

//! The `ed25519-mul` table against stubs for its request and result buses, with the real byte
//! table: honest multiplications verify (the base point, another point, scalars 0, `ℓ`, with
//! the top bit set); every cell of sampled rows is bound; a forged result or request is
//! rejected.

use gluecp_prover::Val;
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::ed25519::curve::{CURVE, Point};
use gluecp_prover::chips::ed25519::mul::{
    EdMulAir, EdMulRequest, MUL_IN_BUS, MUL_OUT_BUS, NUM_ED_MUL_COLS, generate_trace,
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

fn requests() -> Vec<EdMulRequest> {
    let c = &*CURVE;
    let mut rng = XorShift(0xed_25519);
    let mut random = || {
        let words: Vec<u32> = (0..8).map(|_| rng.next_u32()).collect();
        BigUint::from_slice(&words)
    };
    let p = c.mul(&(random() % &c.l.value), &c.b);
    let mut top = random();
    top.set_bit(255, true);
    vec![
        EdMulRequest {
            clk: 10,
            which: 0,
            point: c.b.clone(),
            k: random() % &c.l.value,
        },
        EdMulRequest {
            clk: 10,
            which: 1,
            point: p.clone(),
            k: top,
        },
        EdMulRequest {
            clk: 20,
            which: 0,
            point: p,
            k: BigUint::ZERO,
        },
        EdMulRequest {
            clk: 30,
            which: 1,
            point: c.b.clone(),
            k: c.l.value.clone(),
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
    fn new(requests: &[EdMulRequest]) -> Self {
        let c = &*CURVE;
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(requests, &mut bytes);
        let mut ins = Vec::new();
        let mut outs = Vec::new();
        for r in requests {
            let head = vec![r.clk, r.which];
            let point: Point = c.mul(&r.k, &r.point);
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
            Chip::Ed25519Mul(EdMulAir),
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
}

#[test]
fn honest_multiplications_verify() {
    let c = &*CURVE;
    let events = requests();
    // [0] P and [ℓ] B are the identity.
    assert_eq!(c.mul(&events[2].k, &events[2].point), Point::identity());
    assert_eq!(c.mul(&events[3].k, &events[3].point), Point::identity());
    let setup = Setup::new(&events);
    setup.check().expect("passes the debug checks");
    let (chips, traces) = setup.tables();
    prove_and_verify(&chips, traces).expect("verifies");
}

#[test]
fn every_cell_of_sampled_rows_is_bound() {
    let events = requests();
    let reference = Setup::new(&events[..2]);
    // The first row, a byte's end, the last row, and the next multiplication's first.
    for row in [0, 7, 255, 256] {
        for col in 0..NUM_ED_MUL_COLS {
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
    setup.outs[0].0[7] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    let mut setup = Setup::new(&events);
    setup.ins[1].0[45] ^= 1;
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
}

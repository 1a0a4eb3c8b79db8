//! The `poseidon2` chip against stubs for the CPU (`exec` bus) and the memory (`memory`
//! bus), with the real byte table.
//!
//! Honest calls verify (the extreme canonical values, calls chained on one state, states at
//! the ends of memory); every cell of every real row is bound; a forged output, a
//! non-canonical input or output and a state out of range are rejected.

use gluecp_abi::ecall::coprocessor::POSEIDON2_KOALABEAR16;
use gluecp_prover::Val;
use gluecp_prover::bus::ts as timestamp;
use gluecp_prover::bus::{EXEC_BUS, EXEC_TUPLE_LEN, SYSCALL_OP, limbs};
use gluecp_prover::chips::Chip;
use gluecp_prover::chips::byte::{ByteAir, ByteLookups};
use gluecp_prover::chips::poseidon2::{
    NUM_PERM_COLS, NUM_POSEIDON2_CHIP_COLS, Poseidon2ChipAir, generate_trace,
};
use gluecp_prover::chips::stub::StubAir;
use gluecp_prover::record::{MemoryAccess, MemoryState, SyscallEvent};
use gluecp_prover::testing::{
    corrupt, debug_check, memory_stub, memory_stub_rows, prove_and_verify,
};
use p3_air::BaseAir;
use p3_field::{PrimeCharacteristicRing, PrimeField32};
use p3_koala_bear::KoalaBear;
use p3_matrix::dense::RowMajorMatrix;
use p3_symmetric::Permutation;

const P: u32 = KoalaBear::ORDER_U32;

/// Writes `state` at `a0` (if given) before `clk`, then runs the call as the VM does.
fn call(mem: &mut MemoryState, clk: u32, a0: u32, state: Option<[u32; 16]>) -> SyscallEvent {
    let t = timestamp(clk, 2);
    if let Some(state) = state {
        for (w, &x) in state.iter().enumerate() {
            mem.write(a0 + 4 * w as u32, x, t - 20 + w as u32);
        }
    }
    let mut x: [Val; 16] = core::array::from_fn(|w| Val::from_u32(mem.value(a0 + 4 * w as u32)));
    p3_koala_bear::default_koalabear_poseidon2_16().permute_mut(&mut x);
    let words = (0..16)
        .map(|w| mem.write(a0 + 4 * w as u32, x[w].as_canonical_u32(), t))
        .collect();
    SyscallEvent {
        clk,
        number: POSEIDON2_KOALABEAR16,
        a0,
        ret: 0,
        args: Vec::new(),
        words,
    }
}

fn edge_state() -> [u32; 16] {
    let mut state: [u32; 16] = core::array::from_fn(|i| (i as u32 * 0x0765_4321) % P);
    state[0] = P - 1;
    state[1] = 0x7f00_0000;
    state[2] = 0;
    state[3] = 0x7eff_ffff;
    state
}

/// Three calls: an edge state, the same state permuted again, a state at the top of memory.
fn calls() -> Vec<SyscallEvent> {
    let mut mem = MemoryState::default();
    vec![
        call(&mut mem, 100, 0x1000, Some(edge_state())),
        call(&mut mem, 200, 0x1000, None),
        call(
            &mut mem,
            300,
            (1 << 29) - 64,
            Some(core::array::from_fn(|i| i as u32)),
        ),
    ]
}

struct Setup {
    trace: RowMajorMatrix<Val>,
    bytes: ByteLookups,
    syscalls: Vec<(Vec<u32>, i32)>,
    memory: Vec<(Vec<u32>, i32)>,
}

impl Setup {
    fn new(events: &[SyscallEvent]) -> Self {
        let mut bytes = ByteLookups::default();
        let trace = generate_trace(events, &mut bytes);
        let syscalls = events
            .iter()
            .map(|e| {
                let [lo, hi] = limbs(e.a0);
                let [r0, r1] = limbs(e.ret);
                let message = [SYSCALL_OP, e.clk, e.number, lo, hi, r0, r1, 0, 0, 0];
                (message.to_vec(), 1)
            })
            .collect();
        let accesses: Vec<MemoryAccess> = events.iter().flat_map(|e| e.words.clone()).collect();
        Self {
            trace,
            bytes,
            syscalls,
            memory: memory_stub_rows(&accesses),
        }
    }

    fn tables(&self) -> (Vec<Chip>, Vec<RowMajorMatrix<Val>>) {
        let exec = StubAir::new(EXEC_BUS.name(), EXEC_TUPLE_LEN);
        let chips = vec![
            Chip::Poseidon2(Poseidon2ChipAir::default()),
            Chip::Stub(exec.clone()),
            Chip::Stub(memory_stub()),
            Chip::Byte(ByteAir),
        ];
        let traces = vec![
            self.trace.clone(),
            exec.generate_trace(&self.syscalls),
            memory_stub().generate_trace(&self.memory),
            self.bytes.generate_trace(),
        ];
        (chips, traces)
    }

    fn prove(&self) -> Result<(), String> {
        let (chips, traces) = self.tables();
        prove_and_verify(&chips, traces)
    }

    /// The debug prover's checks without proving: constraints, then bus balance.
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
fn honest_calls_verify() {
    let setup = Setup::new(&calls());
    setup.check().expect("passes the debug checks");
    setup.prove().expect("verifies");
}

#[test]
fn every_cell_of_every_real_row_is_bound() {
    let events = calls();
    for row in 0..events.len() {
        for col in 0..NUM_POSEIDON2_CHIP_COLS {
            let mut bad = Setup::new(&events);
            corrupt(&mut bad.trace, row, col);
            assert!(
                bad.check().is_err(),
                "corrupting row {row} column {col} was not detected"
            );
        }
    }
}

#[test]
fn corrupted_cells_fail_verification() {
    for (row, col) in [(0, 3), (1, NUM_PERM_COLS - 1), (2, NUM_PERM_COLS + 20)] {
        let mut setup = Setup::new(&calls());
        corrupt(&mut setup.trace, row, col);
        assert!(setup.prove().is_err(), "cell ({row}, {col})");
    }
}

#[test]
fn forged_output_is_rejected() {
    // The memory sees another value written to word 5: against the chip's true output the
    // memory bus does not balance, and a row claiming the forged output breaks the link to
    // the permutation's last round.
    let honest = calls();
    let mut forged = honest.clone();
    forged[0].words[5].value = (forged[0].words[5].value + 1) % P;
    let accesses: Vec<MemoryAccess> = forged.iter().flat_map(|e| e.words.clone()).collect();
    let mut setup = Setup::new(&honest);
    setup.memory = memory_stub_rows(&accesses);
    assert_eq!(setup.check(), Err("unbalanced bus".into()));
    assert!(setup.prove().is_err());
    assert_eq!(
        Setup::new(&forged).check(),
        Err("constraint failure".into())
    );
    assert!(Setup::new(&forged).prove().is_err());
}

#[test]
fn non_canonical_words_are_rejected() {
    // An input of p (the VM returns INVALID): the permutation of its reduction, 0, is
    // consistent, but the canonical check has no entry.
    let mut mem = MemoryState::default();
    let mut state = edge_state();
    state[7] = P;
    let event = call(&mut mem, 100, 0x2000, Some(state));
    assert_eq!(Setup::new(&[event]).check(), Err("unbalanced bus".into()));
    // An output written as its value plus p (the same field element).
    let mut mem = MemoryState::default();
    let mut honest = call(&mut mem, 100, 0x2000, Some([0; 16]));
    honest.words[3].value += P;
    assert_eq!(Setup::new(&[honest]).check(), Err("unbalanced bus".into()));
}

#[test]
fn states_out_of_range_are_rejected() {
    for a0 in [0xffc, (1 << 29) - 60, 0x0] {
        let mut mem = MemoryState::default();
        let event = call(&mut mem, 100, a0, Some(edge_state()));
        assert_eq!(
            Setup::new(&[event]).check(),
            Err("unbalanced bus".into()),
            "state at {a0:#x}"
        );
    }
}

#[test]
fn shape() {
    assert_eq!(NUM_PERM_COLS, 164);
    assert_eq!(NUM_POSEIDON2_CHIP_COLS, 315);
    assert_eq!(
        BaseAir::<Val>::width(&Poseidon2ChipAir::default()),
        NUM_POSEIDON2_CHIP_COLS
    );
}

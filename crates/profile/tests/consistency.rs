//! A profile's numbers add up: per category to the totals under every model, the glue's
//! instructions to the VM's cycle count, the gas regions to the execution gas, the folded
//! stacks to the instructions model. Its `prove` cells are the prover's: the glue's equal the
//! real rows × widths of the tables the prover builds for the same run.

use gluecp_abi::ecall::coprocessor::KECCAK_F;
use gluecp_coprocessors::keccak::WORKLOAD;
use gluecp_profile::flamegraph;
use gluecp_profile::profile::{Costs, Profile, profile};
use gluecp_profile::report::{Model, render};
use gluecp_profile::schedule::GasSchedule;
use gluecp_vm::{Program, Registry, Vm};
use std::path::Path;
use std::sync::OnceLock;

/// The coprocessor workloads' guest (both modes).
fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../coprocessors/guest");
        let elf = gluecp_build::build_guests(&dir)
            .expect("guest builds")
            .remove("coprocessor-guest")
            .expect("the combined guest");
        Program::from_elf(&std::fs::read(elf).unwrap()).unwrap()
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn check_sums(profile: &Profile) {
    for model in Model::ALL {
        let rows: f64 = profile.rows.iter().map(|r| model.of(&r.cost)).sum();
        let glue: f64 = profile
            .rows
            .iter()
            .filter(|r| r.kind == "glue")
            .map(|r| model.of(&r.cost))
            .sum();
        assert!(
            close(rows, model.of(&profile.total)),
            "{model:?}: rows {rows} total"
        );
        assert!(close(glue, model.of(&profile.glue)), "{model:?}: glue");
        assert!(close(
            model.of(&profile.glue) + model.of(&profile.coprocessors),
            model.of(&profile.total)
        ));
    }
    let glue_instructions: u64 = profile
        .rows
        .iter()
        .filter(|r| r.kind == "glue")
        .map(|r| r.count)
        .sum();
    assert_eq!(
        glue_instructions, profile.cycles,
        "glue instructions are the cycle count"
    );
    let gas = &profile.gas;
    let regions: f64 = gas.regions.iter().map(|(_, g)| g).sum();
    assert!(close(regions, gas.execution));
    assert!(close(gas.total, gas.base + gas.calldata + gas.execution));
    let folded: u64 = profile.folded.iter().map(|(_, w)| w).sum();
    assert!(
        close(folded as f64, profile.total.instructions),
        "folded {folded}"
    );
}

fn run(plain: bool, data: &[u8]) -> (Profile, u64) {
    let registry = gluecp_coprocessors::builtins();
    let input = WORKLOAD.guest_input(plain, data);
    let schedule = GasSchedule::evm();
    let profile = profile(program(), &registry, &input, 1 << 32, &schedule).unwrap();
    let mut vm = Vm::with_coprocessors(program(), &registry);
    vm.set_input(input);
    let cycles = vm.run().unwrap().cycles;
    (profile, cycles)
}

#[test]
fn glue_only_run_adds_up() {
    let (profile, cycles) = run(true, &[7u8; 500]);
    assert_eq!(profile.cycles, cycles);
    assert_eq!(profile.coprocessors, Costs::default());
    check_sums(&profile);
    assert!(
        profile.functions.iter().any(|f| f.name.contains("keccak")),
        "a keccak function is named"
    );
}

#[test]
fn coprocessor_calls_are_rows_with_their_work() {
    // 1,000 bytes: 7 full 136-byte blocks and a padded last block, one permutation each.
    let (profile, cycles) = run(false, &[7u8; 1000]);
    assert_eq!(profile.cycles, cycles);
    check_sums(&profile);
    let keccak = profile
        .rows
        .iter()
        .find(|r| r.category == "keccak")
        .expect("a keccak row");
    assert_eq!((keccak.kind, keccak.work), ("coprocessor", 8));
    let unit = gluecp_coprocessors::builtins()
        .iter()
        .find(|(_, c)| c.name() == "keccak")
        .map(|(_, c)| c.work_cost())
        .unwrap();
    assert_eq!(keccak.cost.instructions, (8 * unit.instructions) as f64);
    assert_eq!(keccak.cost.gas, 8.0 * 132.0);
    assert!(profile.gas.coprocessor_share > 0.0);
    // The coprocessor frame hangs under the function that called it.
    assert!(
        profile
            .folded
            .iter()
            .any(|(stack, _)| stack.ends_with(";[keccak]"))
    );
    let table = render(&profile, &Model::ALL, 5);
    assert!(
        table.contains("[keccak]") && table.contains("glue / coprocessors"),
        "{table}"
    );
    let mut svg = Vec::new();
    flamegraph::write_svg(&profile, "test", &mut svg).unwrap();
    assert!(String::from_utf8(svg).unwrap().contains("<svg"));
}

#[test]
fn glue_cells_are_the_provers_rows() {
    use gluecp_prover::chips::{cpu::NUM_CPU_COLS, lsu::NUM_LSU_COLS};
    use gluecp_prover::cost::{ALU_CHIP_WIDTHS, KECCAK_CALL_CELLS};

    // The Keccak example, which the prover proves (the combined guest absorbs from unaligned
    // buffers, which the keccak chip does not take yet).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/keccak");
    let elf = gluecp_build::build_guest(&dir).expect("the keccak example builds");
    let program = Program::from_elf(&std::fs::read(elf).unwrap()).unwrap();
    let registry = gluecp_coprocessors::builtins();
    let input = [7u8; 1000];
    let profile = profile(&program, &registry, &input, 1 << 32, &GasSchedule::evm()).unwrap();
    check_sums(&profile);
    let record = gluecp_prover::execute::execute(&program, &registry, &input).expect("executes");
    let alu: usize = record
        .alu
        .iter()
        .zip(ALU_CHIP_WIDTHS)
        .map(|(events, width)| events.len() * width)
        .sum();
    let rows = record.cpu.len() * NUM_CPU_COLS + alu + record.lsu.len() * NUM_LSU_COLS;
    assert_eq!(profile.glue.cells, rows as f64);
    assert!(profile.rows.iter().all(|r| !r.cells_estimated));

    let keccak = profile
        .rows
        .iter()
        .find(|r| r.category == "keccak")
        .unwrap();
    assert_eq!(keccak.work, record.keccak.len() as u64);
    assert_eq!(keccak.cost.cells, (keccak.work * KECCAK_CALL_CELLS) as f64);
    assert_eq!(
        gluecp_prover::cost::coprocessor_cells(KECCAK_F),
        Some(KECCAK_CALL_CELLS)
    );
    let table = render(&profile, &[Model::Prove], 0);
    assert!(!table.contains('*'), "no estimate is marked:\n{table}");
}

#[test]
fn coprocessors_without_a_chip_are_marked_as_estimates() {
    let registry = gluecp_coprocessors::builtins();
    // One BN254 pairing check (BN254 has no chip yet): the workload's first 384-byte record.
    let workload = gluecp_coprocessors::bn254::WORKLOAD;
    let records = (workload.input)();
    let input = workload.guest_input(false, &records[..384]);
    let profile = profile(program(), &registry, &input, 1 << 32, &GasSchedule::evm()).unwrap();
    check_sums(&profile);
    let pairing = profile
        .rows
        .iter()
        .find(|r| r.category == "bn254_pairing")
        .expect("a bn254_pairing row");
    assert!(pairing.cells_estimated);
    assert!(
        profile
            .rows
            .iter()
            .filter(|r| r.kind == "glue")
            .all(|r| !r.cells_estimated)
    );
    let table = render(&profile, &[Model::Prove], 0);
    assert!(
        table.contains("* estimated: no prover chip yet for [bn254_pairing]"),
        "{table}"
    );
    let marked = table.lines().filter(|l| l.contains('*')).count();
    // The pairing row, the coprocessors and total lines, the footnote.
    assert_eq!(marked, 4, "{table}");
}

#[test]
fn unregistered_coprocessors_are_not_profiled_as_success() {
    let input = WORKLOAD.guest_input(false, &[1u8; 10]);
    let result = profile(
        program(),
        &Registry::new(),
        &input,
        1 << 32,
        &GasSchedule::evm(),
    );
    assert!(result.is_err(), "an unknown ecall stops the guest");
}

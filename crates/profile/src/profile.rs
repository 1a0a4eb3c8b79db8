//! A profile: one run recorded, one run timed, and the costs of every category under
//! every cost model.
//!
//! Categories are the glue's instruction classes and each coprocessor. Cost models:
//!
//! | model | glue class | coprocessor |
//! | --- | --- | --- |
//! | `instructions` | instructions executed | units of work × instruction-equivalent ([`WorkCost`]) |
//! | `time` | the glue's host time, shared out by instruction count; system calls add their measured time | measured host time in the calls |
//! | `prove` | the main-trace cells the instructions add: for each instruction, executions × its CPU row and its row in the chip serving its op ([`gluecp_prover::cost`]) | units of work × the cells of one unit: rows × width of the prover's chip where it has one, the coprocessor's own estimate otherwise ([`WorkCost`], [`Row::cells_estimated`]) |
//! | `gas` | instructions × the schedule's price | calls and units of work × the schedule's prices |
//!
//! Under every model the rows add up to the totals, and the glue rows of `instructions`
//! add up to the VM's cycle count (each `ecall` is one instruction of the system class).
//!
//! The `prove` model counts main-trace cells (rows × width) that grow with the run's work,
//! exactly as the prover lays them out: the glue's `cpu`, ALU and `lsu` rows, and each proven
//! coprocessor's chip rows. An `ecall` is its CPU row (the coprocessor's chip is in its own
//! row). Left out, since no single instruction or call owns them: LogUp auxiliary columns,
//! padding of each table to a power of two, the fixed tables (`byte`, `program`, `image`,
//! `io-data`), the `memory` chip's rows per touched memory cell, and the `io` chip's rows per
//! input or journal call (see [`gluecp_prover::cost`]). A proof commits more than this
//! figure; the `prove` command reports its padded tables.

use crate::recorder::{CLASS_NAMES, EcallTimer, Recorder, class_index};
use crate::schedule::GasSchedule;
use crate::stacks::{CLASSES, UNKNOWN};
use gluecp_abi::ecall::COPROCESSOR_BASE;
use gluecp_prover::cost::{coprocessor_cells, instruction_cells};
use gluecp_vm::{Program, Registry, Vm, VmError, WorkCost};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;

/// The cost of something under each model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Costs {
    /// Instructions (coprocessors: their instruction-equivalents).
    pub instructions: f64,
    /// Host seconds.
    pub seconds: f64,
    /// Main-trace cells the prover commits for it (see the module docs).
    pub cells: f64,
    /// Gas under the schedule.
    pub gas: f64,
}

impl std::ops::AddAssign for Costs {
    fn add_assign(&mut self, other: Costs) {
        self.instructions += other.instructions;
        self.seconds += other.seconds;
        self.cells += other.cells;
        self.gas += other.gas;
    }
}

/// One row of the cost table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    /// `"ALU"`, ..., or the coprocessor's name.
    pub category: String,
    /// `"glue"` or `"coprocessor"`.
    pub kind: &'static str,
    /// Instructions executed (glue) or calls made (coprocessor).
    pub count: u64,
    /// Units of work (coprocessors; 0 for glue).
    pub work: u64,
    /// Its cost under each model.
    pub cost: Costs,
    /// Whether `cost.cells` is an estimate: a coprocessor the prover has no chip for yet, whose
    /// cells come from its [`WorkCost`]. Glue rows are always exact.
    pub cells_estimated: bool,
}

/// The gas of a run laid out like an EVM transaction's gas trace.
#[derive(Clone, Debug, Default, Serialize)]
pub struct GasBreakdown {
    /// The schedule's name.
    pub schedule: String,
    /// Charged once.
    pub base: f64,
    /// The input bytes.
    pub calldata: f64,
    /// Everything the program executed: the sum of `regions`.
    pub execution: f64,
    /// Execution by region (the schedule's regions, then `"other"`).
    pub regions: Vec<(String, f64)>,
    /// Base + calldata + execution.
    pub total: f64,
    /// Execution gas spent in coprocessors, and its share of execution.
    pub coprocessors: f64,
    /// `coprocessors / execution`.
    pub coprocessor_share: f64,
}

/// One function's cost under the `instructions` model.
#[derive(Clone, Debug, Serialize)]
pub struct FunctionCost {
    /// Demangled name, without the hash.
    pub name: String,
    /// Its own instructions and the coprocessor calls it made itself.
    pub exclusive: f64,
    /// Including everything it called.
    pub inclusive: f64,
}

/// A run's profile.
#[derive(Clone, Debug, Serialize)]
pub struct Profile {
    /// The program id.
    pub program_id: String,
    /// The guest's exit code.
    pub exit_code: u32,
    /// Instructions executed (the VM's cycle count).
    pub cycles: u64,
    /// Input length in bytes.
    pub input_bytes: usize,
    /// Glue rows (one per instruction class), then one row per coprocessor used.
    pub rows: Vec<Row>,
    /// The sum of the glue rows.
    pub glue: Costs,
    /// The sum of the coprocessor rows.
    pub coprocessors: Costs,
    /// The sum of all rows.
    pub total: Costs,
    /// The gas breakdown.
    pub gas: GasBreakdown,
    /// Functions by inclusive cost, highest first.
    pub functions: Vec<FunctionCost>,
    /// Folded stacks (`main;f;g weight`), weighted by the `instructions` model, with
    /// coprocessor calls as `[name]` frames.
    #[serde(skip)]
    pub folded: Vec<(String, u64)>,
}

/// Profile `program` on `input`: a recorded run for the counts and stacks, then a timed
/// run for the host seconds. A guest that traps is an error; one that exits non-zero is
/// profiled (its exit code is in the profile).
pub fn profile(
    program: &Program,
    registry: &Registry,
    input: &[u8],
    max_cycles: u64,
    schedule: &GasSchedule,
) -> Result<Profile, VmError> {
    let mut recorder = Recorder::new(program);
    let mut vm = Vm::with_coprocessors(program, registry);
    vm.set_input(input.to_vec());
    vm.set_max_cycles(max_cycles);
    let exit = vm.run_with(&mut recorder)?;

    let mut timer = EcallTimer::default();
    let mut vm = Vm::with_coprocessors(program, registry);
    vm.set_input(input.to_vec());
    vm.set_max_cycles(max_cycles);
    let start = Instant::now();
    vm.run_with(&mut timer)?;
    let wall = start.elapsed().as_secs_f64();

    let names: Vec<String> = program
        .symbols()
        .iter()
        .map(|s| demangle(&s.name))
        .collect();
    // The glue's cells, exactly: each instruction's executions × its cells.
    let (mut glue_cells, mut executed) = ([0u64; CLASSES], [0u64; CLASSES]);
    for (instruction, &count) in program.instructions().iter().zip(&recorder.counts) {
        let class = class_index(instruction.opcode.class());
        executed[class] += count;
        glue_cells[class] += count * instruction_cells(instruction);
    }
    let costs = Costing {
        registry,
        schedule,
        glue_cells,
        cells_per_instruction: std::array::from_fn(|class| match executed[class] {
            0 => 0.0,
            n => glue_cells[class] as f64 / n as f64,
        }),
    };
    Ok(Profile {
        program_id: program.id().to_string(),
        exit_code: exit.code,
        cycles: exit.cycles,
        input_bytes: input.len(),
        ..costs.tables(&recorder, &timer, wall, input, &names)
    })
}

/// A function name without the hash suffix.
pub fn demangle(name: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(name))
}

struct Costing<'a> {
    registry: &'a Registry,
    schedule: &'a GasSchedule,
    /// The glue's main-trace cells by class: the sum over its instructions of executions ×
    /// [`instruction_cells`].
    glue_cells: [u64; CLASSES],
    /// Each class's average cells per executed instruction (0 for a class not run), for the
    /// instructions of one stack: the stack trie keeps counts by class, not by instruction.
    cells_per_instruction: [f64; CLASSES],
}

impl Costing<'_> {
    fn coprocessor(&self, number: u32) -> (String, WorkCost) {
        match self.registry.get(number) {
            Some(c) => (c.name().to_owned(), c.work_cost()),
            None => (format!("ecall {number:#x}"), WorkCost::default()),
        }
    }

    /// Main-trace cells of one unit of work of `number`, and whether it is an estimate (no
    /// prover chip yet: the coprocessor's own figure).
    fn unit_cells(&self, number: u32, unit: &WorkCost) -> (u64, bool) {
        match coprocessor_cells(number) {
            Some(cells) => (cells, false),
            None => (unit.cells, true),
        }
    }

    /// Gas, instruction-equivalents and cells of `calls` calls doing `work` units of `number`.
    fn call_costs(&self, number: u32, calls: u64, work: u64) -> Costs {
        let (name, unit) = self.coprocessor(number);
        let price = self
            .schedule
            .coprocessor
            .get(&name)
            .copied()
            .unwrap_or_default();
        Costs {
            instructions: (work * unit.instructions) as f64,
            seconds: 0.0,
            cells: (work * self.unit_cells(number, &unit).0) as f64,
            gas: calls as f64 * price.call + work as f64 * price.work,
        }
    }

    /// The costs of `counts` instructions by class, with each class's average cells (the
    /// totals' rows replace them by the exact sums).
    fn glue_costs(&self, counts: &[u64; CLASSES]) -> [Costs; CLASSES] {
        std::array::from_fn(|class| {
            let n = counts[class] as f64;
            Costs {
                instructions: n,
                seconds: 0.0,
                cells: n * self.cells_per_instruction[class],
                gas: n * self.schedule.instruction_price(CLASS_NAMES[class].1),
            }
        })
    }

    fn tables(
        &self,
        recorder: &Recorder<'_>,
        timer: &EcallTimer,
        wall: f64,
        input: &[u8],
        names: &[String],
    ) -> Profile {
        let trie = &recorder.stacks;
        // Per class and per coprocessor totals.
        let mut class_counts = [0u64; CLASSES];
        for counts in &trie.counts {
            for (total, count) in class_counts.iter_mut().zip(counts) {
                *total += count;
            }
        }
        let mut uses: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
        for (&(_, number), used) in &trie.calls {
            let entry = uses.entry(number).or_default();
            entry.0 += used.calls;
            entry.1 += used.work;
        }

        // Time: the glue's share of the wall time is split by instruction count.
        let ecall_seconds = |pred: &dyn Fn(u32) -> bool| -> f64 {
            timer
                .ecalls
                .iter()
                .filter(|(n, _)| pred(**n))
                .map(|(_, s)| s.time.as_secs_f64())
                .sum()
        };
        let system_seconds = ecall_seconds(&|n| n < COPROCESSOR_BASE);
        let coprocessor_seconds = ecall_seconds(&|n| n >= COPROCESSOR_BASE);
        let glue_seconds = (wall - system_seconds - coprocessor_seconds).max(0.0);
        let cycles = class_counts.iter().sum::<u64>().max(1) as f64;

        let mut rows = Vec::new();
        let (mut glue, mut coprocessors) = (Costs::default(), Costs::default());
        for (class, mut cost) in self.glue_costs(&class_counts).into_iter().enumerate() {
            cost.seconds = glue_seconds * class_counts[class] as f64 / cycles;
            // The exact sum, not count × average (which may round).
            cost.cells = self.glue_cells[class] as f64;
            if class == 5 {
                cost.seconds += system_seconds;
            }
            glue += cost;
            rows.push(Row {
                category: CLASS_NAMES[class].0.to_owned(),
                kind: "glue",
                count: class_counts[class],
                work: 0,
                cost,
                cells_estimated: false,
            });
        }
        for (&number, &(calls, work)) in &uses {
            let mut cost = self.call_costs(number, calls, work);
            cost.seconds = timer
                .ecalls
                .get(&number)
                .map_or(0.0, |s| s.time.as_secs_f64());
            coprocessors += cost;
            let (category, unit) = self.coprocessor(number);
            rows.push(Row {
                category,
                kind: "coprocessor",
                count: calls,
                work,
                cost,
                cells_estimated: self.unit_cells(number, &unit).1,
            });
        }
        let mut total = glue;
        total += coprocessors;

        let (functions, folded, regions) = self.by_stack(recorder, names);
        let zeros = input.iter().filter(|&&b| b == 0).count() as f64;
        let calldata = zeros * self.schedule.input_zero_byte
            + (input.len() as f64 - zeros) * self.schedule.input_byte;
        let gas = GasBreakdown {
            schedule: self.schedule.name.clone(),
            base: self.schedule.base,
            calldata,
            execution: total.gas,
            regions,
            total: self.schedule.base + calldata + total.gas,
            coprocessors: coprocessors.gas,
            coprocessor_share: share(coprocessors.gas, total.gas),
        };
        Profile {
            program_id: String::new(),
            exit_code: 0,
            cycles: 0,
            input_bytes: 0,
            rows,
            glue,
            coprocessors,
            total,
            gas,
            functions,
            folded,
        }
    }

    /// Function costs, folded stacks and gas regions, from the stack trie.
    #[expect(clippy::type_complexity, reason = "three parallel results of one walk")]
    fn by_stack(
        &self,
        recorder: &Recorder<'_>,
        names: &[String],
    ) -> (Vec<FunctionCost>, Vec<(String, u64)>, Vec<(String, f64)>) {
        let trie = &recorder.stacks;
        let name = |id: u32| match names.get(id as usize) {
            Some(name) if id != UNKNOWN => name.as_str(),
            _ => "[unknown]",
        };
        // Instructions-model and gas cost of each node, and of its coprocessor calls.
        let mut node_cost = vec![(0.0f64, 0.0f64); trie.len()];
        let mut call_frames: Vec<(u32, String, f64)> = Vec::new();
        for (node, counts) in trie.counts.iter().enumerate() {
            for cost in self.glue_costs(counts) {
                node_cost[node].0 += cost.instructions;
                node_cost[node].1 += cost.gas;
            }
        }
        for (&(node, number), used) in &trie.calls {
            let cost = self.call_costs(number, used.calls, used.work);
            node_cost[node as usize].0 += cost.instructions;
            node_cost[node as usize].1 += cost.gas;
            call_frames.push((node, self.coprocessor(number).0, cost.instructions));
        }

        let mut exclusive: BTreeMap<u32, f64> = BTreeMap::new();
        let mut inclusive: BTreeMap<u32, f64> = BTreeMap::new();
        let mut regions: BTreeMap<String, f64> = BTreeMap::new();
        let mut folded = Vec::new();
        for node in 0..trie.len() as u32 {
            let (instructions, gas) = node_cost[node as usize];
            if instructions == 0.0 && gas == 0.0 {
                continue;
            }
            let stack = trie.stack(node);
            *exclusive
                .entry(*stack.last().expect("stacks are never empty"))
                .or_default() += instructions;
            let mut seen = Vec::new();
            for &f in &stack {
                if !seen.contains(&f) {
                    seen.push(f);
                    *inclusive.entry(f).or_default() += instructions;
                }
            }
            let region = stack
                .iter()
                .rev()
                .find_map(|&f| self.schedule.region_of(name(f)))
                .unwrap_or("other");
            *regions.entry(region.to_owned()).or_default() += gas;
            let glue: u64 = trie.counts[node as usize].iter().sum();
            if glue > 0 {
                let path: Vec<&str> = stack.iter().map(|&f| name(f)).collect();
                folded.push((path.join(";"), glue));
            }
        }
        for (node, coprocessor, instructions) in call_frames {
            let path: Vec<&str> = trie.stack(node).iter().map(|&f| name(f)).collect();
            folded.push((
                format!("{};[{coprocessor}]", path.join(";")),
                instructions as u64,
            ));
        }
        folded.sort();

        let mut functions: Vec<FunctionCost> = inclusive
            .into_iter()
            .map(|(f, inclusive)| FunctionCost {
                name: name(f).to_owned(),
                exclusive: exclusive.get(&f).copied().unwrap_or(0.0),
                inclusive,
            })
            .collect();
        functions.sort_by(|a, b| b.inclusive.total_cmp(&a.inclusive));

        // The schedule's regions first (in its order), then "other".
        let mut region_rows: Vec<(String, f64)> = self
            .schedule
            .regions
            .keys()
            .map(|r| (r.clone(), regions.get(r).copied().unwrap_or(0.0)))
            .collect();
        region_rows.push((
            "other".to_owned(),
            regions.get("other").copied().unwrap_or(0.0),
        ));
        (functions, folded, region_rows)
    }
}

/// `part / whole`, or 0 for an empty whole.
pub fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

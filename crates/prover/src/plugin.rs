//! Chips for user coprocessors: a host program that registers its own coprocessor with the VM
//! (`gluecp_vm::Registry::register`) registers its prover chip here, without editing gluecp.
//!
//! A [`CoprocessorChip`] names its call number and its tables ([`UserTable`]: a name and an
//! AIR written like the built-in chips', generic over `p3_lookup::InteractionBuilder`), replays
//! each call as memory accesses ([`CallRecorder`]), and generates its traces. Its tables join
//! the proof after the built-in ones, in registration order, and talk to the rest of the
//! machine only through the buses of [`crate::bus`] (the call on `exec`, guest memory on
//! `memory`, range and bitwise checks on `byte`) and buses of their own.
//!
//! The verifier needs the same [`ChipRegistry`]: a proof naming a table it does not know is
//! rejected. A chip's soundness is its author's: the machine checks that its tables balance
//! the buses, not what they compute.

use std::sync::Arc;

use p3_air::{Air, BaseAir, DebugConstraintBuilder};
use p3_batch_stark::folder::{
    ProverConstraintFolderWithLookups, VerifierConstraintFolderWithLookups,
};
use p3_lookup::InteractionSymbolicBuilder;
use p3_matrix::dense::RowMajorMatrix;

use crate::bus::{slot, ts};
use crate::chips::byte::ByteLookups;
use crate::config::{Challenge, StarkConfig, Val};
use crate::record::{MemoryAccess, MemoryState, SyscallEvent};

/// An AIR a user chip's table runs, as a trait object: implemented for every type that
/// implements `BaseAir<Val>` and `Air<AB>` for every `AB: p3_lookup::InteractionBuilder<F =
/// Val>` (write it like a built-in chip). The methods forward to those traits, one per
/// builder the prover, the verifier and the debug checkers use.
pub trait UserAir: Send + Sync {
    fn width(&self) -> usize;
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>>;
    fn preprocessed_width(&self) -> usize;
    fn main_next_row_columns(&self) -> Vec<usize>;
    fn preprocessed_next_row_columns(&self) -> Vec<usize>;
    fn num_public_values(&self) -> usize;
    fn max_constraint_degree(&self) -> Option<usize>;
    fn eval_symbolic(&self, builder: &mut InteractionSymbolicBuilder<Val, Challenge>);
    fn eval_prover(&self, builder: &mut ProverConstraintFolderWithLookups<'_, StarkConfig>);
    fn eval_verifier(&self, builder: &mut VerifierConstraintFolderWithLookups<'_, StarkConfig>);
    fn eval_debug(&self, builder: &mut DebugConstraintBuilder<'_, Val, Challenge>);
    fn eval_debug_base(&self, builder: &mut DebugConstraintBuilder<'_, Val>);
}

impl<T> UserAir for T
where
    T: BaseAir<Val>
        + Send
        + Sync
        + Air<InteractionSymbolicBuilder<Val, Challenge>>
        + for<'a> Air<ProverConstraintFolderWithLookups<'a, StarkConfig>>
        + for<'a> Air<VerifierConstraintFolderWithLookups<'a, StarkConfig>>
        + for<'a> Air<DebugConstraintBuilder<'a, Val, Challenge>>
        + for<'a> Air<DebugConstraintBuilder<'a, Val>>,
{
    fn width(&self) -> usize {
        BaseAir::width(self)
    }
    fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
        BaseAir::preprocessed_trace(self)
    }
    fn preprocessed_width(&self) -> usize {
        BaseAir::preprocessed_width(self)
    }
    fn main_next_row_columns(&self) -> Vec<usize> {
        BaseAir::main_next_row_columns(self)
    }
    fn preprocessed_next_row_columns(&self) -> Vec<usize> {
        BaseAir::preprocessed_next_row_columns(self)
    }
    fn num_public_values(&self) -> usize {
        BaseAir::num_public_values(self)
    }
    fn max_constraint_degree(&self) -> Option<usize> {
        BaseAir::max_constraint_degree(self)
    }
    fn eval_symbolic(&self, builder: &mut InteractionSymbolicBuilder<Val, Challenge>) {
        self.eval(builder);
    }
    fn eval_prover(&self, builder: &mut ProverConstraintFolderWithLookups<'_, StarkConfig>) {
        self.eval(builder);
    }
    fn eval_verifier(&self, builder: &mut VerifierConstraintFolderWithLookups<'_, StarkConfig>) {
        self.eval(builder);
    }
    fn eval_debug(&self, builder: &mut DebugConstraintBuilder<'_, Val, Challenge>) {
        self.eval(builder);
    }
    fn eval_debug_base(&self, builder: &mut DebugConstraintBuilder<'_, Val>) {
        self.eval(builder);
    }
}

/// One table of a user chip.
#[derive(Clone)]
pub struct UserTable {
    /// The table's name in proofs: unique, and not a built-in table's.
    pub name: String,
    pub air: Arc<dyn UserAir>,
}

impl UserTable {
    pub fn new(name: impl Into<String>, air: impl UserAir + 'static) -> Self {
        Self {
            name: name.into(),
            air: Arc::new(air),
        }
    }
}

impl std::fmt::Debug for UserTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserTable({})", self.name)
    }
}

/// The prover side of a user coprocessor.
pub trait CoprocessorChip: Send + Sync {
    /// The call number it proves (the one its coprocessor is registered under).
    fn number(&self) -> u32;

    /// Its tables, in the order a proof lists them.
    fn tables(&self) -> Vec<UserTable>;

    /// Replays one call the VM has just executed: the argument registers beyond `a0` it
    /// reads and the memory words it reads and writes, through `call` (all at the call's
    /// timestamp, each cell at most once). An `Err` refuses the run with that reason (a call
    /// the chip cannot prove).
    fn record(&self, call: &mut CallRecorder<'_>) -> Result<(), String>;

    /// The traces of [`Self::tables`] for these calls (in execution order), recording the
    /// `byte` lookups they make.
    fn generate_traces(
        &self,
        calls: &[SyscallEvent],
        bytes: &mut ByteLookups,
    ) -> Vec<RowMajorMatrix<Val>>;
}

/// The user chips a prover or verifier knows.
#[derive(Clone, Default)]
pub struct ChipRegistry {
    chips: Vec<Arc<dyn CoprocessorChip>>,
}

/// Why a chip cannot be registered.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("call {0:#x} is a system call or already has a chip")]
    Number(u32),
    #[error("table name `{0}` is taken (by a built-in table or another chip)")]
    Name(String),
}

impl ChipRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `chip`; its call number must be a coprocessor number without a chip (built-in or
    /// registered) and its table names new.
    pub fn register(&mut self, chip: impl CoprocessorChip + 'static) -> Result<(), RegisterError> {
        let number = chip.number();
        if number < gluecp_abi::ecall::COPROCESSOR_BASE
            || crate::cost::coprocessor_cells(number).is_some()
            || self.get(number).is_some()
        {
            return Err(RegisterError::Number(number));
        }
        let taken: Vec<String> = crate::machine::TABLE_ORDER
            .iter()
            .map(|s| s.to_string())
            .chain(self.table_names())
            .collect();
        let mut names: Vec<String> = Vec::new();
        for table in chip.tables() {
            if taken.contains(&table.name) || names.contains(&table.name) {
                return Err(RegisterError::Name(table.name));
            }
            names.push(table.name);
        }
        self.chips.push(Arc::new(chip));
        Ok(())
    }

    /// The chip proving call `number`, if any.
    pub fn get(&self, number: u32) -> Option<&Arc<dyn CoprocessorChip>> {
        self.chips.iter().find(|c| c.number() == number)
    }

    /// The registered chips, in registration order.
    pub fn chips(&self) -> &[Arc<dyn CoprocessorChip>] {
        &self.chips
    }

    /// Every table name of the registered chips, in proof order.
    pub fn table_names(&self) -> Vec<String> {
        self.chips
            .iter()
            .flat_map(|c| c.tables())
            .map(|t| t.name)
            .collect()
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<UserTable> {
        self.chips
            .iter()
            .flat_map(|c| c.tables())
            .find(|t| t.name == name)
    }
}

/// One call being replayed for a [`CoprocessorChip`]: register values, guest memory, and the
/// accesses recorded so far (at the call's timestamp, `4 clk + 2`).
pub struct CallRecorder<'a> {
    pub(crate) memory: &'a mut MemoryState,
    pub(crate) regs: [u32; 32],
    pub(crate) event: SyscallEvent,
}

impl<'a> CallRecorder<'a> {
    pub(crate) fn new(
        memory: &'a mut MemoryState,
        regs: [u32; 32],
        clk: u32,
        number: u32,
        a0: u32,
        ret: u32,
    ) -> Self {
        Self {
            memory,
            regs,
            event: SyscallEvent::new(clk, number, a0, ret),
        }
    }

    /// The call's clock.
    pub fn clk(&self) -> u32 {
        self.event.clk
    }

    /// `a0` before the call (it travels on the `exec` bus, no access needed).
    pub fn a0(&self) -> u32 {
        self.event.a0
    }

    /// The value the VM left in `a0` (the call's result, on the `exec` bus).
    pub fn ret(&self) -> u32 {
        self.event.ret
    }

    /// Reads register `reg` (below 32; recorded in `args`), once per call.
    pub fn read_register(&mut self, reg: u32) -> Result<u32, String> {
        if reg >= 32 || self.event.args.iter().any(|a| a.addr == reg) {
            return Err(format!("register x{reg} read twice or out of range"));
        }
        let access = self.memory.read(reg, ts(self.event.clk, slot::MEMORY));
        debug_assert_eq!(access.value, self.regs[reg as usize]);
        self.event.args.push(access);
        Ok(access.value)
    }

    /// The word at `addr` (4-aligned) without recording an access.
    pub fn peek(&self, addr: u32) -> u32 {
        self.memory.value(addr)
    }

    /// Reads the word at `addr` (recorded in `words`), once per call.
    pub fn read(&mut self, addr: u32) -> Result<MemoryAccess, String> {
        let value = self.peek(addr);
        self.write(addr, value)
    }

    /// Writes `value` to the word at `addr` (recorded in `words`), once per call. Guest
    /// words only: 4-aligned, in `[0x1000, 2^29)`, not in the code range.
    pub fn write(&mut self, addr: u32, value: u32) -> Result<MemoryAccess, String> {
        let mapped =
            addr.is_multiple_of(4) && (crate::bus::MEM_START..crate::bus::MEM_END).contains(&addr);
        if !mapped || self.memory.is_read_only(addr) {
            return Err(format!("{addr:#x} is not a writable guest word"));
        }
        if self.accessed(addr) {
            return Err(format!(
                "the word at {addr:#x} is accessed twice by one call"
            ));
        }
        let access = self
            .memory
            .write(addr, value, ts(self.event.clk, slot::MEMORY));
        self.event.words.push(access);
        Ok(access)
    }

    /// Whether the word at `addr` was already accessed by this call (a second access at the
    /// same timestamp cannot be proven).
    pub fn accessed(&self, addr: u32) -> bool {
        self.event.words.iter().any(|w| w.addr == addr)
    }
}

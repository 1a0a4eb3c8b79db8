//! The coprocessor interface: how the glue hands heavy, structured work to native code.
//!
//! A coprocessor is one type implementing [`Coprocessor`]. A guest calls it with `ecall`,
//! `t0` = its call number (from [`COPROCESSOR_BASE`] up), arguments in `a0..a3` and results
//! in `a0..a1` ([`gluecp_abi::ecall`]). Operands that do not fit in registers live in guest
//! memory and are passed as pointers; [`Call`] gives checked access to them.
//!
//! Two kinds of failure are kept apart:
//! - a **bad call** (a pointer outside memory, a length that overflows, overlapping
//!   operands where the call forbids it) is a bug in the guest: the handler returns a
//!   [`CallError`] and the VM stops the guest with [`VmError::BadEcall`] naming the call
//!   and the pc;
//! - an operand that is merely **invalid mathematically** (a point not on the curve, a zero
//!   modulus, a malformed signature) is data: the handler reports it to the guest through a
//!   documented result register, and the guest goes on.
//!
//! Coprocessors are listed in a [`Registry`], explicitly: the built-in list lives in
//! `gluecp-coprocessors`, and a host program can register its own.

use crate::error::VmError;
use crate::memory::{Memory, MemoryError};
use gluecp_abi::ecall::COPROCESSOR_BASE;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use thiserror::Error;

/// Native execution of one kind of coprocessor call.
pub trait Coprocessor: Send + Sync {
    /// Short name used in errors and cost reports, e.g. `"keccak_f"`.
    fn name(&self) -> &'static str;

    /// Execute one call: read the operands, compute, write the results. Must validate
    /// every pointer and length (the [`Call`] accessors do) and must not panic on any
    /// guest-controlled value.
    fn execute(&self, call: &mut Call<'_>) -> Result<(), CallError>;

    /// Units of work one call does, for cost reports: permutations, blocks,
    /// multiply-accumulates, whatever the coprocessor's costs scale with. Called just before
    /// [`execute`](Coprocessor::execute) with the same operands; it must not fail (return 1
    /// for operands `execute` will reject). Default: 1.
    fn work(&self, call: &Call<'_>) -> u64 {
        let _ = call;
        1
    }

    /// What one unit of [`work`](Coprocessor::work) costs in the cost models that count
    /// work rather than time. Default: one instruction, no cells.
    fn work_cost(&self) -> WorkCost {
        WorkCost {
            instructions: 1,
            cells: 0,
        }
    }
}

/// The cost of one unit of a coprocessor's work, for profiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkCost {
    /// RV32IM instructions the same work takes in plain RISC-V (the instruction-equivalent
    /// of the `instructions` cost model), measured on the coprocessor's plain twin.
    pub instructions: u64,
    /// Main-trace cells the prover commits for it: rows × width of its chip. Exact for
    /// coprocessors the prover has a chip for (`gluecp_prover::cost::coprocessor_cells`, which
    /// its tests keep equal), an estimate for the others (each says how it was derived).
    pub cells: u64,
}

/// One coprocessor call in progress: its register arguments, guest memory, its results.
pub struct Call<'a> {
    args: [u32; 4],
    results: [Option<u32>; 2],
    memory: &'a mut Memory,
}

impl<'a> Call<'a> {
    /// A call with the given register arguments against `memory` (the VM builds these; a
    /// test can too).
    pub fn new(args: [u32; 4], memory: &'a mut Memory) -> Self {
        Call {
            args,
            results: [None; 2],
            memory,
        }
    }

    /// Argument register `a{index}` (`index` < 4).
    pub fn arg(&self, index: usize) -> u32 {
        self.args[index]
    }

    /// Set result register `a{index}` (`index` < 2). Registers not set keep their values.
    pub fn set_result(&mut self, index: usize, value: u32) {
        self.results[index] = Some(value);
    }

    /// The results set so far.
    pub fn results(&self) -> [Option<u32>; 2] {
        self.results
    }

    /// The `len` bytes at `addr`, which the call names `operand` in errors.
    pub fn read(&self, operand: &'static str, addr: u32, len: u32) -> Result<&[u8], CallError> {
        self.memory
            .read_bytes(addr, len)
            .map_err(|error| CallError::Memory { operand, error })
    }

    /// A fixed-size operand.
    pub fn read_array<const N: usize>(
        &self,
        operand: &'static str,
        addr: u32,
    ) -> Result<[u8; N], CallError> {
        let len = u32::try_from(N).map_err(|_| CallError::invalid(operand, "operand too large"))?;
        let mut out = [0u8; N];
        out.copy_from_slice(self.read(operand, addr, len)?);
        Ok(out)
    }

    /// `N` little-endian words at `addr`, which must be 4-byte aligned.
    #[inline]
    pub fn read_words<const N: usize>(
        &self,
        operand: &'static str,
        addr: u32,
    ) -> Result<[u32; N], CallError> {
        check_word_aligned(operand, addr)?;
        let len =
            u32::try_from(4 * N).map_err(|_| CallError::invalid(operand, "operand too large"))?;
        let (chunks, _) = self.read(operand, addr, len)?.as_chunks::<4>();
        let mut words = [0u32; N];
        for (word, chunk) in words.iter_mut().zip(chunks) {
            *word = u32::from_le_bytes(*chunk);
        }
        Ok(words)
    }

    /// Write `bytes` at `addr` (outside read-only code).
    pub fn write(
        &mut self,
        operand: &'static str,
        addr: u32,
        bytes: &[u8],
    ) -> Result<(), CallError> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| CallError::invalid(operand, "operand too large"))?;
        self.memory
            .write_bytes(addr, len)
            .map_err(|error| CallError::Memory { operand, error })?
            .copy_from_slice(bytes);
        Ok(())
    }

    /// Write little-endian words at `addr`, which must be 4-byte aligned.
    #[inline]
    pub fn write_words(
        &mut self,
        operand: &'static str,
        addr: u32,
        words: &[u32],
    ) -> Result<(), CallError> {
        check_word_aligned(operand, addr)?;
        let len = u32::try_from(4 * words.len())
            .map_err(|_| CallError::invalid(operand, "operand too large"))?;
        let dest = self
            .memory
            .write_bytes(addr, len)
            .map_err(|error| CallError::Memory { operand, error })?;
        let (chunks, _) = dest.as_chunks_mut::<4>();
        for (chunk, word) in chunks.iter_mut().zip(words) {
            *chunk = word.to_le_bytes();
        }
        Ok(())
    }

    /// Direct access to guest memory, for handlers that need more than the accessors.
    pub fn memory(&mut self) -> &mut Memory {
        self.memory
    }
}

fn check_word_aligned(operand: &'static str, addr: u32) -> Result<(), CallError> {
    if addr.is_multiple_of(4) {
        Ok(())
    } else {
        Err(CallError::Memory {
            operand,
            error: MemoryError {
                addr,
                len: 4,
                fault: crate::memory::MemoryFault::Misaligned,
            },
        })
    }
}

/// A bad coprocessor call: the guest passed operands the call cannot take.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CallError {
    /// An operand's memory range was refused.
    #[error("operand `{operand}`: {error}")]
    Memory {
        /// Which operand.
        operand: &'static str,
        /// The refused access.
        error: MemoryError,
    },
    /// An operand that breaks the call's contract (a length that overflows, a dimension
    /// too large, overlapping buffers where the call forbids it).
    #[error("operand `{operand}`: {reason}")]
    Invalid {
        /// Which operand.
        operand: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl CallError {
    /// An [`CallError::Invalid`] error.
    pub fn invalid(operand: &'static str, reason: impl Into<String>) -> Self {
        CallError::Invalid {
            operand,
            reason: reason.into(),
        }
    }
}

/// Why a coprocessor could not be registered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegistryError {
    /// The number is below [`COPROCESSOR_BASE`], in the system-call range.
    #[error(
        "call number {0:#x} is reserved for system calls (coprocessors start at {COPROCESSOR_BASE:#x})"
    )]
    Reserved(u32),
    /// Another coprocessor already has this number.
    #[error("call number {number:#x} is already taken by `{existing}`")]
    Taken {
        /// The number.
        number: u32,
        /// The coprocessor that has it.
        existing: &'static str,
    },
}

/// The coprocessors a VM can call, by call number. Order is the call numbers' order, so
/// a registry lists its coprocessors the same way every time.
#[derive(Clone, Default)]
pub struct Registry {
    entries: BTreeMap<u32, Arc<dyn Coprocessor>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty registry, in a `const` context.
    pub const fn empty() -> Self {
        Registry {
            entries: BTreeMap::new(),
        }
    }

    /// Add a coprocessor under `number`.
    pub fn register(
        &mut self,
        number: u32,
        coprocessor: impl Coprocessor + 'static,
    ) -> Result<(), RegistryError> {
        self.register_boxed(number, Box::new(coprocessor))
    }

    /// Add an already boxed coprocessor under `number`.
    pub fn register_boxed(
        &mut self,
        number: u32,
        coprocessor: Box<dyn Coprocessor>,
    ) -> Result<(), RegistryError> {
        if number < COPROCESSOR_BASE {
            return Err(RegistryError::Reserved(number));
        }
        if let Some(existing) = self.entries.get(&number) {
            return Err(RegistryError::Taken {
                number,
                existing: existing.name(),
            });
        }
        self.entries.insert(number, Arc::from(coprocessor));
        Ok(())
    }

    /// The coprocessor under `number`.
    pub fn get(&self, number: u32) -> Option<&dyn Coprocessor> {
        self.entries.get(&number).map(|c| &**c)
    }

    /// Every (number, coprocessor), in number order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &dyn Coprocessor)> {
        self.entries.iter().map(|(&n, c)| (n, &**c))
    }

    /// Number of coprocessors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(n, c)| (n, c.name())))
            .finish()
    }
}

/// Run coprocessor `number` for the `ecall` at `pc`; returns the call's units of work.
pub(crate) fn dispatch(
    registry: &Registry,
    memory: &mut Memory,
    pc: u32,
    number: u32,
    regs: &mut [u32; 32],
) -> Result<u64, VmError> {
    use gluecp_abi::ecall::{REG_ARGS, REG_RESULTS};
    let coprocessor = registry
        .get(number)
        .ok_or(VmError::UnknownEcall { pc, number })?;
    let mut call = Call::new(REG_ARGS.map(|r| regs[r]), memory);
    let work = coprocessor.work(&call);
    coprocessor
        .execute(&mut call)
        .map_err(|e| VmError::BadEcall {
            pc,
            call: coprocessor.name(),
            reason: e.to_string(),
        })?;
    for (reg, value) in REG_RESULTS.into_iter().zip(call.results()) {
        if let Some(value) = value {
            regs[reg] = value;
        }
    }
    Ok(work)
}

//! System calls: the glue services of the `ecall` ABI ([`gluecp_abi::ecall`]).
//!
//! | call | arguments | result |
//! | --- | --- | --- |
//! | `HALT` | `a0` exit code | does not return |
//! | `READ_INPUT` | `a0` destination, `a1` length | `a0` bytes copied (short only at the end of input) |
//! | `INPUT_REMAINING` | — | `a0` input bytes not yet read (saturated to `u32::MAX`) |
//! | `WRITE` | `a0` fd (1 stdout, 2 stderr), `a1` pointer, `a2` length | — |
//! | `COMMIT` | `a0` pointer, `a1` length | — |
//!
//! Numbers from `COPROCESSOR_BASE` up go to the VM's coprocessor [`Registry`](crate::Registry).
//!
//! Lengths above [`MAX_TRANSFER`] and pointer ranges outside mapped memory (or, for
//! destinations, inside read-only code) stop the guest with [`VmError::BadEcall`]. The
//! total of stdout, stderr and journal is capped at [`MAX_OUTPUT`] so that a guest cannot
//! exhaust the host's memory.

use crate::error::VmError;
use crate::executor::Vm;
use gluecp_abi::ecall::{
    COMMIT, COPROCESSOR_BASE, FD_STDERR, FD_STDOUT, HALT, INPUT_REMAINING, MAX_TRANSFER,
    READ_INPUT, REG_ARGS, REG_CALL, WRITE, system_call_name,
};

/// Most bytes a run may write to stdout, stderr and the journal together.
pub const MAX_OUTPUT: usize = 1 << 28;

/// The guest's input and outputs.
#[derive(Default, Clone)]
pub(crate) struct Io {
    input: Vec<u8>,
    input_pos: usize,
    pub(crate) journal: Vec<u8>,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

impl Io {
    pub(crate) fn set_input(&mut self, input: Vec<u8>) {
        self.input = input;
        self.input_pos = 0;
    }

    fn output_len(&self) -> usize {
        self.journal.len() + self.stdout.len() + self.stderr.len()
    }
}

/// Handle the `ecall` at `pc`: `Ok(Some(code))` when the guest halts.
pub(crate) fn ecall(
    vm: &mut Vm<'_>,
    pc: u32,
    regs: &mut [u32; 32],
) -> Result<Option<u32>, VmError> {
    let number = regs[REG_CALL];
    let [a0, a1, a2, _] = REG_ARGS.map(|r| regs[r]);
    let call = system_call_name(number).unwrap_or("unknown");
    let bad = |reason: String| VmError::BadEcall { pc, call, reason };
    match number {
        HALT => return Ok(Some(a0)),
        READ_INPUT => {
            check_len(a1).map_err(bad)?;
            let io = &mut vm.io;
            let available = io.input.len() - io.input_pos;
            let count = available.min(a1 as usize);
            let dest = vm
                .memory
                .write_bytes(a0, count as u32)
                .map_err(|e| bad(format!("destination: {e}")))?;
            dest.copy_from_slice(&io.input[io.input_pos..io.input_pos + count]);
            io.input_pos += count;
            regs[REG_ARGS[0]] = count as u32;
        }
        INPUT_REMAINING => {
            let remaining = vm.io.input.len() - vm.io.input_pos;
            regs[REG_ARGS[0]] = u32::try_from(remaining).unwrap_or(u32::MAX);
        }
        WRITE | COMMIT => {
            let (ptr, len) = if number == WRITE { (a1, a2) } else { (a0, a1) };
            check_len(len).map_err(bad)?;
            let bytes = vm
                .memory
                .read_bytes(ptr, len)
                .map_err(|e| bad(format!("source: {e}")))?;
            let io = &mut vm.io;
            if io.output_len() + bytes.len() > MAX_OUTPUT {
                return Err(bad(format!("output limit of {MAX_OUTPUT} bytes exceeded")));
            }
            let sink = match (number, a0) {
                (COMMIT, _) => &mut io.journal,
                (_, FD_STDOUT) => &mut io.stdout,
                (_, FD_STDERR) => &mut io.stderr,
                (_, fd) => return Err(bad(format!("file descriptor {fd} is neither 1 nor 2"))),
            };
            sink.extend_from_slice(bytes);
        }
        _ if number >= COPROCESSOR_BASE => {
            let work =
                crate::coprocessor::dispatch(vm.coprocessors, &mut vm.memory, pc, number, regs)?;
            vm.last_call = Some((number, work));
        }
        _ => return Err(VmError::UnknownEcall { pc, number }),
    }
    Ok(None)
}

fn check_len(len: u32) -> Result<(), String> {
    if len > MAX_TRANSFER {
        Err(format!(
            "length {len} exceeds the {MAX_TRANSFER}-byte transfer limit"
        ))
    } else {
        Ok(())
    }
}

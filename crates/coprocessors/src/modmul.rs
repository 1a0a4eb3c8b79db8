//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct ModMul256;

impl Coprocessor for ModMul256 {
    fn name(&self) -> &'static str {
        "modmul"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

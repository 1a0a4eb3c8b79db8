//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct Verify;

impl Coprocessor for Verify {
    fn name(&self) -> &'static str {
        "secp256k1"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub struct Recover;

impl Coprocessor for Recover {
    fn name(&self) -> &'static str {
        "secp256k1"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "secp256k1",
    description: "secp256k1",
    input: Vec::new,
    native: |input| input.to_vec(),
};

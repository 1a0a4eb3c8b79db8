//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct Verify;

impl Coprocessor for Verify {
    fn name(&self) -> &'static str {
        "ed25519"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "ed25519",
    description: "ed25519",
    input: Vec::new,
    native: |input| input.to_vec(),
};

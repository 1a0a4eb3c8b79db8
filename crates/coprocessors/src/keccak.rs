//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct KeccakF;

impl Coprocessor for KeccakF {
    fn name(&self) -> &'static str {
        "keccak"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "keccak",
    description: "keccak",
    input: Vec::new,
    native: |input| input.to_vec(),
};

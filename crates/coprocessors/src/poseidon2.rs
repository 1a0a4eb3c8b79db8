//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct Poseidon2;

impl Coprocessor for Poseidon2 {
    fn name(&self) -> &'static str {
        "poseidon2"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "poseidon2",
    description: "poseidon2",
    input: Vec::new,
    native: |input| input.to_vec(),
};

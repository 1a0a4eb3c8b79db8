//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct Sha256Compress;

impl Coprocessor for Sha256Compress {
    fn name(&self) -> &'static str {
        "sha256"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "sha256",
    description: "sha256",
    input: Vec::new,
    native: |input| input.to_vec(),
};

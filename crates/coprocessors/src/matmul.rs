//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct MatmulI8;

impl Coprocessor for MatmulI8 {
    fn name(&self) -> &'static str {
        "matmul"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "matmul",
    description: "matmul",
    input: Vec::new,
    native: |input| input.to_vec(),
};

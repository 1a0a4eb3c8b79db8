//! (being written)

use gluecp_vm::{Call, CallError, Coprocessor};

/// (being written)
pub struct Add;

impl Coprocessor for Add {
    fn name(&self) -> &'static str {
        "bn254"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub struct Mul;

impl Coprocessor for Mul {
    fn name(&self) -> &'static str {
        "bn254"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub struct Pairing;

impl Coprocessor for Pairing {
    fn name(&self) -> &'static str {
        "bn254"
    }

    fn execute(&self, _call: &mut Call<'_>) -> Result<(), CallError> {
        Err(CallError::invalid("call", "not implemented yet"))
    }
}

/// (being written)
pub const WORKLOAD: crate::workload::Workload = crate::workload::Workload {
    name: "bn254",
    description: "bn254",
    input: Vec::new,
    native: |input| input.to_vec(),
};

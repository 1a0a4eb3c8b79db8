//! A host registers its own coprocessor and a guest calls it (the example
//! `crates/vm/examples/custom_coprocessor`).

#[path = "../examples/custom_coprocessor/crc32.rs"]
mod crc32;

use gluecp_vm::{Program, Registry, RegistryError, Vm, VmError};
use std::path::Path;
use std::sync::OnceLock;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let guest =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/custom-coprocessor-guest");
        let elf = gluecp_build::build_guest(&guest).expect("guest builds");
        Program::from_elf(&std::fs::read(elf).unwrap()).expect("guest loads")
    })
}

fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(crc32::CRC32, crc32::Crc32).unwrap();
    registry
}

#[test]
fn guest_calls_a_user_coprocessor() {
    let registry = registry();
    for input in [&b""[..], b"a", b"123456789", &[0xa5; 10_000]] {
        let mut vm = Vm::with_coprocessors(program(), &registry);
        vm.set_input(input.to_vec());
        assert_eq!(vm.run().unwrap().code, 0);
        let expected = crc32::crc32(input);
        let mut journal = expected.to_le_bytes().to_vec();
        journal.extend(expected.to_le_bytes());
        assert_eq!(vm.journal(), journal, "input of {} bytes", input.len());
    }
    // The check value of CRC-32/ISO-HDLC.
    assert_eq!(crc32::crc32(b"123456789"), 0xCBF4_3926);
}

#[test]
fn unregistered_coprocessor_is_an_unknown_ecall() {
    let mut vm = Vm::new(program());
    vm.set_input(b"abc".to_vec());
    match vm.run() {
        Err(VmError::UnknownEcall { number, .. }) => assert_eq!(number, crc32::CRC32),
        other => panic!("expected an unknown ecall, got {other:?}"),
    }
}

#[test]
fn registry_rejects_reserved_and_duplicate_numbers() {
    let mut registry = registry();
    assert_eq!(
        registry.register(3, crc32::Crc32),
        Err(RegistryError::Reserved(3))
    );
    assert_eq!(
        registry.register(crc32::CRC32, crc32::Crc32),
        Err(RegistryError::Taken {
            number: crc32::CRC32,
            existing: "crc32"
        })
    );
}

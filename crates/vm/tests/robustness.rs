//! Robustness: hostile ELF files and hostile guest code are data, never host crashes.
//!
//! - Random bytes, and random mutations of a valid ELF, make `Program::from_elf` return
//!   `Ok` or `Err`, never panic; whatever loads also runs under a cycle limit without
//!   panicking.
//! - Specific malformed files (truncated, absurd segment fields, overlapping segments,
//!   entry outside the code, wrong class, byte order, machine or type) are rejected.
//! - Random instruction words, from random initial registers and a random pc, run to `Ok`
//!   or a `VmError`, never panic, and stop at the cycle limit.

#[allow(
    dead_code,
    reason = "each test binary uses a different part of the shared support code"
)]
mod support;

use gluecp_abi::ecall;
use gluecp_abi::memory::{MEM_END, MEM_START, is_mapped};
use gluecp_vm::{Program, Vm, VmError};
use proptest::prelude::*;
use support::elf::{self, Segment, phdr_field, phdr_offset};
use support::encode::{ECALL, Mnemonic, encode, li};

const CODE: u32 = 0x1_0000;
const DATA: u32 = 0x2_0000;
const DATA_SIZE: u32 = 256;
const MAX_CYCLES: u64 = 10_000;

// ELF32 header field offsets.
const EI_CLASS: usize = 4;
const EI_DATA: usize = 5;
const E_TYPE: usize = 16;
const E_MACHINE: usize = 18;
const E_ENTRY: usize = 24;
const E_PHOFF: usize = 28;
const E_PHENTSIZE: usize = 42;
const E_PHNUM: usize = 44;

/// Program header index of the code and of the data segment in [`valid_elf`].
const CODE_PHDR: usize = 0;
const DATA_PHDR: usize = 1;

/// Four instructions that halt with exit code 0.
fn halt_code() -> Vec<u32> {
    let mut code = li(5, ecall::HALT).to_vec();
    code.push(encode(Mnemonic::Addi, 10, 0, 0, 0));
    code.push(ECALL);
    code
}

/// A small, tightly packed, valid program: code at [`CODE`], data at [`DATA`].
fn elf_with_code(code: &[u32]) -> Vec<u8> {
    let data = (0..DATA_SIZE).map(|i| i as u8).collect();
    elf::write(
        CODE,
        &[Segment::code(CODE, code), Segment::data(DATA, data)],
        4,
    )
}

fn valid_elf() -> Vec<u8> {
    elf_with_code(&halt_code())
}

fn put_u16(elf: &mut [u8], at: usize, value: u16) {
    elf[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn put_u32(elf: &mut [u8], at: usize, value: u32) {
    elf[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

fn get_u32(elf: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(elf[at..at + 4].try_into().expect("four bytes"))
}

/// `valid_elf` with field `field` of program header `phdr` set to `value`.
fn with_phdr_field(phdr: usize, field: usize, value: u32) -> Vec<u8> {
    let mut elf = valid_elf();
    put_u32(&mut elf, phdr_offset(phdr) + field, value);
    elf
}

/// Load `bytes`; if that works, run the program briefly. Either step may fail, neither
/// may panic.
fn load_and_run(bytes: &[u8]) {
    if let Ok(program) = Program::from_elf(bytes) {
        let _ = program.id().to_string();
        let mut vm = Vm::new(&program);
        vm.set_max_cycles(MAX_CYCLES);
        check_run(&mut vm);
    }
}

/// Run `vm`, which must stop by itself or at the cycle limit, with a describable error.
fn check_run(vm: &mut Vm) {
    match vm.run() {
        Ok(exit) => assert!(exit.cycles <= MAX_CYCLES),
        Err(error) => {
            assert!(!error.to_string().is_empty());
            if let VmError::CycleLimit { limit, .. } = error {
                assert_eq!(limit, MAX_CYCLES);
            }
            assert!(vm.cycles() <= MAX_CYCLES, "ran {} cycles", vm.cycles());
        }
    }
}

#[track_caller]
fn assert_rejected(bytes: &[u8], what: &str) {
    if let Ok(program) = Program::from_elf(bytes) {
        panic!(
            "{what}: accepted, entry {:#x}, segments {:?}",
            program.entry(),
            program
                .segments()
                .iter()
                .map(|s| (s.vaddr, s.mem_size, s.data.len()))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_base_elf_is_valid() {
    let program = Program::from_elf(&valid_elf()).expect("valid ELF");
    let mut vm = Vm::new(&program);
    assert_eq!(vm.run().expect("halts").code, 0);
}

#[test]
fn an_endless_loop_stops_at_the_cycle_limit() {
    let program = Program::from_elf(&elf_with_code(&[encode(Mnemonic::Jal, 0, 0, 0, 0)]))
        .expect("valid program");
    let mut vm = Vm::new(&program);
    vm.set_max_cycles(MAX_CYCLES);
    assert_eq!(
        vm.run(),
        Err(VmError::CycleLimit {
            pc: CODE,
            limit: MAX_CYCLES
        })
    );
    assert_eq!(vm.cycles(), MAX_CYCLES);
}

#[test]
fn every_truncation_is_rejected() {
    let elf = valid_elf();
    for len in 0..elf.len() {
        assert_rejected(
            &elf[..len],
            &format!("truncated to {len} of {} bytes", elf.len()),
        );
    }
}

#[test]
fn wrong_identification_or_header_is_rejected() {
    let cases: [(&str, usize, &[u8]); 9] = [
        ("bad magic", 1, b"X"),
        ("64-bit class", EI_CLASS, &[2]),
        ("class 0", EI_CLASS, &[0]),
        ("big-endian", EI_DATA, &[2]),
        ("byte order 0", EI_DATA, &[0]),
        ("machine x86-64", E_MACHINE, &62u16.to_le_bytes()),
        (
            "big-endian RISC-V machine number",
            E_MACHINE,
            &243u16.to_be_bytes(),
        ),
        ("relocatable object", E_TYPE, &1u16.to_le_bytes()),
        ("shared object", E_TYPE, &3u16.to_le_bytes()),
    ];
    for (what, at, bytes) in cases {
        let mut elf = valid_elf();
        elf[at..at + bytes.len()].copy_from_slice(bytes);
        assert_rejected(&elf, what);
    }
}

#[test]
fn bad_program_header_tables_are_rejected() {
    let len = valid_elf().len() as u32;
    let cases: [(&str, usize, u32, usize); 6] = [
        ("program headers past the end", E_PHOFF, len, 4),
        ("program header offset 2^32 - 1", E_PHOFF, u32::MAX, 4),
        ("65535 program headers", E_PHNUM, 0xffff, 2),
        ("no program headers", E_PHNUM, 0, 2),
        ("program header size 0", E_PHENTSIZE, 0, 2),
        ("64-bit program header size", E_PHENTSIZE, 56, 2),
    ];
    for (what, at, value, width) in cases {
        let mut elf = valid_elf();
        match width {
            2 => put_u16(&mut elf, at, value as u16),
            _ => put_u32(&mut elf, at, value),
        }
        assert_rejected(&elf, what);
    }
}

#[test]
fn absurd_segments_are_rejected() {
    use phdr_field::*;
    let len = valid_elf().len() as u32;
    let cases = [
        ("file size past the end of the file", DATA_PHDR, FILESZ, len),
        ("file size 2^32 - 1", DATA_PHDR, FILESZ, u32::MAX),
        (
            "file size larger than memory size",
            DATA_PHDR,
            MEMSZ,
            DATA_SIZE - 1,
        ),
        ("offset past the end of the file", DATA_PHDR, OFFSET, len),
        ("offset 2^32 - 1", CODE_PHDR, OFFSET, u32::MAX),
        ("code at address 0", CODE_PHDR, VADDR, 0),
        (
            "code just below mapped memory",
            CODE_PHDR,
            VADDR,
            MEM_START - 4,
        ),
        (
            "data ending past mapped memory",
            DATA_PHDR,
            VADDR,
            MEM_END - DATA_SIZE + 1,
        ),
        ("data wrapping past 4 GiB", DATA_PHDR, VADDR, u32::MAX - 15),
        ("memory size 2^32 - 1", DATA_PHDR, MEMSZ, u32::MAX),
        (
            "memory size past mapped memory",
            DATA_PHDR,
            MEMSZ,
            MEM_END - DATA + 1,
        ),
        ("data overlapping the code", DATA_PHDR, VADDR, CODE + 4),
        (
            "code overlapping the data",
            CODE_PHDR,
            VADDR,
            DATA + DATA_SIZE - 4,
        ),
        (
            "writable data inside the code",
            DATA_PHDR,
            VADDR,
            CODE - DATA_SIZE / 2,
        ),
        ("misaligned code", CODE_PHDR, VADDR, CODE + 2),
        ("code segment not executable", CODE_PHDR, FLAGS, elf::PF_R),
        ("code segment not loadable", CODE_PHDR, TYPE, 6),
    ];
    for (what, phdr, field, value) in cases {
        assert_rejected(&with_phdr_field(phdr, field, value), what);
    }

    // An empty code segment (p_filesz = p_memsz = 0) leaves no code for the entry point.
    let mut elf = with_phdr_field(CODE_PHDR, MEMSZ, 0);
    put_u32(&mut elf, phdr_offset(CODE_PHDR) + FILESZ, 0);
    assert_rejected(&elf, "code with memory size 0");
}

#[test]
fn oversized_programs_are_rejected() {
    let halt = halt_code();
    let huge_code = Segment {
        mem_size: 0x1000_0000,
        ..Segment::code(CODE, &halt)
    };
    assert_rejected(&elf::write(CODE, &[huge_code], 4), "256 MiB of code");

    let far_code = [
        Segment::code(MEM_START, &halt),
        Segment::code(MEM_END - 0x1000, &halt),
    ];
    assert_rejected(
        &elf::write(MEM_START, &far_code, 4),
        "code spanning all memory",
    );

    let mut many = vec![Segment::code(CODE, &halt)];
    many.extend((0..100).map(|i| Segment::data(DATA + 16 * i, vec![i as u8; 4])));
    assert_rejected(&elf::write(CODE, &many, 4), "101 segments");
}

#[test]
fn code_with_a_partial_last_word_does_not_panic() {
    use phdr_field::*;
    // Whether a trailing partial word is accepted is the loader's choice; it must not
    // crash the loader or the VM, whether or not execution reaches it.
    for extra in 1..4 {
        let mut elf = valid_elf();
        let code_size = get_u32(&elf, phdr_offset(CODE_PHDR) + MEMSZ);
        put_u32(&mut elf, phdr_offset(CODE_PHDR) + MEMSZ, code_size + extra);
        load_and_run(&elf);
    }
}

#[test]
fn entries_outside_the_code_are_rejected() {
    let code_end = CODE + 4 * halt_code().len() as u32;
    for entry in [
        0,
        MEM_START,
        CODE - 4,
        CODE + 2,
        CODE + 1,
        code_end,
        DATA,
        MEM_END,
        u32::MAX,
    ] {
        let mut elf = valid_elf();
        put_u32(&mut elf, E_ENTRY, entry);
        assert_rejected(&elf, &format!("entry {entry:#x}"));
    }
}

/// A value for a 32-bit ELF field, biased toward the boundaries loaders get wrong.
fn field_value() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(0u32),
        Just(u32::MAX),
        Just(MEM_START),
        Just(MEM_END),
        Just(MEM_END - 4),
        (0u32..0x100),
        (0x8000_0000u32..=u32::MAX),
        any::<u32>(),
    ]
}

/// An instruction word: fully random, or a valid encoding with random operands (loops,
/// wild jumps, loads and stores anywhere, `ecall`s with random arguments).
fn instruction_word() -> impl Strategy<Value = u32> {
    let valid = (
        0..Mnemonic::ALL.len(),
        0u8..32,
        0u8..32,
        0u8..32,
        any::<i32>(),
        any::<bool>(),
    )
        .prop_map(|(m, rd, rs1, rs2, raw, near)| {
            let mnemonic = Mnemonic::ALL[m];
            // Most jumps stay near, inside or just outside the code, so that loops form
            // and run into the cycle limit; the others go anywhere in range.
            let jump = |range: i32| {
                if near {
                    4 * (raw % 32)
                } else {
                    (raw % range) & !1
                }
            };
            let imm = match mnemonic {
                Mnemonic::Lui | Mnemonic::Auipc => raw & !0xfff,
                Mnemonic::Jal => jump(1 << 20),
                m if Mnemonic::BRANCH.contains(&m) => jump(4096),
                Mnemonic::Slli | Mnemonic::Srli | Mnemonic::Srai => raw & 31,
                Mnemonic::Fence => raw & 0xfff,
                _ => raw % 2048,
            };
            encode(mnemonic, rd, rs1, rs2, imm)
        });
    prop_oneof![
        6 => valid,
        2 => any::<u32>(),
        1 => Just(ECALL),
        1 => Just(0x0010_0073u32), // ebreak
    ]
}

/// A body of ALU, multiply/divide and branch instructions whose branches all target
/// instructions of the body or the halt after it: it can only halt or loop.
fn looping_body() -> impl Strategy<Value = Vec<u32>> {
    let step = (
        prop_oneof![Just(None), (0..Mnemonic::BRANCH.len()).prop_map(Some),],
        0..Mnemonic::ALU_REG.len(),
        0u8..32,
        0u8..32,
        0u8..32,
        any::<prop::sample::Index>(),
    );
    prop::collection::vec(step, 1..48).prop_map(|steps| {
        let len = steps.len();
        let body = steps
            .iter()
            .enumerate()
            .map(|(at, &(branch, alu, rd, rs1, rs2, target))| match branch {
                Some(b) => {
                    let offset = 4 * (target.index(len + 1) as i32 - at as i32);
                    encode(Mnemonic::BRANCH[b], 0, rs1, rs2, offset)
                }
                None => encode(Mnemonic::ALU_REG[alu], rd, rs1, rs2, 0),
            });
        body.chain(halt_code()).collect()
    })
}

/// An initial register value: small (call numbers, lengths), a pointer into the program,
/// or anything.
fn register_value() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..8,
        ecall::COPROCESSOR_BASE..ecall::COPROCESSOR_BASE + 4,
        DATA..DATA + DATA_SIZE,
        CODE..CODE + 0x100,
        MEM_END - 0x100..MEM_END + 0x100,
        any::<u32>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        load_and_run(&bytes);
    }

    #[test]
    fn random_bytes_after_a_valid_identification_never_panic(
        tail in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = valid_elf()[..16].to_vec();
        bytes.extend(tail);
        load_and_run(&bytes);
    }

    #[test]
    fn mutated_elf_never_panics(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..8),
        truncate in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut elf = valid_elf();
        for (at, xor) in flips {
            let at = at.index(elf.len());
            elf[at] ^= xor;
        }
        if let Some(len) = truncate {
            elf.truncate(len.index(elf.len() + 1));
        }
        load_and_run(&elf);
    }

    #[test]
    fn random_header_fields_never_panic(
        fields in prop::collection::vec(
            (0usize..2, 0usize..8, field_value()),
            1..4,
        ),
        entry in prop::option::of(field_value()),
    ) {
        let mut elf = valid_elf();
        for (phdr, field, value) in fields {
            put_u32(&mut elf, phdr_offset(phdr) + 4 * field, value);
        }
        if let Some(entry) = entry {
            put_u32(&mut elf, E_ENTRY, entry);
        }
        load_and_run(&elf);
    }

    #[test]
    fn segments_outside_mapped_memory_are_rejected(
        data_vaddr in prop_oneof![0..MEM_START, MEM_END - DATA_SIZE + 1..=u32::MAX],
    ) {
        let elf = with_phdr_field(DATA_PHDR, phdr_field::VADDR, data_vaddr);
        prop_assert!(Program::from_elf(&elf).is_err(), "data at {data_vaddr:#x} accepted");
    }

    #[test]
    fn segment_contents_outside_the_file_are_rejected(
        offset in 0u32..=u32::MAX,
        file_size in 1u32..=DATA_SIZE,
    ) {
        let mut elf = with_phdr_field(DATA_PHDR, phdr_field::FILESZ, file_size);
        let len = elf.len() as u64;
        prop_assume!(u64::from(offset) + u64::from(file_size) > len);
        put_u32(&mut elf, phdr_offset(DATA_PHDR) + phdr_field::OFFSET, offset);
        prop_assert!(Program::from_elf(&elf).is_err(), "offset {offset:#x} accepted");
    }

    #[test]
    fn entries_off_the_code_are_rejected(entry in any::<u32>()) {
        let code_end = CODE + 4 * halt_code().len() as u32;
        prop_assume!(!(CODE..code_end).contains(&entry) || entry % 4 != 0);
        let mut elf = valid_elf();
        put_u32(&mut elf, E_ENTRY, entry);
        prop_assert!(Program::from_elf(&elf).is_err(), "entry {entry:#x} accepted");
    }

    #[test]
    fn random_instructions_never_panic_or_hang(
        words in prop::collection::vec(instruction_word(), 1..64),
        registers in prop::collection::vec(register_value(), 31),
        start in prop::option::weighted(0.2, register_value()),
        input in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let program = Program::from_elf(&elf_with_code(&words))
            .expect("any words make a loadable code segment");
        let mut vm = Vm::new(&program);
        vm.set_max_cycles(MAX_CYCLES);
        vm.set_input(input);
        for (index, &value) in registers.iter().enumerate() {
            vm.set_register(index + 1, value);
        }
        if let Some(pc) = start {
            vm.set_pc(pc);
        }
        check_run(&mut vm);
        prop_assert_eq!(vm.registers()[0], 0);
    }

    #[test]
    fn code_that_cannot_fault_halts_or_hits_the_cycle_limit(
        words in looping_body(),
        registers in prop::collection::vec(register_value(), 31),
    ) {
        let program = Program::from_elf(&elf_with_code(&words)).expect("valid program");
        let mut vm = Vm::new(&program);
        vm.set_max_cycles(MAX_CYCLES);
        for (index, &value) in registers.iter().enumerate() {
            vm.set_register(index + 1, value);
        }
        match vm.run() {
            Ok(exit) => prop_assert_eq!(exit.code, 0),
            Err(VmError::CycleLimit { limit, .. }) => {
                prop_assert_eq!(limit, MAX_CYCLES);
                prop_assert_eq!(vm.cycles(), MAX_CYCLES);
            }
            Err(error) => prop_assert!(false, "unexpected error: {error}"),
        }
    }

    #[test]
    fn host_memory_reads_are_checked(
        addr in prop_oneof![register_value(), MEM_START - 8..MEM_START + 8],
        len in prop_oneof![0u32..16, Just(MEM_END - MEM_START), any::<u32>()],
    ) {
        let program = Program::from_elf(&valid_elf()).expect("valid ELF");
        let vm = Vm::new(&program);
        let memory = vm.memory();
        let read = memory.read_bytes(addr, len);
        prop_assert_eq!(read.is_ok(), is_mapped(addr, len), "read_bytes({:#x}, {:#x})", addr, len);
        if let Ok(bytes) = read {
            prop_assert_eq!(bytes.len(), len as usize);
        }
        let word_ok = is_mapped(addr, 4) && addr % 4 == 0;
        prop_assert_eq!(memory.load_word(addr).is_ok(), word_ok, "load_word({:#x})", addr);
    }

    #[test]
    fn decoding_and_disassembly_are_total(word in any::<u32>()) {
        let _ = gluecp_vm::decode(word).to_string();
    }
}

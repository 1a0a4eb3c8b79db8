//! End to end: real guest programs, compiled by the stock toolchain for
//! `riscv32im-unknown-none-elf` with `gluecp-build`, run by the VM and checked against the
//! same computation done natively on the host.
//!
//! The guests are `examples/fibonacci` and the `tests/guests` workspace. The allocation,
//! arithmetic and recursion workloads live in a `work.rs` that this test compiles too
//! (`#[path]` modules below), so the VM's journal must equal the native result byte for
//! byte. Each guest workspace is built once per test binary; cargo output goes to stderr.

extern crate alloc;

#[path = "../../../tests/guests/alloc/src/work.rs"]
mod alloc_work;
#[path = "../../../tests/guests/arith/src/work.rs"]
mod arith_work;
#[path = "../../../tests/guests/recursion/src/work.rs"]
mod recursion_work;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gluecp_abi::codec::{Decode, Encode};
use gluecp_abi::ecall::MAX_TRANSFER;
use gluecp_vm::{Exit, Program, Vm, VmError};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The ELF of test guest `guest-{name}`.
fn test_guest(name: &str) -> &'static Path {
    static GUESTS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    let guests = GUESTS.get_or_init(|| {
        gluecp_build::build_guests(&repo_root().join("tests/guests"))
            .unwrap_or_else(|e| panic!("cannot build tests/guests: {e}"))
    });
    guests
        .get(&format!("guest-{name}"))
        .unwrap_or_else(|| panic!("tests/guests has no guest-{name}"))
}

fn fibonacci_guest() -> &'static Path {
    static ELF: OnceLock<PathBuf> = OnceLock::new();
    ELF.get_or_init(|| {
        gluecp_build::build_guest(&repo_root().join("examples/fibonacci"))
            .unwrap_or_else(|e| panic!("cannot build examples/fibonacci: {e}"))
    })
}

/// The outcome of one run.
struct Run {
    exit: Result<Exit, VmError>,
    journal: Vec<u8>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Assert the guest halted with `code`, showing its stderr if not.
    fn expect_code(&self, code: u32) -> &Self {
        match &self.exit {
            Ok(exit) => assert_eq!(exit.code, code, "stderr: {}", self.stderr),
            Err(e) => panic!("guest stopped with {e}; stderr: {}", self.stderr),
        }
        self
    }
}

fn run(elf: &Path, input: Vec<u8>) -> Run {
    let bytes = std::fs::read(elf).unwrap_or_else(|e| panic!("{}: {e}", elf.display()));
    let program = Program::from_elf(&bytes).expect("a guest ELF loads");
    let mut vm = Vm::new(&program);
    vm.set_input(input);
    let exit = vm.run();
    Run {
        exit,
        journal: vm.journal().to_vec(),
        stdout: String::from_utf8_lossy(vm.stdout()).into_owned(),
        stderr: String::from_utf8_lossy(vm.stderr()).into_owned(),
    }
}

fn fib(n: u32) -> u64 {
    (0..n)
        .fold((0u64, 1u64), |(a, b), _| (b, a.wrapping_add(b)))
        .0
}

#[test]
fn fibonacci_example() {
    assert_eq!((fib(0), fib(1), fib(10)), (0, 1, 55));
    assert_eq!(fib(100), 3_736_710_778_780_434_371, "fib(100) mod 2^64");
    for n in [0, 1, 2, 10, 93, 94, 100, 1000] {
        let run = run(fibonacci_guest(), n.to_bytes());
        run.expect_code(0);
        assert_eq!(run.journal, fib(n).to_le_bytes(), "fib({n})");
        assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    }
}

#[test]
fn fibonacci_is_deterministic_and_linear() {
    let cycles = |n: u32| run(fibonacci_guest(), n.to_bytes()).exit.unwrap().cycles;
    assert_eq!(cycles(1000), cycles(1000));
    // Each extra iteration costs the same few instructions.
    assert_eq!(cycles(2000) - cycles(1000), cycles(3000) - cycles(2000));
}

#[test]
fn allocation() {
    for n in [0, 1, 1000] {
        let run = run(test_guest("alloc"), n.to_bytes());
        run.expect_code(0);
        assert_eq!(run.journal, alloc_work::run(n).to_bytes(), "n = {n}");
    }
}

#[test]
fn recursion() {
    let input = (22, 3, 5, 50_000);
    let run = run(test_guest("recursion"), input.to_bytes());
    run.expect_code(0);
    // Natively, `deep` needs a larger stack than a test thread has.
    let expected = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || recursion_work::run(input))
        .unwrap()
        .join()
        .unwrap();
    assert_eq!((expected.0, expected.1), (17_711, 253));
    assert_eq!(run.journal, expected.to_bytes());
}

/// Edge operands (0, 1, word and sign boundaries) in all combinations, plus seeded
/// pseudo-random pairs.
fn arith_pairs() -> Vec<(u64, u64)> {
    let edges = [
        0,
        1,
        2,
        3,
        7,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_ffff,
        1 << 32,
        (1 << 32) + 1,
        0x1234_5678_9abc_def0,
        0xffff_ffff_0000_0000,
        i64::MAX as u64,
        i64::MIN as u64,
        -7i64 as u64,
        u64::MAX - 1,
        u64::MAX,
    ];
    let mut pairs: Vec<_> = edges
        .iter()
        .flat_map(|&a| edges.iter().map(move |&b| (a, b)))
        .collect();
    // splitmix64: a fixed, dependency-free sequence.
    let mut state = 0x5eed_u64;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let z = (state ^ (state >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    pairs.extend((0..200).map(|_| (next(), next() >> (next() % 64))));
    pairs
}

#[test]
fn arithmetic_matches_native() {
    let pairs = arith_pairs();
    let run = run(test_guest("arith"), pairs.to_bytes());
    run.expect_code(0);
    let (words, wides) = <arith_work::Output>::from_bytes(&run.journal).expect("journal decodes");
    let (expected_words, expected_wides) = arith_work::run(&pairs);
    // Compare element by element so a failure names the operation.
    let per_pair = expected_words.len() / pairs.len();
    assert_eq!(words.len(), expected_words.len());
    for (i, (got, want)) in words.iter().zip(&expected_words).enumerate() {
        let pair = pairs[i / per_pair];
        assert_eq!(got, want, "64-bit result {} for {pair:#x?}", i % per_pair);
    }
    assert_eq!(wides, expected_wides);
}

#[test]
fn panics_reach_stderr_and_exit_101() {
    // (mode, where the panic is reported, message)
    let guest_main = "panic/src/main.rs:";
    let cases: [(u32, &str, &str); 5] = [
        (0, guest_main, "boom: 42"),
        (
            1,
            "alloc.rs:",
            "memory allocation of 629145600 bytes failed",
        ),
        (
            2,
            guest_main,
            "cannot read a u64 from the input: input ended before the value did",
        ),
        (
            3,
            guest_main,
            "input exhausted: wanted 8 bytes, only 0 left",
        ),
        (4, guest_main, "attempt to divide by zero"),
    ];
    for (mode, location, message) in cases {
        let run = run(test_guest("panic"), mode.to_bytes());
        run.expect_code(101);
        // What the guest output before panicking is kept.
        assert_eq!(run.journal, mode.to_le_bytes());
        assert_eq!(run.stdout, format!("mode {mode}\n"));
        let stderr = &run.stderr;
        assert!(
            stderr.starts_with("panicked at "),
            "mode {mode}: {stderr:?}"
        );
        assert!(stderr.contains(location), "mode {mode}: {stderr:?}");
        assert!(
            stderr.ends_with(&format!(": {message}\n")),
            "mode {mode}: {stderr:?}"
        );
    }
}

#[test]
fn panic_while_panicking_still_halts() {
    let run = run(test_guest("panic"), 5u32.to_bytes());
    run.expect_code(101);
    assert!(run.stderr.starts_with("panicked at "), "{:?}", run.stderr);
    assert!(
        run.stderr
            .ends_with("\npanicked while printing a panic message\n"),
        "{:?}",
        run.stderr
    );
}

#[test]
fn exit_with_code() {
    let run = run(test_guest("panic"), 6u32.to_bytes());
    run.expect_code(7);
    assert_eq!(run.journal, 6u32.to_le_bytes());
    assert_eq!(run.stderr, "");
}

type Typed = (u64, bool, Option<u16>, String, Vec<u32>);

/// Run the `ecalls` guest and check everything it reports.
fn check_ecalls(rest: Vec<u8>) {
    let typed: Typed = (
        0x0123_4567_89ab_cdef,
        true,
        Some(0xbeef),
        "gluecp ✓".to_owned(),
        (0..300).map(|i| i * 7919).collect(),
    );
    let mut input = 42u32.to_le_bytes().to_vec();
    typed.encode(&mut input);
    let typed_len = input.len() - 4;
    input.extend_from_slice(&rest);
    let input_len = input.len();

    let run = run(test_guest("ecalls"), input);
    run.expect_code(42);
    let x = "x".repeat(1000);
    assert_eq!(run.stdout, format!("hello gluecp ✓\na={}\n{x}\n", typed.0));
    assert_eq!(run.stderr, "warning: 300 numbers\n");

    let mut journal = run.journal.as_slice();
    let counts = <(u32, u32, u32)>::decode(&mut journal).unwrap();
    assert_eq!(
        counts,
        (input_len as u32, rest.len() as u32, 0),
        "input_remaining at start, after the typed values, at the end ({typed_len} typed bytes)"
    );
    assert_eq!(u64::decode(&mut journal), Ok(typed.0));
    assert_eq!(bool::decode(&mut journal), Ok(typed.1));
    assert_eq!(<Option<u16>>::decode(&mut journal), Ok(typed.2));
    assert_eq!(String::decode(&mut journal).as_ref(), Ok(&typed.3));
    assert_eq!(String::decode(&mut journal).as_ref(), Ok(&typed.3));
    assert_eq!(<Vec<u32>>::decode(&mut journal).as_ref(), Ok(&typed.4));
    assert_eq!(<Vec<u32>>::decode(&mut journal).as_ref(), Ok(&typed.4));
    assert_eq!(u32::decode(&mut journal), Ok(rest.len() as u32));
    assert!(
        journal == rest,
        "the raw rest of the input comes back as it was"
    );
}

#[test]
fn every_system_call() {
    check_ecalls(b"raw tail".to_vec());
    check_ecalls(Vec::new());
}

#[test]
fn transfers_longer_than_the_limit_are_split() {
    let rest: Vec<u8> = (0..MAX_TRANSFER as usize + 3)
        .map(|i| (i % 251) as u8)
        .collect();
    check_ecalls(rest);
}

#[test]
fn function_symbols_come_from_the_elf() {
    let elf = std::fs::read(fibonacci_guest()).unwrap();
    let program = Program::from_elf(&elf).unwrap();
    let start = program
        .symbol_at(program.entry())
        .expect("the entry has a symbol");
    assert_eq!(start.name, "_start");
    assert!(
        program
            .symbols()
            .windows(2)
            .all(|w| w[0].addr + w[0].size <= w[1].addr)
    );
    assert!(
        program
            .symbols()
            .iter()
            .any(|s| s.name.contains("__gluecp_main"))
    );
    // Addresses outside every function have none.
    assert!(program.symbol_at(0).is_none());
}

//! The transformer guest against the same model run natively: the demo, other prompts and
//! weights, and inputs the guest must refuse.

use gluecp_showcase::transformer::{self, SHOWCASE, encode_input, weights};
use gluecp_vm::{Program, Vm};
use std::path::Path;
use std::sync::OnceLock;

/// `gluecp_guest::PANIC_EXIT_CODE`.
const PANIC_EXIT_CODE: u32 = 101;

fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let elf = gluecp_build::build_guest(&root.join(SHOWCASE.guest_dir)).expect("guest builds");
        Program::from_elf(&std::fs::read(elf).unwrap()).expect("guest loads")
    })
}

/// Run the guest on `input`: exit code, journal, stderr.
fn run(input: Vec<u8>) -> (u32, Vec<u8>, String) {
    let coprocessors = gluecp_coprocessors::builtins();
    let mut vm = Vm::with_coprocessors(program(), &coprocessors);
    vm.set_input(input);
    let exit = vm.run().expect("the guest halts");
    let stderr = String::from_utf8_lossy(vm.stderr()).into_owned();
    (exit.code, vm.journal().to_vec(), stderr)
}

#[test]
fn demo_matches_the_host() {
    let input = (SHOWCASE.input)();
    let (code, journal, stderr) = run(input.clone());
    assert_eq!(code, 0, "{stderr}");
    let summary = (SHOWCASE.check)(&input, &journal).unwrap();
    assert!(summary.starts_with("32 tokens"), "{summary}");
}

#[test]
fn other_prompts_and_weights_match_the_host() {
    let demo = weights::generate(transformer::DEMO_SEED);
    let other = weights::generate(7);
    let long: Vec<u16> = (0..32).map(|i| (i * 37 + 11) % 256).collect();
    let cases: [(&[u16], &[u8]); 3] = [
        (&[0], &demo),
        (&[255, 0, 1, 128, 127, 42, 255], &other),
        (&long, &other),
    ];
    for (tokens, weights) in cases {
        let input = encode_input(tokens, weights);
        let (code, journal, stderr) = run(input.clone());
        assert_eq!(code, 0, "{stderr}");
        let expected = transformer::expected(&input).unwrap();
        assert_eq!(journal, expected.to_journal(), "prompt {tokens:?}");
        assert!((SHOWCASE.check)(&input, &journal).is_ok());
    }
}

/// Run the guest on a bad input: it must panic with `message`.
#[track_caller]
fn assert_refused(input: Vec<u8>, message: &str) {
    let (code, journal, stderr) = run(input);
    assert_eq!(code, PANIC_EXIT_CODE, "{stderr}");
    assert!(
        stderr.contains(message),
        "expected {message:?} in {stderr:?}"
    );
    assert!(journal.is_empty());
}

#[test]
fn bad_prompts_and_weights_are_refused() {
    let weights = weights::generate(1);
    let mut tokens = vec![10u16; 6];
    tokens[3] = 256;
    assert_refused(
        encode_input(&tokens, &weights),
        "token 256 at position 3 is outside the vocabulary of 256",
    );
    assert_refused(encode_input(&[], &weights), "the prompt is empty");
    assert_refused(
        encode_input(&[1; 33], &weights),
        "the prompt has 33 tokens, more than the context of 32",
    );
    let short = &weights[..weights.len() - 1];
    assert_refused(
        encode_input(&[1, 2], short),
        &format!("the weights are {} bytes", short.len()),
    );
    // A blob whose length prefix promises more than the input holds.
    let mut truncated = encode_input(&[1, 2], &weights);
    truncated.truncate(truncated.len() - 100);
    assert_refused(truncated, "input exhausted");
    let mut extended = encode_input(&[1, 2], &weights);
    extended.extend_from_slice(&[0; 3]);
    assert_refused(extended, "3 bytes of input after the weights");
}

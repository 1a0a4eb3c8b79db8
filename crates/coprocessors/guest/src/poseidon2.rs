//! Poseidon2 over KoalaBear: the `poseidon2` benchmark and the SDK checks of
//! `tests/guest_poseidon2.rs`. With `plain`, each name uses the reference of
//! `src/poseidon2/reference.rs` (compiled in here: Plonky3 needs atomic compare-and-swap,
//! which `riscv32im` lacks) instead of the SDK.
//!
//! | name | input after the header | commits |
//! | --- | --- | --- |
//! | `poseidon2` | 1,000 messages of 16 `u32`s, little-endian (rest of the input) | their digests, 8 `u32`s each |
//! | `poseidon2_permute` | `state: [u32; 16]` | `(ok: bool, state: [u32; 16])` after `try_permute` |
//! | `poseidon2_hash` | `input: Vec<u32>` | `hash(&input)` |
//! | `poseidon2_compress` | `(left: [u32; 8], right: [u32; 8])` | `compress(&left, &right)` |

#[path = "../../src/poseidon2/reference.rs"]
mod reference;

use alloc::vec;
use alloc::vec::Vec;
use gluecp_guest::io;
use gluecp_guest::poseidon2;
use reference::RoundConstants;

/// Elements per message of the benchmark.
const MESSAGE_LEN: usize = 16;
/// Messages per input read in the benchmark (4 KiB).
const BATCH: usize = 64;

pub fn run(name: &str, plain: bool) -> bool {
    match name {
        "poseidon2" => {
            // Batches through two small buffers: the VM maps a few pages of guest memory
            // rather than the whole input and output. (Zeroed heap memory is free.)
            let mut messages = vec![[0; MESSAGE_LEN]; BATCH];
            let mut digests = vec![[0; 8]; BATCH];
            loop {
                let count = (io::input_remaining() / (4 * MESSAGE_LEN)).min(BATCH);
                if count == 0 {
                    break;
                }
                io::read_exact(as_bytes_mut(messages[..count].as_flattened_mut()));
                for (digest, message) in digests.iter_mut().zip(&messages[..count]) {
                    *digest = if plain {
                        reference::hash(message, &CONSTANTS)
                    } else {
                        poseidon2::hash(message)
                    };
                }
                io::commit_bytes(as_bytes(digests[..count].as_flattened()));
            }
        }
        "poseidon2_permute" => {
            let mut state: [u32; 16] = io::read();
            let ok = if plain {
                reference::permute(&mut state, &CONSTANTS);
                true
            } else {
                poseidon2::try_permute(&mut state).is_ok()
            };
            io::commit(&(ok, state));
        }
        "poseidon2_hash" => {
            let input: Vec<u32> = io::read();
            let digest = if plain {
                reference::hash(&input, &CONSTANTS)
            } else {
                poseidon2::hash(&input)
            };
            io::commit(&digest);
        }
        "poseidon2_compress" => {
            let (left, right): ([u32; 8], [u32; 8]) = io::read();
            let digest = if plain {
                reference::compress(&left, &right, &CONSTANTS)
            } else {
                poseidon2::compress(&left, &right)
            };
            io::commit(&digest);
        }
        _ => return false,
    }
    true
}

fn as_bytes_mut(words: &mut [u32]) -> &mut [u8] {
    // SAFETY: the bytes of a `[u32]` may be written as `u8`s, as any bit pattern is a valid
    // `u32`; the target is little-endian, so input bytes become the words they encode.
    unsafe { core::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), 4 * words.len()) }
}

fn as_bytes(words: &[u32]) -> &[u8] {
    // SAFETY: any `u32` may be viewed as its 4 bytes (little-endian on this target).
    unsafe { core::slice::from_raw_parts(words.as_ptr().cast::<u8>(), 4 * words.len()) }
}

/// The round constants of Plonky3's `default_koalabear_poseidon2_16()` (its
/// `KOALABEAR_POSEIDON2_RC_16_*`), for the plain twin; `tests/guest_poseidon2.rs` checks
/// the twin against the crate.
const CONSTANTS: RoundConstants = RoundConstants {
    initial: [
        [
            0x7ee56a48, 0x11367045, 0x12e41941, 0x7ebbc12b, 0x1970b7d5, 0x662b60e8, 0x3e4990c6,
            0x679f91f5, 0x350813bb, 0x00874ad4, 0x28a0081a, 0x18fa5872, 0x5f25b071, 0x5e5d5998,
            0x5e6fd3e7, 0x5b2e2660,
        ],
        [
            0x6f1837bf, 0x3fe6182b, 0x1edd7ac5, 0x57470d00, 0x43d486d5, 0x1982c70f, 0x0ea53af9,
            0x61d6165b, 0x51639c00, 0x2dec352c, 0x2950e531, 0x2d2cb947, 0x08256cef, 0x1a0109f6,
            0x1f51faf3, 0x5cef1c62,
        ],
        [
            0x3d65e50e, 0x33d91626, 0x133d5a1e, 0x0ff49b0d, 0x38900cd1, 0x2c22cc3f, 0x28852bb2,
            0x06c65a02, 0x7b2cf7bc, 0x68016e1a, 0x15e16bc0, 0x5248149a, 0x6dd212a0, 0x18d6830a,
            0x5001be82, 0x64dac34e,
        ],
        [
            0x5902b287, 0x426583a0, 0x0c921632, 0x3fe028a5, 0x245f8e49, 0x43bb297e, 0x7873dbd9,
            0x3cc987df, 0x286bb4ce, 0x640a8dcd, 0x512a8e36, 0x03a4cf55, 0x481837a2, 0x03d6da84,
            0x73726ac7, 0x760e7fdf,
        ],
    ],
    internal: [
        0x54dfeb5d, 0x7d40afd6, 0x722cb316, 0x106a4573, 0x45a7ccdb, 0x44061375, 0x154077a5,
        0x45744faa, 0x4eb5e5ee, 0x3794e83f, 0x47c7093c, 0x5694903c, 0x69cb6299, 0x373df84c,
        0x46a0df58, 0x46b8758a, 0x3241ebcb, 0x0b09d233, 0x1af42357, 0x1e66cec2,
    ],
    terminal: [
        [
            0x43e7dc24, 0x259a5d61, 0x27e85a3b, 0x1b9133fa, 0x343e5628, 0x485cd4c2, 0x16e269f5,
            0x165b60c6, 0x25f683d9, 0x124f81f9, 0x174331f9, 0x77344dc5, 0x5a821dba, 0x5fc4177f,
            0x54153bf5, 0x5e3f1194,
        ],
        [
            0x3bdbf191, 0x088c84a3, 0x68256c9b, 0x3c90bbc6, 0x6846166a, 0x03f4238d, 0x463335fb,
            0x5e3d3551, 0x6e59ae6f, 0x32d06cc0, 0x596293f3, 0x6c87edb2, 0x08fc60b5, 0x34bcca80,
            0x24f007f3, 0x62731c6f,
        ],
        [
            0x1e1db6c6, 0x0ca409bb, 0x585c1e78, 0x56e94edc, 0x16d22734, 0x18e11467, 0x7b2c3730,
            0x770075e4, 0x35d1b18c, 0x22be3db5, 0x4fb1fbb7, 0x477cb3ed, 0x7d5311c6, 0x5b62ae7d,
            0x559c5fa8, 0x77f15048,
        ],
        [
            0x3211570b, 0x490fef6a, 0x77ec311f, 0x2247171b, 0x4e0ac711, 0x2edf69c9, 0x3b5a8850,
            0x65809421, 0x5619b4aa, 0x362019a7, 0x6bf9d4ed, 0x5b413dff, 0x617e181e, 0x5e7ab57b,
            0x33ad7833, 0x3466c7ca,
        ],
    ],
};

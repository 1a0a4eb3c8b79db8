//! The prover's chips: one folder per AIR table, each with its columns, its constraints and its
//! trace generation (Plonky3's `keccak-air` layout).
//!
//! | chip | rows | buses |
//! | --- | --- | --- |
//! | [`program`] | the decoded program (preprocessed) | `program` (table side) |
//! | [`byte`] | every byte pair (preprocessed) | `byte` (table side) |
//! | [`image`] | the initial memory image (preprocessed) | `image` |
//! | [`memory`] | one per memory cell: initial and final state | `memory`, `image`, `byte` |
//! | [`cpu`] | one per executed instruction | `program`, `memory`, `byte`, `exec` |
//! | [`alu`] | one per ALU op, a chip per kind | `exec`, `byte` |
//! | [`lsu`] | one per load or store | `exec`, `memory`, `byte` |
//! | [`io`] | input/journal calls; the input and journal bytes | `exec`, `memory`, `io`, `byte` |
//! | [`keccak`] | 24 per Keccak-f call; one per absorbed word (`keccak-absorb`, or `keccak-absorb-unaligned` with one per word read in `keccak-absorb-word`) | `exec`, `memory`, `byte`, `keccak-absorb`, `keccak-absorb-byte` |
//! | [`sha256`] | one per SHA-256 block; one per block word (`sha256-word`) | `exec`, `memory`, `byte`, `sha256-byte` |
//! | [`poseidon2`] | one per Poseidon2 call | `exec`, `memory`, `byte` |
//! | [`modmul`] | one per 256-bit modular multiplication | `exec`, `memory`, `byte` |
//! | [`secp256k1`] | one per recovery (`secp256k1-recover`); 256 per scalar multiplication (`secp256k1-mul`) | `exec`, `memory`, `byte`, `secp256k1-mul-in`, `secp256k1-mul-out` |
//! | [`matmul`] | per int8 matrix-product call, multiply-accumulate, operand word | `exec`, `memory`, `byte`, `matmul-call`, `matmul-byte` |
//! | [`sha512`] | 80 per SHA-512 block (the ed25519 challenge hash) | `sha512-block`, `sha512-digest`, `sha512-k`, `byte` |
//! | [`ed25519`] | one per verification (`ed25519-verify`); one per hash block (`ed25519-block`); one per message word (`ed25519-word`); 256 per scalar multiplication (`ed25519-mul`) | `exec`, `memory`, `byte`, `ed25519-message`, `ed25519-hash`, `ed25519-byte`, `sha512-block`, `sha512-digest`, `ed25519-mul-in`, `ed25519-mul-out` |
//! | [`scalar_schedule`] | (no table: the scalar-bit schedule of the multiplication tables) | |
//! | [`bigint`] | (no table: relations over byte limbs, for `modmul` and `secp256k1`) | |
//! | [`stub`] | test endpoints only | any |
//!
//! Preprocessed parts are rebuilt by the verifier from what it already knows (the program, the
//! input and journal, or nothing at all).

pub mod alu;
pub mod bigint;
pub mod byte;
pub mod cpu;
pub mod ed25519;
pub mod image;
pub mod io;
pub mod keccak;
pub mod lsu;
pub mod matmul;
pub mod memory;
pub mod modmul;
pub mod poseidon2;
pub mod program;
pub mod scalar_schedule;
pub mod secp256k1;
pub mod sha256;
pub mod sha512;
pub mod stub;
pub mod word_bytes;

use p3_air::{Air, BaseAir, DebugConstraintBuilder};
use p3_batch_stark::folder::{
    ProverConstraintFolderWithLookups, VerifierConstraintFolderWithLookups,
};
use p3_lookup::InteractionSymbolicBuilder;
use p3_matrix::dense::RowMajorMatrix;

use crate::config::{Challenge, StarkConfig, Val};
use crate::harness::ProverAir;
use crate::plugin::UserTable;

/// Declares the [`Chip`] enum over every chip type and forwards the AIR traits to the variant.
macro_rules! chips {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Every table a gluecp proof can hold (one AIR type per batch, as `p3-batch-stark`
        /// requires).
        #[derive(Clone, Debug)]
        pub enum Chip {
            $($variant($ty),)*
            /// A table of a user coprocessor's chip ([`crate::plugin`]).
            User(UserTable),
        }

        impl BaseAir<Val> for Chip {
            fn width(&self) -> usize {
                match self {
                    $(Self::$variant(air) => air.width(),)*
                    Self::User(t) => t.air.width(),
                }
            }
            fn preprocessed_trace(&self) -> Option<RowMajorMatrix<Val>> {
                match self {
                    $(Self::$variant(air) => air.preprocessed_trace(),)*
                    Self::User(t) => t.air.preprocessed_trace(),
                }
            }
            fn preprocessed_width(&self) -> usize {
                match self {
                    $(Self::$variant(air) => air.preprocessed_width(),)*
                    Self::User(t) => t.air.preprocessed_width(),
                }
            }
            fn main_next_row_columns(&self) -> Vec<usize> {
                match self {
                    $(Self::$variant(air) => air.main_next_row_columns(),)*
                    Self::User(t) => t.air.main_next_row_columns(),
                }
            }
            fn preprocessed_next_row_columns(&self) -> Vec<usize> {
                match self {
                    $(Self::$variant(air) => air.preprocessed_next_row_columns(),)*
                    Self::User(t) => t.air.preprocessed_next_row_columns(),
                }
            }
            fn num_public_values(&self) -> usize {
                match self {
                    $(Self::$variant(air) => air.num_public_values(),)*
                    Self::User(t) => t.air.num_public_values(),
                }
            }
            fn max_constraint_degree(&self) -> Option<usize> {
                match self {
                    $(Self::$variant(air) => air.max_constraint_degree(),)*
                    Self::User(t) => t.air.max_constraint_degree(),
                }
            }
        }

        chips!(@air ($($variant),*)
            InteractionSymbolicBuilder<Val, Challenge> => eval_symbolic,
            ProverConstraintFolderWithLookups<'a, StarkConfig> => eval_prover,
            VerifierConstraintFolderWithLookups<'a, StarkConfig> => eval_verifier,
            DebugConstraintBuilder<'a, Val, Challenge> => eval_debug,
            DebugConstraintBuilder<'a, Val> => eval_debug_base,
        );

        impl ProverAir for Chip {
            fn name(&self) -> String {
                match self {
                    $(Self::$variant(air) => air.name(),)*
                    Self::User(table) => table.name.clone(),
                }
            }
        }
    };
    // `Air` for each builder the prover, verifier and debug checkers use: a user chip's AIR
    // is a trait object, which implements `Air` for these builders only.
    (@air $variants:tt $($builder:ty => $method:ident),* $(,)?) => {
        $(chips!(@air_for $variants $builder => $method);)*
    };
    (@air_for ($($variant:ident),*) $builder:ty => $method:ident) => {
        impl<'a> Air<$builder> for Chip {
            fn eval(&self, builder: &mut $builder) {
                match self {
                    $(Self::$variant(air) => air.eval(builder),)*
                    Self::User(table) => table.air.$method(builder),
                }
            }
        }
    };
}

chips! {
    Program(program::ProgramAir),
    Byte(byte::ByteAir),
    Cpu(cpu::CpuAir),
    Memory(memory::MemoryAir),
    Image(image::ImageAir),
    AddSub(alu::add_sub::AddSubAir),
    Bitwise(alu::bitwise::BitwiseAir),
    Lt(alu::lt::LtAir),
    Shift(alu::shift::ShiftAir),
    Mul(alu::mul::MulAir),
    DivRem(alu::divrem::DivRemAir),
    Lsu(lsu::LsuAir),
    Io(io::IoAir),
    IoData(io::IoDataAir),
    Keccak(keccak::KeccakChipAir),
    KeccakAbsorb(keccak::KeccakAbsorbAir),
    KeccakAbsorbUnaligned(keccak::KeccakAbsorbUnalignedAir),
    Matmul(matmul::MatmulCallAir),
    MatmulMac(matmul::MatmulMacAir),
    WordBytes(word_bytes::WordBytesAir),
    Sha256(sha256::Sha256ChipAir),
    Poseidon2(poseidon2::Poseidon2ChipAir),
    Sha512(sha512::Sha512Air),
    Sha512K(sha512::KTableAir),
    Modmul(modmul::ModmulAir),
    Secp256k1Recover(secp256k1::recover::RecoverAir),
    Secp256k1Verify(secp256k1::verify::VerifyAir),
    Secp256k1Mul(secp256k1::mul::MulAir),
    Ed25519Mul(ed25519::mul::EdMulAir),
    Ed25519Verify(ed25519::verify::VerifyAir),
    Ed25519Block(ed25519::feeder::BlockAir),
    Stub(stub::StubAir),
}

/// Implements `Borrow<$cols<T>>` and `BorrowMut<$cols<T>>` for `[T]`, so that a trace row of
/// exactly `size_of::<$cols<u8>>()` elements can be read as the column struct.
macro_rules! impl_row_borrow {
    ($cols:ident) => {
        impl<T> core::borrow::Borrow<$cols<T>> for [T] {
            fn borrow(&self) -> &$cols<T> {
                // SAFETY: `$cols<T>` is `repr(C)` with only `T` fields (or arrays of `T`), so it
                // has `T`'s alignment and no padding; a row of exactly its width in `T`s is one
                // value, which the assert checks.
                let (prefix, cols, suffix) = unsafe { self.align_to::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &cols[0]
            }
        }

        impl<T> core::borrow::BorrowMut<$cols<T>> for [T] {
            fn borrow_mut(&mut self) -> &mut $cols<T> {
                // SAFETY: as for `borrow`.
                let (prefix, cols, suffix) = unsafe { self.align_to_mut::<$cols<T>>() };
                assert!(prefix.is_empty() && suffix.is_empty() && cols.len() == 1);
                &mut cols[0]
            }
        }
    };
}
pub(crate) use impl_row_borrow;

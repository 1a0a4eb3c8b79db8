//! The proof envelope: what a gluecp proof looks like on the wire.
//!
//! # Encoding
//!
//! [`ProofEnvelope::to_bytes`] writes the envelope with `postcard` (a compact, stable,
//! serde-based format, maintained under the Rust Embedded WG, documented wire format, `no_std`
//! capable so a future on-chain or guest verifier can read the same bytes). The inner
//! `p3_batch_stark::BatchProof` is itself postcard-encoded into `proof`, so the envelope's
//! metadata can be read without decoding the STARK proof. Every failure to decode (truncation,
//! a bad varint, an out-of-range field element, trailing bytes) is a [`ProofFormatError`].
//!
//! # Public values as field elements
//!
//! Public values enter the STARK as KoalaBear elements, in this order
//! ([`PublicValues::to_field_elements`], [`PublicValues::NUM_FIELD_ELEMENTS`] = 50):
//!
//! | elements | value |
//! | --- | --- |
//! | 0..16 | `program_id`, 16 little-endian 16-bit limbs |
//! | 16..32 | `input_commitment`, same |
//! | 32..48 | `journal_commitment`, same |
//! | 48..50 | `exit_code`, low then high 16-bit limb |
//!
//! A 16-bit limb is always below `p`, so the encoding is canonical (one element sequence per
//! value) and a chip can range-check a limb with one 16-bit lookup; it halves the element count
//! of a byte-per-element encoding. Every element is absorbed into the Fiat–Shamir transcript
//! before any challenge is drawn, so a proof is bound to its public values even where no chip
//! constrains them yet.

use p3_field::PrimeCharacteristicRing;
use serde::{Deserialize, Serialize};

use crate::config::{ProofParams, Val};

/// Version of the envelope format; bumped on any change to the encoding or to the meaning of a
/// field. The verifier rejects any other version.
pub const PROOF_FORMAT_VERSION: u32 = 2;

/// The statement a proof is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PublicValues {
    /// Identifies the guest program (hash of its decoded image).
    pub program_id: [u8; 32],
    /// Commitment to the guest's input.
    pub input_commitment: [u8; 32],
    /// Commitment to the guest's journal (public output).
    pub journal_commitment: [u8; 32],
    /// The guest's exit code.
    pub exit_code: u32,
}

impl PublicValues {
    /// Number of field elements [`Self::to_field_elements`] produces.
    pub const NUM_FIELD_ELEMENTS: usize = 3 * 16 + 2;

    /// The field-element encoding (see the module docs).
    pub fn to_field_elements(&self) -> Vec<Val> {
        let mut out = Vec::with_capacity(Self::NUM_FIELD_ELEMENTS);
        for bytes in [
            &self.program_id,
            &self.input_commitment,
            &self.journal_commitment,
        ] {
            out.extend(
                bytes
                    .chunks_exact(2)
                    .map(|limb| Val::from_u16(u16::from_le_bytes([limb[0], limb[1]]))),
            );
        }
        out.push(Val::from_u16(self.exit_code as u16));
        out.push(Val::from_u16((self.exit_code >> 16) as u16));
        out
    }
}

/// A versioned, self-describing proof.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProofEnvelope {
    /// [`PROOF_FORMAT_VERSION`] at proving time.
    pub version: u32,
    /// The parameters the proof was made with.
    pub params: ProofParams,
    /// Conjectured security the prover computed for this proof's shape; the verifier
    /// recomputes it, rejects the envelope if this copy differs, and applies its own policy.
    pub security_bits: f64,
    pub public_values: PublicValues,
    /// `(table name, trace height)` in AIR order.
    pub table_heights: Vec<(String, usize)>,
    /// The postcard-encoded `p3_batch_stark::BatchProof`.
    pub proof: Vec<u8>,
    /// The guest's input (the verifier hashes it into `input_commitment` and rebuilds the
    /// input table from it; a gluecp proof does not hide its input).
    pub input: Vec<u8>,
    /// The guest's journal (hashed into `journal_commitment`; the journal table is rebuilt
    /// from it).
    pub journal: Vec<u8>,
    /// The guest ELF, when the prover chose to carry it (so `gluecp verify` can check a proof
    /// without being given the program); the verifier hashes it into the program id.
    pub elf: Vec<u8>,
}

impl ProofEnvelope {
    /// Encodes the envelope.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ProofFormatError> {
        postcard::to_allocvec(self).map_err(ProofFormatError::Encode)
    }

    /// Decodes an envelope; rejects trailing bytes and unknown versions.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofFormatError> {
        let (envelope, rest): (Self, _) =
            postcard::take_from_bytes(bytes).map_err(ProofFormatError::Decode)?;
        if !rest.is_empty() {
            return Err(ProofFormatError::TrailingBytes(rest.len()));
        }
        if envelope.version != PROOF_FORMAT_VERSION {
            return Err(ProofFormatError::Version {
                found: envelope.version,
                expected: PROOF_FORMAT_VERSION,
            });
        }
        Ok(envelope)
    }
}

/// Encodes the inner STARK proof.
pub(crate) fn encode_inner<T: Serialize>(proof: &T) -> Result<Vec<u8>, ProofFormatError> {
    postcard::to_allocvec(proof).map_err(ProofFormatError::Encode)
}

/// Decodes the inner STARK proof, rejecting trailing bytes.
pub(crate) fn decode_inner<T: for<'de> Deserialize<'de>>(
    bytes: &[u8],
) -> Result<T, ProofFormatError> {
    let (proof, rest) = postcard::take_from_bytes(bytes).map_err(ProofFormatError::Decode)?;
    if !rest.is_empty() {
        return Err(ProofFormatError::TrailingBytes(rest.len()));
    }
    Ok(proof)
}

/// Bytes that are not a well-formed proof.
#[derive(Debug, thiserror::Error)]
pub enum ProofFormatError {
    #[error("cannot encode proof: {0}")]
    Encode(postcard::Error),
    #[error("malformed proof bytes: {0}")]
    Decode(postcard::Error),
    #[error("{0} trailing bytes after the proof")]
    TrailingBytes(usize),
    #[error("proof format version {found}, this verifier reads version {expected}")]
    Version { found: u32, expected: u32 },
}

#[cfg(test)]
mod tests {
    use p3_field::PrimeField32;

    use super::*;

    #[test]
    fn public_values_map_to_16_bit_limbs() {
        let mut pv = PublicValues {
            exit_code: 0xDEAD_BEEF,
            ..PublicValues::default()
        };
        pv.program_id[0] = 0x34;
        pv.program_id[1] = 0x12;
        pv.journal_commitment[31] = 0xFF;
        let elements = pv.to_field_elements();
        assert_eq!(elements.len(), PublicValues::NUM_FIELD_ELEMENTS);
        assert_eq!(elements[0].as_canonical_u32(), 0x1234);
        assert_eq!(elements[47].as_canonical_u32(), 0xFF00);
        assert_eq!(elements[48].as_canonical_u32(), 0xBEEF);
        assert_eq!(elements[49].as_canonical_u32(), 0xDEAD);
        assert!(elements.iter().all(|e| e.as_canonical_u32() < 1 << 16));
    }

    #[test]
    fn envelope_round_trips_and_rejects_junk() {
        let envelope = ProofEnvelope {
            version: PROOF_FORMAT_VERSION,
            params: ProofParams::default(),
            security_bits: 101.5,
            public_values: PublicValues::default(),
            table_heights: vec![("cpu".into(), 1 << 10)],
            proof: vec![1, 2, 3],
            input: vec![4],
            journal: vec![5, 6],
            elf: Vec::new(),
        };
        let bytes = envelope.to_bytes().unwrap();
        assert_eq!(ProofEnvelope::from_bytes(&bytes).unwrap(), envelope);
        for len in 0..bytes.len() {
            assert!(ProofEnvelope::from_bytes(&bytes[..len]).is_err());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(
            ProofEnvelope::from_bytes(&longer),
            Err(ProofFormatError::TrailingBytes(1))
        ));
        let old = ProofEnvelope {
            version: 0,
            ..envelope
        };
        assert!(matches!(
            ProofEnvelope::from_bytes(&old.to_bytes().unwrap()),
            Err(ProofFormatError::Version { found: 0, .. })
        ));
    }
}

//! The secp256k1 chips (work in progress: see [`mul`]).

pub mod curve;
pub mod mul;
pub mod recover;

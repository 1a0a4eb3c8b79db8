//! Gas schedules: what the `gas` cost model charges, read from TOML.
//!
//! A schedule prices a base cost per run, input bytes, each executed instruction by class,
//! and each coprocessor per call and per unit of work; `[regions]` names groups of functions
//! whose inclusive execution cost is reported on their own lines. The shipped default,
//! `schedules/evm.toml`, documents every field.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The default schedule's TOML.
pub const EVM: &str = include_str!("../schedules/evm.toml");

/// A gas schedule.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GasSchedule {
    /// Its name, shown in reports.
    pub name: String,
    /// Charged once per run.
    #[serde(default)]
    pub base: f64,
    /// Per non-zero input byte.
    #[serde(default)]
    pub input_byte: f64,
    /// Per zero input byte.
    #[serde(default)]
    pub input_zero_byte: f64,
    /// Per instruction, by class key (`alu`, `mul_div`, `load`, `store`, `control`, `system`).
    #[serde(default)]
    pub instruction: BTreeMap<String, f64>,
    /// Per coprocessor name.
    #[serde(default)]
    pub coprocessor: BTreeMap<String, CoprocessorPrice>,
    /// Region name to function patterns.
    #[serde(default)]
    pub regions: BTreeMap<String, Vec<String>>,
}

/// The price of one coprocessor.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CoprocessorPrice {
    /// Per call.
    #[serde(default)]
    pub call: f64,
    /// Per unit of work.
    #[serde(default)]
    pub work: f64,
}

/// Why a schedule could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// The file could not be read.
    #[error("cannot read gas schedule {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The TOML is malformed or has unknown fields.
    #[error("invalid gas schedule: {0}")]
    Parse(#[from] toml::de::Error),
    /// An instruction class key that does not exist.
    #[error(
        "unknown instruction class `{0}` (expected alu, mul_div, load, store, control, system)"
    )]
    UnknownClass(String),
}

impl GasSchedule {
    /// The shipped EVM-like schedule.
    pub fn evm() -> Self {
        Self::parse(EVM).expect("the shipped schedule is valid")
    }

    /// Parse a schedule from TOML text.
    pub fn parse(text: &str) -> Result<Self, ScheduleError> {
        let schedule: GasSchedule = toml::from_str(text)?;
        let classes = crate::recorder::CLASS_NAMES.map(|(_, key)| key);
        if let Some(unknown) = schedule
            .instruction
            .keys()
            .find(|k| !classes.contains(&k.as_str()))
        {
            return Err(ScheduleError::UnknownClass(unknown.clone()));
        }
        Ok(schedule)
    }

    /// Read a schedule from a TOML file.
    pub fn load(path: &Path) -> Result<Self, ScheduleError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScheduleError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    /// Price of one instruction of class key `class`.
    pub fn instruction_price(&self, class: &str) -> f64 {
        self.instruction.get(class).copied().unwrap_or(0.0)
    }

    /// The region a function belongs to, if any of its patterns matches `path` (a
    /// demangled path without hash) or its last segment.
    pub fn region_of(&self, path: &str) -> Option<&str> {
        let last = path.rsplit("::").next().unwrap_or(path);
        self.regions
            .iter()
            .find(|(_, patterns)| patterns.iter().any(|p| p == path || p == last))
            .map(|(name, _)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_schedule_parses_and_matches_regions() {
        let schedule = GasSchedule::evm();
        assert_eq!(schedule.name, "evm-like");
        assert_eq!(schedule.base, 21000.0);
        assert_eq!(schedule.coprocessor["bn254_pairing"].call, 45000.0);
        assert_eq!(
            schedule.region_of("ens::state::sload"),
            Some("storage reads")
        );
        assert_eq!(schedule.region_of("sstore"), Some("storage writes"));
        assert_eq!(schedule.region_of("ens::sload_all"), None);
    }

    #[test]
    fn bad_schedules_are_errors() {
        assert!(matches!(
            GasSchedule::parse("name = 'x'\n[instruction]\nfloat = 1"),
            Err(ScheduleError::UnknownClass(_))
        ));
        assert!(matches!(
            GasSchedule::parse("name = 'x'\nbogus = 1"),
            Err(ScheduleError::Parse(_))
        ));
        assert!(GasSchedule::parse("base = 1").is_err());
    }
}

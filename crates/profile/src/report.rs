//! The human-readable profile: a table like a gas report, the gas breakdown of the run as
//! an EVM-style trace, and the costliest functions.

use crate::profile::{Costs, Profile, share};
use std::fmt::Write as _;

/// A cost model, as a column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Executed instructions (coprocessors: instruction-equivalents).
    Instructions,
    /// Host time.
    Time,
    /// Main-trace cells for the prover (see [`crate::profile`]).
    Prove,
    /// Gas under a schedule.
    Gas,
}

impl Model {
    /// Every model, in column order.
    pub const ALL: [Model; 4] = [Model::Instructions, Model::Time, Model::Prove, Model::Gas];

    /// The model named `name` (`instructions`, `time`, `prove`, `gas`).
    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Model::Instructions => "instructions",
            Model::Time => "time",
            Model::Prove => "prove",
            Model::Gas => "gas",
        }
    }

    fn header(self) -> &'static str {
        match self {
            Model::Instructions => "instructions",
            Model::Time => "time",
            Model::Prove => "cells",
            Model::Gas => "gas",
        }
    }

    /// This model's value in `costs`.
    pub fn of(self, costs: &Costs) -> f64 {
        match self {
            Model::Instructions => costs.instructions,
            Model::Time => costs.seconds,
            Model::Prove => costs.cells,
            Model::Gas => costs.gas,
        }
    }

    fn format(self, value: f64) -> String {
        match self {
            Model::Time if value < 1e-3 => format!("{:.1} µs", value * 1e6),
            Model::Time if value < 1.0 => format!("{:.2} ms", value * 1e3),
            Model::Time => format!("{value:.2} s"),
            _ => group(value.round() as u64),
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn group(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn percent(part: f64, whole: f64) -> String {
    format!("{:.1}%", 100.0 * share(part, whole))
}

/// The cost table under `models`, the gas breakdown (when `gas` is among them) and the
/// `top` costliest functions.
pub fn render(profile: &Profile, models: &[Model], top: usize) -> String {
    let mut out = String::new();
    let w = |out: &mut String, line: String| {
        out.push_str(line.trim_end());
        out.push('\n');
    };
    // The cells column keeps its last character for the estimate mark, `*`.
    let mut header = format!("{:<24} {:>12}", "category", "count");
    for &m in models {
        let title = match m {
            Model::Prove => format!("{} ", m.header()),
            _ => m.header().to_owned(),
        };
        header += &format!(" {title:>15} {:>6}", "share");
    }
    w(&mut out, header);
    // `estimated`: the cells are, or include, a coprocessor's estimate.
    let line = |label: &str, count: String, costs: &Costs, estimated: bool| {
        let mut row = format!("{label:<24} {count:>12}");
        for &m in models {
            let value = match m {
                Model::Prove => {
                    format!(
                        "{}{}",
                        m.format(m.of(costs)),
                        if estimated { "*" } else { " " }
                    )
                }
                _ => m.format(m.of(costs)),
            };
            row += &format!(
                " {value:>15} {:>6}",
                percent(m.of(costs), m.of(&profile.total))
            );
        }
        row
    };
    for row in &profile.rows {
        let (label, count) = match row.kind {
            "glue" => (row.category.clone(), group(row.count)),
            _ => (
                format!("[{}]", row.category),
                format!("{} calls", group(row.count)),
            ),
        };
        w(
            &mut out,
            line(&label, count, &row.cost, row.cells_estimated),
        );
    }
    let estimated: Vec<&str> = profile
        .rows
        .iter()
        .filter(|r| r.cells_estimated)
        .map(|r| r.category.as_str())
        .collect();
    let any_estimate = !estimated.is_empty();
    w(&mut out, "-".repeat(37 + 23 * models.len()));
    w(&mut out, line("glue", String::new(), &profile.glue, false));
    w(
        &mut out,
        line(
            "coprocessors",
            String::new(),
            &profile.coprocessors,
            any_estimate,
        ),
    );
    w(
        &mut out,
        line("total", group(profile.cycles), &profile.total, any_estimate),
    );
    let split: Vec<String> = models
        .iter()
        .map(|&m| {
            format!(
                "{} {} / {}",
                m.name(),
                percent(m.of(&profile.glue), m.of(&profile.total)),
                percent(m.of(&profile.coprocessors), m.of(&profile.total))
            )
        })
        .collect();
    w(
        &mut out,
        format!("glue / coprocessors: {}", split.join(", ")),
    );
    if models.contains(&Model::Prove) {
        w(
            &mut out,
            "cells: the prover's main-trace cells (rows × width) per instruction and call; \
             not counted: padding, LogUp columns, the memory, io and fixed tables"
                .to_owned(),
        );
        if any_estimate {
            w(
                &mut out,
                format!(
                    "* estimated: no prover chip yet for {}",
                    estimated
                        .iter()
                        .map(|name| format!("[{name}]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }

    if models.contains(&Model::Gas) {
        let g = &profile.gas;
        w(&mut out, String::new());
        w(
            &mut out,
            format!(
                "gas ({}): {} = base {} + calldata {} + execution {}",
                g.schedule,
                group(g.total.round() as u64),
                group(g.base.round() as u64),
                group(g.calldata.round() as u64),
                group(g.execution.round() as u64)
            ),
        );
        for (region, gas) in &g.regions {
            w(
                &mut out,
                format!(
                    "  {region:<22} {:>12} {:>6}",
                    group(gas.round() as u64),
                    percent(*gas, g.execution)
                ),
            );
        }
        w(
            &mut out,
            format!(
                "  heavy operations (coprocessors): {} gas, {} of execution",
                group(g.coprocessors.round() as u64),
                percent(g.coprocessors, g.execution)
            ),
        );
    }

    if top > 0 && !profile.functions.is_empty() {
        w(&mut out, String::new());
        w(
            &mut out,
            format!(
                "{:>15} {:>15}  function (instructions model)",
                "inclusive", "exclusive"
            ),
        );
        for f in profile.functions.iter().take(top) {
            let mut name = f.name.clone();
            if name.chars().count() > 80 {
                name = name.chars().take(77).collect::<String>() + "...";
            }
            w(
                &mut out,
                format!(
                    "{:>15} {:>15}  {name}",
                    group(f.inclusive.round() as u64),
                    group(f.exclusive.round() as u64)
                ),
            );
        }
    }
    let _ = write!(out, "");
    out
}

//! Markdown rendering of port plans: steps, units with their source, what they use
//! and their skeletons. The blocks of slices and genes are [`crate::pack::forms`],
//! where the packer counts them.

use std::fmt::Write;

use crate::grammar::Lang;
use crate::pack::forms::{fence_for, span_text};
use crate::semport::{Plan, PlanUnit, Step};
use crate::words::plural;

/// A port plan: its steps in order, each unit with its source, what it uses, its
/// outside APIs and its skeleton.
pub fn plan(plan: &Plan) -> String {
    let mut out = plan_header(plan);
    for step in &plan.steps {
        out.push_str(&plan_step(step, plan.to));
    }
    out
}

/// The first lines of a plan: its scope and size.
pub fn plan_header(plan: &Plan) -> String {
    format!(
        "# Port plan: {} → {}\n{} in {}, leaves first: a step uses only earlier steps. {} already ported.\n",
        plan.scope,
        plan.to,
        plural(plan.units, "unit"),
        plural(plan.steps.len(), "step"),
        plan.ported
    )
}

/// One step of a plan.
pub fn plan_step(step: &Step, to: Lang) -> String {
    let mut out = String::new();
    let together = if step.units.len() > 1 {
        format!(
            " — {} units that use each other: port them together",
            step.units.len()
        )
    } else {
        String::new()
    };
    let _ = writeln!(out, "\n## Step {}{together}", step.number);
    for unit in &step.units {
        plan_unit(&mut out, unit, to);
    }
    out
}

fn plan_unit(out: &mut String, unit: &PlanUnit, to: Lang) {
    let lines = span_text(unit.span);
    let _ = writeln!(
        out,
        "\n### {} ({}){lines} · source {}",
        unit.id, unit.kind, unit.hash
    );
    if let Some(target) = &unit.ported_as {
        let _ = writeln!(out, "Ported as {target}.");
    }
    code_block(out, &unit.source, unit.lang);
    let uses: Vec<String> = unit
        .uses
        .iter()
        .map(|d| match &d.ported_as {
            Some(target) => format!("`{}` (ported as `{target}`)", d.id),
            None => format!("`{}`", d.id),
        })
        .collect();
    if !uses.is_empty() {
        let _ = writeln!(out, "Uses: {}.", uses.join(", "));
    }
    let outside: Vec<String> = unit
        .outside
        .iter()
        .map(|api| match &api.equivalent {
            Some(equivalent) => format!("`{}` → {equivalent}", api.api),
            None => format!("`{}` → ?", api.api),
        })
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(out, "Outside: {}.", outside.join("; "));
    }
    let todos = match unit.skeleton.todos {
        0 => String::new(),
        n => format!(", {}", plural(n, "TODO")),
    };
    let _ = writeln!(out, "Skeleton ({to}{todos}):");
    code_block(out, &unit.skeleton.text, to);
}

fn code_block(out: &mut String, text: &str, lang: Lang) {
    let fence = fence_for(text);
    let _ = writeln!(out, "{fence}{}", lang.name());
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    let _ = writeln!(out, "{fence}");
}

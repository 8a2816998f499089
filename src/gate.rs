//! `--fail-on` rules for CI: conditions on the finished report that make the build exit with a
//! distinct code after the site is written, so a pipeline can publish and still raise the alarm.

use std::fmt;
use std::str::FromStr;

use crate::benchmarks::Verdict;
use crate::config::Config;
use crate::report::{Report, TargetVerdict};

/// What to fail on, for one survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The condition.
    pub condition: Condition,
    /// The survey's id.
    pub survey: String,
}

/// A condition on a survey's latest figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// `drop`: the latest period's score fell significantly from the period before.
    Drop,
    /// `below-target`: the target's verdict is "not reached".
    BelowTarget,
    /// `below-benchmark`: the benchmark's verdict is "below".
    BelowBenchmark,
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (condition, survey) = text
            .split_once(':')
            .ok_or_else(|| format!("\"{text}\" is not CONDITION:SURVEY, e.g. drop:customers"))?;
        let condition = match condition {
            "drop" => Condition::Drop,
            "below-target" => Condition::BelowTarget,
            "below-benchmark" => Condition::BelowBenchmark,
            other => {
                return Err(format!(
                    "unknown condition \"{other}\"; use drop, below-target or below-benchmark"
                ));
            }
        };
        if survey.is_empty() {
            return Err("name the survey's id after the colon".into());
        }
        Ok(Rule {
            condition,
            survey: survey.to_string(),
        })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let condition = match self.condition {
            Condition::Drop => "drop",
            Condition::BelowTarget => "below-target",
            Condition::BelowBenchmark => "below-benchmark",
        };
        write!(f, "{condition}:{}", self.survey)
    }
}

/// Whether each rule can hold for the configured surveys: `Err` says why one cannot (no such
/// survey; a target or benchmark rule for a survey that sets none, which would pass unseen).
pub fn can_hold(config: &Config, rules: &[Rule]) -> Result<(), String> {
    for rule in rules {
        let Some(survey) = config.surveys.iter().find(|s| s.id == rule.survey) else {
            let known: Vec<&str> = config.surveys.iter().map(|s| s.id.as_str()).collect();
            return Err(format!(
                "--fail-on {rule}: no survey \"{}\"; known: {}",
                rule.survey,
                known.join(", ")
            ));
        };
        let missing = match rule.condition {
            Condition::BelowTarget if survey.target.is_none() => {
                Some(("target", "target = { value = 40, by = \"2025-12\" }"))
            }
            Condition::BelowBenchmark if survey.benchmark.is_none() => {
                Some(("benchmark", "benchmark = { industry = \"Retail\" }"))
            }
            _ => None,
        };
        if let Some((what, setting)) = missing {
            return Err(format!(
                "--fail-on {rule} can never hold: survey \"{}\" sets no {what}\n  = hint: set \
                 {setting} in its [[survey]], or leave the rule out",
                rule.survey
            ));
        }
    }
    Ok(())
}

/// The rules that hold for the report, each with what was found; `Err` names an unknown survey.
pub fn check(report: &Report, rules: &[Rule]) -> Result<Vec<String>, String> {
    let mut failed = Vec::new();
    for rule in rules {
        let survey = report
            .surveys
            .iter()
            .find(|s| s.id == rule.survey)
            .ok_or_else(|| {
                let known: Vec<&str> = report.surveys.iter().map(|s| s.id.as_str()).collect();
                format!(
                    "--fail-on {rule}: no survey \"{}\"; known: {}",
                    rule.survey,
                    known.join(", ")
                )
            })?;
        let found = match rule.condition {
            Condition::Drop => survey
                .overall
                .periods
                .last()
                .and_then(|p| p.change_previous.map(|c| (p.period, c)))
                .filter(|(_, c)| c.significant && c.difference.value < 0.0)
                .map(|(period, c)| {
                    format!(
                        "{} fell by {:.1} from {} to {} (p = {:.3})",
                        survey.kind, -c.difference.value, c.from, period, c.p_value
                    )
                }),
            Condition::BelowTarget => survey
                .target
                .as_ref()
                .filter(|t| t.verdict == TargetVerdict::NotReached)
                .map(|t| format!("the target {} by {} is not reached", t.value, t.by)),
            Condition::BelowBenchmark => survey
                .benchmark
                .as_ref()
                .filter(|b| b.verdict == Some(Verdict::Below))
                .map(|b| {
                    format!(
                        "{} is below the {} benchmark",
                        survey.kind, b.benchmark.industry
                    )
                }),
        };
        if let Some(found) = found {
            failed.push(format!("--fail-on {rule}: {found}"));
        }
    }
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rules_and_says_what_is_wrong() {
        let rule: Rule = "drop:customers".parse().unwrap();
        assert_eq!(rule.condition, Condition::Drop);
        assert_eq!(rule.to_string(), "drop:customers");
        assert!("below-target:x".parse::<Rule>().is_ok());
        assert_eq!(
            "rise:customers".parse::<Rule>().unwrap_err(),
            "unknown condition \"rise\"; use drop, below-target or below-benchmark"
        );
        assert!(
            "customers"
                .parse::<Rule>()
                .unwrap_err()
                .contains("CONDITION:SURVEY")
        );
        assert!("drop:".parse::<Rule>().is_err());
    }
}

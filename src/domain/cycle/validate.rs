//! Checks that a cycle's figures make sense together; the first problem
//! found is returned with the dotted key it concerns.

use std::collections::HashSet;

use chrono::Datelike;

use super::{Cycle, CycleError};

/// Keeps the weights honest without tripping on the binary form of 0.1.
const WEIGHT_TOLERANCE: f64 = 1e-9;

pub(super) fn validate(cycle: &Cycle) -> Result<(), CycleError> {
    year(cycle)?;
    windows(cycle)?;
    thresholds(cycle)?;
    achievements(cycle)?;
    education(cycle)?;
    exceptional(cycle)?;
    experts(cycle)?;
    scoring(cycle)?;
    certificates(cycle)
}

fn certificates(cycle: &Cycle) -> Result<(), CycleError> {
    let body = &cycle.certificates.body;
    let shaped = (2..=12).contains(&body.len())
        && body
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if shaped {
        Ok(())
    } else {
        fail(
            "certificates.body",
            format!("must be 2 to 12 uppercase letters or digits, got '{body}'"),
        )
    }
}

fn fail<T>(key: &str, reason: String) -> Result<T, CycleError> {
    Err(CycleError::new(key, reason))
}

fn year(cycle: &Cycle) -> Result<(), CycleError> {
    if !(2000..=2100).contains(&cycle.year) {
        return fail(
            "year",
            format!("must be between 2000 and 2100, got {}", cycle.year),
        );
    }
    if cycle.reference_date.year() != cycle.year {
        let reason = format!(
            "must fall inside the cycle year {}, got {}",
            cycle.year, cycle.reference_date
        );
        return fail("reference_date", reason);
    }
    Ok(())
}

fn windows(cycle: &Cycle) -> Result<(), CycleError> {
    let w = &cycle.windows;
    let all = [
        ("windows.junior_student_activity", w.junior_student_activity),
        (
            "windows.intermediate_achievements",
            w.intermediate_achievements,
        ),
        ("windows.senior_achievements", w.senior_achievements),
        ("windows.intermediate_training", w.intermediate_training),
    ];
    for (key, years) in all {
        if years == 0 || years > 100 {
            return fail(key, format!("must be between 1 and 100 years, got {years}"));
        }
    }
    Ok(())
}

fn thresholds(cycle: &Cycle) -> Result<(), CycleError> {
    let t = &cycle.thresholds;
    let levels = [
        ("junior", t.junior.training_hours, t.junior.cast_hours),
        (
            "intermediate",
            t.intermediate.training_hours,
            t.intermediate.cast_hours,
        ),
    ];
    for (level, total, cast) in levels {
        if cast > total {
            let key = format!("thresholds.{level}.cast_hours");
            let reason = format!(
                "the CAST-system part must not exceed thresholds.{level}.training_hours \
                 ({total}), got {cast}"
            );
            return fail(&key, reason);
        }
    }
    Ok(())
}

fn achievements(cycle: &Cycle) -> Result<(), CycleError> {
    let a = &cycle.achievements;
    let counts = [
        ("achievements.junior_required", a.junior_required, 2),
        (
            "achievements.intermediate_required",
            a.intermediate_required,
            3,
        ),
        ("achievements.senior_required", a.senior_required, 3),
    ];
    for (key, required, of) in counts {
        if required == 0 || required > of {
            return fail(key, format!("must be between 1 and {of}, got {required}"));
        }
    }
    if a.senior_paper_max_author_position == 0 {
        let key = "achievements.senior_paper_max_author_position";
        return fail(key, "must be at least 1, got 0".to_owned());
    }
    Ok(())
}

fn education(cycle: &Cycle) -> Result<(), CycleError> {
    let e = &cycle.education;
    if e.senior_relaxed > e.senior_minimum {
        let reason = format!(
            "must not be above education.senior_minimum ({}), got {}",
            e.senior_minimum.code(),
            e.senior_relaxed.code()
        );
        return fail("education.senior_relaxed", reason);
    }
    if e.relaxed_min_age == 0 || e.relaxed_min_age > 120 {
        let reason = format!("must be between 1 and 120, got {}", e.relaxed_min_age);
        return fail("education.relaxed_min_age", reason);
    }
    if e.relaxed_age_cutoff > cycle.reference_date {
        let reason = format!(
            "must not be after the reference date {}, got {}",
            cycle.reference_date, e.relaxed_age_cutoff
        );
        return fail("education.relaxed_age_cutoff", reason);
    }
    Ok(())
}

fn exceptional(cycle: &Cycle) -> Result<(), CycleError> {
    let x = &cycle.exceptional;
    if x.normal_student_contest_from > cycle.year {
        let reason = format!(
            "must not be after the cycle year {}, got {}",
            cycle.year, x.normal_student_contest_from
        );
        return fail("exceptional.normal_student_contest_from", reason);
    }
    let mut seen = HashSet::new();
    for (i, id) in x.intermediate_list.iter().enumerate() {
        let key = format!("exceptional.intermediate_list[{i}]");
        if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
            return fail(
                &key,
                format!("must be an application id without spaces, got {id:?}"),
            );
        }
        if !seen.insert(id.as_str()) {
            return fail(&key, format!("{id} is listed twice"));
        }
    }
    Ok(())
}

fn experts(cycle: &Cycle) -> Result<(), CycleError> {
    let e = &cycle.experts;
    let all = [
        ("experts.junior", e.junior),
        ("experts.intermediate", e.intermediate),
        ("experts.senior", e.senior),
        ("experts.specialist", e.specialist),
    ];
    for (key, count) in all {
        if count == 0 {
            return fail(key, "must be at least 1, got 0".to_owned());
        }
    }
    Ok(())
}

fn scoring(cycle: &Cycle) -> Result<(), CycleError> {
    let s = &cycle.scoring;
    rubric(cycle)?;

    let lines = [
        ("scoring.pass_lines.achievement", s.pass_lines.achievement),
        ("scoring.pass_lines.written", s.pass_lines.written),
        ("scoring.pass_lines.defense", s.pass_lines.defense),
    ];
    for (key, line) in lines {
        if line > 100 {
            return fail(key, format!("must be between 0 and 100, got {line}"));
        }
    }

    let w = &s.weights;
    let weights = [
        ("scoring.weights.achievement", w.achievement),
        ("scoring.weights.written", w.written),
        ("scoring.weights.defense", w.defense),
    ];
    for (key, weight) in weights {
        if !(0.0..=1.0).contains(&weight) {
            return fail(key, format!("must be between 0 and 1, got {weight}"));
        }
    }
    let sum = w.achievement + w.written + w.defense;
    if (sum - 1.0).abs() > WEIGHT_TOLERANCE {
        return fail("scoring.weights", format!("must add up to 1, got {sum}"));
    }

    if s.trimmed_mean_from < 3 {
        let reason = format!(
            "must be at least 3 (one highest and one lowest are dropped), got {}",
            s.trimmed_mean_from
        );
        return fail("scoring.trimmed_mean_from", reason);
    }
    if s.spread_flag_above > 100 {
        let reason = format!("must be between 0 and 100, got {}", s.spread_flag_above);
        return fail("scoring.spread_flag_above", reason);
    }
    Ok(())
}

fn rubric(cycle: &Cycle) -> Result<(), CycleError> {
    let rubric = &cycle.scoring.rubric;
    if rubric.is_empty() {
        return fail(
            "scoring.rubric",
            "must name at least one dimension".to_owned(),
        );
    }
    let mut codes = HashSet::new();
    for (i, dimension) in rubric.iter().enumerate() {
        let key = |field: &str| format!("scoring.rubric[{i}].{field}");
        if dimension.max == 0 {
            return fail(&key("max"), "must be greater than 0, got 0".to_owned());
        }
        let names = [
            ("code", &dimension.code),
            ("zh", &dimension.zh),
            ("en", &dimension.en),
        ];
        for (field, text) in names {
            if text.trim().is_empty() {
                return fail(&key(field), "must not be empty".to_owned());
            }
        }
        if !codes.insert(dimension.code.as_str()) {
            return fail(&key("code"), format!("{} is used twice", dimension.code));
        }
    }
    let total = cycle.rubric_total();
    if total != 100 {
        let reason =
            format!("the maxima must add up to 100, the scale of the pass lines, got {total}");
        return fail("scoring.rubric", reason);
    }
    Ok(())
}

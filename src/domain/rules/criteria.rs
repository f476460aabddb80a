//! The criteria read off the application itself: ethics, education, years
//! of service, training hours and the prior certificate.

use crate::domain::application::{Application, EvidenceKind, Hours};
use crate::domain::cycle::Cycle;
use crate::domain::stage::Level;

use super::dates::{whole_years, within_last_years};
use super::finding::{Criterion, CriterionResult, Finding, Status};

/// Condition 1 of every level, as declared by the applicant.
pub(super) fn ethics(application: &Application) -> CriterionResult {
    let finding = if application.attestation {
        Finding::Attested
    } else {
        Finding::NotAttested
    };
    CriterionResult::judged(Criterion::Ethics, finding)
}

pub(super) fn education(application: &Application, cycle: &Cycle) -> CriterionResult {
    let rule = &cycle.education;
    let education = application.education;
    let result = |status, finding| CriterionResult::new(Criterion::Education, status, finding);

    match application.level {
        Level::Junior | Level::Specialist => {
            result(Status::Pass, Finding::EducationNotRequired { education })
        }
        Level::Intermediate if education >= rule.intermediate_usual => result(
            Status::Pass,
            Finding::EducationMet {
                education,
                required: rule.intermediate_usual,
            },
        ),
        // 一般具有: below the usual education a person decides.
        Level::Intermediate => result(
            Status::Review,
            Finding::EducationBelowUsual {
                education,
                usual: rule.intermediate_usual,
            },
        ),
        Level::Senior if education >= rule.senior_minimum => result(
            Status::Pass,
            Finding::EducationMet {
                education,
                required: rule.senior_minimum,
            },
        ),
        Level::Senior if education >= rule.senior_relaxed => {
            // "50 years old before 2023-01-01": the age on the day before the cut-off.
            let cutoff = rule.relaxed_age_cutoff;
            let eve = cutoff.pred_opt().unwrap_or(cutoff);
            let age = whole_years(application.birth_date, eve);
            let min_age = rule.relaxed_min_age;
            if age >= min_age {
                let finding = Finding::EducationRelaxedByAge {
                    education,
                    age,
                    min_age,
                    cutoff,
                };
                result(Status::Pass, finding)
            } else {
                let finding = Finding::EducationTooYoung {
                    education,
                    required: rule.senior_minimum,
                    age,
                    min_age,
                    cutoff,
                };
                result(Status::Fail, finding)
            }
        }
        Level::Senior => result(
            Status::Fail,
            Finding::EducationShort {
                education,
                required: rule.senior_minimum,
                relaxed: rule.senior_relaxed,
                min_age: rule.relaxed_min_age,
                cutoff: rule.relaxed_age_cutoff,
            },
        ),
    }
}

/// Whole years of continuous work up to the reference date; part-time counts.
pub(super) fn service_years(application: &Application, cycle: &Cycle) -> CriterionResult {
    let required = cycle.service_years_for(application.level).unwrap_or(0);
    let finding = Finding::ServiceYears {
        years: whole_years(application.service_start, cycle.reference_date),
        required,
        part_time: application.part_time,
    };
    CriterionResult::judged(Criterion::ServiceYears, finding)
}

/// Certified training: juniors at any date, intermediates within the
/// window; each at or above the level's lowest scope. Only records with a
/// certificate count.
pub(super) fn training_hours(application: &Application, cycle: &Cycle) -> CriterionResult {
    let (required, cast_required, min_scope, window) = if application.level == Level::Intermediate {
        let t = &cycle.thresholds.intermediate;
        let window = Some(cycle.windows.intermediate_training);
        (t.training_hours, t.cast_hours, t.min_scope, window)
    } else {
        let t = &cycle.thresholds.junior;
        (t.training_hours, t.cast_hours, t.min_scope, None)
    };

    let zero = Hours::default();
    let (mut hours, mut cast, mut uncertified, mut outside) = (zero, zero, zero, zero);
    for record in &application.training {
        let in_window =
            window.is_none_or(|years| within_last_years(record.date, cycle.reference_date, years));
        if !record.certificate {
            uncertified = uncertified + record.hours;
        } else if in_window && record.scope >= min_scope {
            hours = hours + record.hours;
            if record.cast_system {
                cast = cast + record.hours;
            }
        } else {
            outside = outside + record.hours;
        }
    }

    let finding = if hours >= required && cast >= cast_required {
        Finding::TrainingMet {
            hours,
            required,
            cast,
            cast_required,
            uncertified,
            outside,
        }
    } else {
        Finding::TrainingShort {
            hours,
            required,
            cast,
            cast_required,
            uncertified,
            outside,
        }
    };
    let certificates = application
        .evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::TrainingCertificate && e.verified != Some(false))
        .map(|e| e.id.clone())
        .collect();
    CriterionResult::judged(Criterion::TrainingHours, finding).with_evidence(certificates)
}

/// Senior: a certificate of the configured level from `cycle - 2` or earlier.
pub(super) fn prior_certificate(application: &Application, cycle: &Cycle) -> CriterionResult {
    let required = cycle.prior_certificate.level;
    let latest = cycle.latest_prior_certificate_year();
    let finding = match &application.prior_certificate {
        None => Finding::PriorCertificateMissing { required, latest },
        Some(held) if held.level != required => Finding::PriorCertificateWrongLevel {
            level: held.level,
            required,
            year: held.year,
            latest,
        },
        Some(held) if held.year > latest => Finding::PriorCertificateTooRecent {
            level: held.level,
            year: held.year,
            latest,
        },
        Some(held) => Finding::PriorCertificateMet {
            level: held.level,
            year: held.year,
            latest,
        },
    };
    CriterionResult::judged(Criterion::PriorCertificate, finding)
}

//! The achievement conditions (业绩条件) of each level: which evidence item
//! meets which condition, and how many conditions are met.

use chrono::NaiveDate;

use crate::domain::application::{Application, EvidenceItem, EvidenceKind, Role, Scope};
use crate::domain::cycle::Cycle;
use crate::domain::stage::Level;

use super::dates::years_before;
use super::finding::{ConditionResult, Criterion, CriterionResult, Finding};

/// Evaluates the level's conditions. An item with `verified: false` never
/// counts; unverified items count, and the finding names those the result
/// relies on.
pub(super) fn achievements(application: &Application, cycle: &Cycle) -> CriterionResult {
    let level = application.level;
    let (required, of) = cycle.achievements_required(level).unwrap_or((0, 0));
    let reference = cycle.reference_date;

    let mut conditions = Vec::with_capacity(usize::from(of));
    let mut rejected: Vec<String> = Vec::new();
    let (mut met, mut verified_met) = (0u8, 0u8);
    // Per condition: whether a verified item meets it.
    let mut checked = [false; 3];
    for number in 1..=of {
        let since = window(level, number, cycle).map(|years| years_before(reference, years));
        let mut ids = Vec::new();
        let mut verified = false;
        let matching = application.evidence.iter().filter(|item| {
            in_window(item.date, since, reference) && meets(level, number, item, cycle)
        });
        for item in matching {
            match item.verified {
                Some(false) => push_unique(&mut rejected, &item.id),
                Some(true) => {
                    verified = true;
                    ids.push(item.id.clone());
                }
                None => ids.push(item.id.clone()),
            }
        }
        let is_met = !ids.is_empty();
        met += u8::from(is_met);
        verified_met += u8::from(verified);
        if let Some(slot) = checked.get_mut(usize::from(number - 1)) {
            *slot = verified;
        }
        conditions.push(ConditionResult {
            number,
            met: is_met,
            evidence: ids,
        });
    }

    // The unverified items the count rests on: none if the verified ones suffice.
    let mut unverified = Vec::new();
    if verified_met < required {
        let resting = conditions
            .iter()
            .zip(checked)
            .filter(|(c, checked)| c.met && !checked);
        for (condition, _) in resting {
            for id in &condition.evidence {
                push_unique(&mut unverified, id);
            }
        }
    }

    let mut evidence = Vec::new();
    for id in conditions.iter().flat_map(|c| &c.evidence) {
        push_unique(&mut evidence, id);
    }
    let finding = Finding::Achievements {
        met,
        required,
        unverified,
        rejected,
    };
    let mut result = CriterionResult::judged(Criterion::Achievements, finding);
    result.evidence = evidence;
    result.conditions = conditions;
    result
}

/// The "within the last N years" of a condition, `None` for any date.
fn window(level: Level, number: u8, cycle: &Cycle) -> Option<u32> {
    let w = &cycle.windows;
    match (level, number) {
        (Level::Junior, 1) => Some(w.junior_student_activity),
        (Level::Intermediate, _) => Some(w.intermediate_achievements),
        (Level::Senior, _) => Some(w.senior_achievements),
        _ => None,
    }
}

fn in_window(date: NaiveDate, since: Option<NaiveDate>, reference: NaiveDate) -> bool {
    since.is_none_or(|start| start <= date && date <= reference)
}

/// Whether an item matches condition `number` of a level (RULES.md,
/// "Achievement conditions"), dates aside.
fn meets(level: Level, number: u8, item: &EvidenceItem, cycle: &Cycle) -> bool {
    use EvidenceKind as K;
    let scope_at_least = |floor: Scope| item.scope.is_some_and(|s| s >= floor);
    let journal_at_least = |floor: Scope| item.journal_scope.is_some_and(|s| s >= floor);
    let first_advisor = item.role == Some(Role::FirstAdvisor);
    let leads = matches!(item.role, Some(Role::Leader | Role::Core));

    match (level, number) {
        (Level::Junior, 1) => {
            matches!(item.kind, K::StudentActivity | K::StudentAward) && first_advisor
        }
        (Level::Junior, 2) => matches!(item.kind, K::Research | K::Curriculum),
        (Level::Intermediate, 1) => {
            item.kind == K::StudentAward && first_advisor && scope_at_least(Scope::Provincial)
        }
        (Level::Intermediate, 2) => {
            matches!(item.kind, K::ProfessionalAward | K::Honor)
                && scope_at_least(Scope::Provincial)
        }
        (Level::Intermediate, 3) => match item.kind {
            K::Curriculum => scope_at_least(Scope::Provincial),
            K::Research => leads,
            K::Paper => journal_at_least(Scope::Provincial),
            _ => false,
        },
        (Level::Senior, 1) => {
            item.kind == K::StudentAward && first_advisor && scope_at_least(Scope::National)
        }
        (Level::Senior, 2) => match item.kind {
            K::ProfessionalAward => scope_at_least(Scope::National),
            K::Honor => scope_at_least(Scope::Provincial),
            _ => false,
        },
        (Level::Senior, 3) => match item.kind {
            K::Research => leads && scope_at_least(Scope::Provincial),
            K::Paper => {
                let most = cycle.achievements.senior_paper_max_author_position;
                item.author_position
                    .is_some_and(|p| (1..=most).contains(&p))
                    && journal_at_least(Scope::National)
            }
            _ => false,
        },
        _ => false,
    }
}

fn push_unique(ids: &mut Vec<String>, id: &str) {
    if !ids.iter().any(|seen| seen == id) {
        ids.push(id.to_owned());
    }
}

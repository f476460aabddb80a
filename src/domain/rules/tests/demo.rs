//! The rules over the demo fixture (`fixtures/demo.json`): every verdict,
//! every criterion passing and failing, and each edge case of
//! `fixtures/README.md` with the outcome its row describes.

use std::collections::{HashMap, HashSet};

use crate::demo::demo_fixture;
use crate::domain::application::Application;
use crate::domain::cycle::Cycle;
use crate::domain::rules::{
    Criterion as C, Evaluation, Status as S, Verdict as V, evaluate, next_stage_after_eligibility,
};
use crate::domain::stage::Stage;

/// The demo's published intermediate exceptional list (fixtures/README.md).
const DEMO_LIST: [&str; 2] = ["2024-HB-I-0001", "2024-HB-I-0002"];

fn demo_cycle() -> Cycle {
    let mut cycle = Cycle::default_2024();
    cycle.exceptional.intermediate_list = DEMO_LIST.iter().map(|id| (*id).to_owned()).collect();
    cycle
}

fn evaluated(cycle: &Cycle) -> Vec<(Application, Evaluation)> {
    let apps = demo_fixture().unwrap();
    apps.into_iter()
        .map(|app| {
            let evaluation = evaluate(&app, cycle);
            (app, evaluation)
        })
        .collect()
}

/// Each edge case of the README: id, verdict under the 2024 defaults, and
/// the criterion the row is about with its status (`None`: several, or
/// none in particular). The table is shared with the test of the
/// `docket check` binary, so every case goes through both.
type EdgeCase = (String, V, Option<(C, S)>);

fn edge_cases() -> Vec<EdgeCase> {
    let word = |w: &str| serde_json::Value::String(w.to_owned());
    include_str!("../../../../fixtures/expected-verdicts.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let verdict = serde_json::from_value(word(cells[1])).unwrap();
            let about = (cells[2] != "-").then(|| {
                let code = serde_json::from_value(word(cells[2])).unwrap();
                (code, serde_json::from_value(word(cells[3])).unwrap())
            });
            (cells[0].to_owned(), verdict, about)
        })
        .collect()
}

#[test]
fn demo_edge_cases_have_the_outcomes_of_the_readme() {
    let all = evaluated(&Cycle::default_2024());
    let by_id: HashMap<&str, &(Application, Evaluation)> =
        all.iter().map(|pair| (pair.0.id.as_str(), pair)).collect();

    let cases = edge_cases();
    assert!(cases.len() >= 50, "the shared table was not read");
    for (id, verdict, about) in &cases {
        let (verdict, about) = (*verdict, *about);
        let (_, evaluation) = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(evaluation.verdict, verdict, "{id}: {evaluation:#?}");
        if let Some((code, status)) = about {
            assert_eq!(
                evaluation.status(code),
                Some(status),
                "{id}: {evaluation:#?}"
            );
        }
    }

    // Every edge case of the README is in the table, and every other
    // record is an ordinary eligible application (or a specialist).
    let readme = include_str!("../../../../fixtures/README.md");
    let listed: HashSet<&str> = cases.iter().map(|(id, ..)| id.as_str()).collect();
    for (app, evaluation) in &all {
        let row = format!("| `{}` |", app.id);
        assert_eq!(
            readme.contains(&row),
            listed.contains(app.id.as_str()),
            "{}",
            app.id
        );
        if !listed.contains(app.id.as_str()) {
            let expected = if app.level == crate::domain::Level::Specialist {
                V::NeedsReview
            } else {
                V::Eligible
            };
            assert_eq!(evaluation.verdict, expected, "{}: {evaluation:#?}", app.id);
        }
    }
}

#[test]
fn demo_covers_every_verdict_and_every_outcome_of_every_criterion() {
    let all = evaluated(&Cycle::default_2024());
    let verdicts: HashSet<V> = all.iter().map(|(_, e)| e.verdict).collect();
    assert_eq!(verdicts.len(), V::ALL.len(), "{verdicts:?}");

    let seen: HashSet<(C, S)> = all
        .iter()
        .flat_map(|(_, e)| e.criteria.iter().map(|c| (c.code, c.status)))
        .collect();
    for code in C::ALL {
        for status in [S::Pass, S::Fail] {
            assert!(
                seen.contains(&(code, status)),
                "no {code:?} with {status:?}"
            );
        }
    }
    for status in [S::Waived, S::Review] {
        assert!(seen.iter().any(|(_, s)| *s == status), "no {status:?}");
    }
}

#[test]
fn demo_on_its_published_list_reviews_the_provincial_exceptions() {
    let all = evaluated(&demo_cycle());
    let find = |id: &str| all.iter().find(|(app, _)| app.id == id).unwrap();

    let (_, short) = find("2024-HB-I-0001");
    assert_eq!(short.verdict, V::NeedsReview);
    assert_eq!(short.status(C::Exceptional), Some(S::Review));
    assert_eq!(short.status(C::TrainingHours), Some(S::Review));
    let (_, moved_on) = find("2024-HB-I-0002");
    assert_eq!(moved_on.verdict, V::NeedsReview);

    // Past eligibility, nobody is ineligible unless rejected or withdrawn.
    let later = [
        Stage::Achievement,
        Stage::Written,
        Stage::Defense,
        Stage::Notice,
        Stage::Certified,
    ];
    let later = later.into_iter().chain([Stage::Cancelled, Stage::Revoked]);
    let later: HashSet<Stage> = later.collect();
    for (app, evaluation) in all.iter().filter(|(app, _)| later.contains(&app.stage)) {
        assert_ne!(
            evaluation.verdict,
            V::Ineligible,
            "{} at {:?}",
            app.id,
            app.stage
        );
    }
}

#[test]
fn demo_exceptions_in_the_notice_went_there_straight() {
    let all = evaluated(&demo_cycle());
    for id in [
        "2024-ZJ-S-0001",
        "2024-JS-J-0002",
        "2024-SH-S-0001",
        "2024-JS-J-0001",
    ] {
        let (app, evaluation) = all.iter().find(|(app, _)| app.id == id).unwrap();
        assert_eq!(
            next_stage_after_eligibility(app, evaluation),
            Stage::Notice,
            "{id}"
        );
    }
    let (app, evaluation) = all
        .iter()
        .find(|(app, _)| app.id == "2024-ZJ-I-0001")
        .unwrap();
    assert_eq!(
        next_stage_after_eligibility(app, evaluation),
        Stage::Achievement
    );
}

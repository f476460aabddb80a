//! Composite scores, pass lines and rankings.

use rstest::rstest;

use super::*;
use crate::domain::cycle::Cycle;
use crate::domain::stage::Level;

fn r(num: i64, den: u64) -> Score {
    Score::ratio(num, den).unwrap()
}

fn results(
    achievement: Option<Score>,
    written: Option<u32>,
    defense: Option<Score>,
) -> StageResults {
    StageResults {
        achievement,
        written,
        defense,
    }
}

fn all(a: u32, w: u32, d: u32) -> StageResults {
    results(Some(Score::whole(a)), Some(w), Some(Score::whole(d)))
}

fn standing(id: &str, level: Level, results: StageResults) -> Standing {
    Standing {
        id: id.to_owned(),
        level,
        results,
    }
}

fn junior_cycle(written: bool, defense: bool) -> Cycle {
    let mut cycle = Cycle::default_2024();
    cycle.stages.junior_written = written;
    cycle.stages.junior_defense = defense;
    cycle
}

#[rstest]
#[case::weighted(Level::Intermediate, all(80, 70, 90), Some(r(81, 1)))]
#[case::senior_inexact(
    Level::Senior,
    results(Some(r(200, 3)), Some(61), Some(Score::whole(60))),
    Some(r(953, 15))
)]
#[case::junior_is_the_achievement(
    Level::Junior,
    results(Some(r(233, 3)), None, None),
    Some(r(233, 3))
)]
#[case::junior_ignores_other_stages(Level::Junior, all(80, 10, 10), Some(r(80, 1)))]
#[case::missing_written(
    Level::Intermediate,
    results(Some(Score::whole(80)), None, Some(Score::whole(80))),
    None
)]
#[case::missing_achievement(Level::Junior, results(None, None, None), None)]
fn composites_weigh_the_stages_of_the_level(
    #[case] level: Level,
    #[case] results: StageResults,
    #[case] expected: Option<Score>,
) {
    assert_eq!(composite(level, &results, &Cycle::default_2024()), expected);
}

#[test]
fn juniors_who_sit_more_stages_get_a_weighted_composite() {
    let both = junior_cycle(true, true);
    assert_eq!(
        composite(Level::Junior, &all(80, 70, 90), &both),
        Some(r(81, 1))
    );
    assert_eq!(
        composite(Level::Junior, &all(80, 70, 90).with_written(None), &both),
        None
    );

    // Only the written exam: 0.5 and 0.2 scaled to add up to 1.
    let written_only = junior_cycle(true, false);
    assert_eq!(
        composite(Level::Junior, &all(80, 66, 0), &written_only),
        Some(r(76, 1))
    );
}

#[rstest]
#[case::all_at_the_line(Level::Senior, all(60, 60, 60), true)]
#[case::achievement_under(
    Level::Senior,
    results(Some(r(179, 3)), Some(90), Some(r(90, 1))),
    false
)]
#[case::written_under(Level::Intermediate, all(90, 59, 90), false)]
#[case::defense_under(Level::Intermediate, all(90, 90, 59), false)]
#[case::missing(Level::Intermediate, results(Some(r(90, 1)), Some(90), None), false)]
#[case::junior_achievement_only(Level::Junior, all(60, 0, 0), true)]
fn passing_needs_every_stage_at_its_line(
    #[case] level: Level,
    #[case] results: StageResults,
    #[case] expected: bool,
) {
    assert_eq!(passes(level, &results, &Cycle::default_2024()), expected);
}

#[test]
fn ties_share_a_rank_after_the_achievement_tie_rule() {
    let cycle = Cycle::default_2024();
    let i = Level::Intermediate;
    let standings = [
        standing("c", i, all(80, 80, 80)),
        standing("e", i, results(Some(r(95, 1)), Some(95), None)),
        standing("a", i, all(80, 80, 80)),
        standing("d", i, all(70, 70, 70)),
        // Composite 80 too (45 + 14 + 21), but a higher achievement aggregate.
        standing("b", i, all(90, 70, 70)),
        standing("j", Level::Junior, all(99, 0, 0)),
    ];
    let ranked = rank(i, &standings, &cycle);
    let lines: Vec<_> = ranked
        .iter()
        .map(|l| (l.id.as_str(), l.rank, l.composite.map(|c| c.to_string())))
        .collect();
    assert_eq!(
        lines,
        [
            ("b", Some(1), Some("80.0".to_owned())),
            ("a", Some(2), Some("80.0".to_owned())),
            ("c", Some(2), Some("80.0".to_owned())),
            ("d", Some(4), Some("70.0".to_owned())),
            ("e", None, None),
        ]
    );
    assert!(ranked[0].passed && !ranked[4].passed);
}

#[rstest]
#[case::all_different(&[90, 80, 70], &[1, 2, 3])]
#[case::tie_at_the_top(&[80, 80, 70], &[1, 1, 3])]
#[case::tie_in_the_middle(&[90, 80, 80, 70], &[1, 2, 2, 4])]
#[case::tie_at_the_bottom(&[90, 80, 70, 70], &[1, 2, 3, 3])]
#[case::all_tied(&[75, 75, 75], &[1, 1, 1])]
fn junior_ranks_follow_the_achievement_aggregate(
    #[case] aggregates: &[u32],
    #[case] ranks: &[u32],
) {
    let standings: Vec<_> = aggregates
        .iter()
        .enumerate()
        .map(|(n, &a)| standing(&format!("J{n}"), Level::Junior, all(a, 0, 0)))
        .collect();
    let ranked = rank(Level::Junior, &standings, &Cycle::default_2024());
    let got: Vec<u32> = ranked.iter().filter_map(|l| l.rank).collect();
    assert_eq!(got, ranks);
}

#[test]
fn exact_fractions_decide_close_composites() {
    // 0.5 * 161/2 + 0.2 * 80 + 0.3 * 80 = 80.25 against 0.5 * 241/3 + 40 = 80.1667.
    let cycle = Cycle::default_2024();
    let i = Level::Intermediate;
    let standings = [
        standing("x", i, results(Some(r(241, 3)), Some(80), Some(r(80, 1)))),
        standing("y", i, results(Some(r(161, 2)), Some(80), Some(r(80, 1)))),
    ];
    let ranked = rank(i, &standings, &cycle);
    assert_eq!(ranked[0].id, "y");
    assert_eq!(ranked[1].rank, Some(2));
}

#[test]
fn every_level_is_ranked_apart() {
    let standings = [
        standing("s1", Level::Senior, all(70, 70, 70)),
        standing("j1", Level::Junior, all(65, 0, 0)),
        standing("s2", Level::Senior, all(90, 90, 90)),
    ];
    let levels = rank_levels(&standings, &Cycle::default_2024());
    assert_eq!(levels.len(), 2);
    let seniors: Vec<_> = levels[&Level::Senior]
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(seniors, ["s2", "s1"]);
    assert_eq!(levels[&Level::Junior][0].rank, Some(1));
}

impl StageResults {
    fn with_written(mut self, written: Option<u32>) -> StageResults {
        self.written = written;
        self
    }
}

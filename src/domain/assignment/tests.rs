//! Automatic assignment: worked cases and properties.

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;

use super::*;
use crate::domain::committee::{DeclaredBy, conflict_between};

fn cycle(per_level: u32) -> Cycle {
    let mut cycle = Cycle::default_2024();
    cycle.experts.junior = per_level;
    cycle.experts.intermediate = per_level;
    cycle.experts.senior = per_level;
    cycle.experts.specialist = per_level;
    cycle
}

fn opening(id: &str, field: Option<Field>, organization: &str, assigned: &[&str]) -> Opening {
    Opening {
        id: id.to_owned(),
        level: Level::Intermediate,
        field,
        organization: organization.to_owned(),
        assigned: assigned.iter().map(|s| (*s).to_owned()).collect(),
    }
}

fn expert(name: &str, fields: &[Field], organization: &str, load: u32) -> Candidate {
    Candidate {
        name: name.to_owned(),
        fields: fields.to_vec(),
        organization: Some(organization.to_owned()),
        load,
    }
}

fn declared(expert: &str, application: &str) -> Declared {
    Declared {
        expert: expert.to_owned(),
        application: application.to_owned(),
        by: DeclaredBy::Secretariat,
        reason: "declared".to_owned(),
    }
}

fn pairs(plan: &AssignmentPlan) -> Vec<(&str, &str)> {
    plan.assignments
        .iter()
        .map(|a| (a.application.as_str(), a.expert.as_str()))
        .collect()
}

#[test]
fn field_match_first_then_lowest_load_then_name() {
    let openings = [opening("A1", Some(Field::Life), "甲校", &[])];
    let experts = [
        expert("dong", &[], "乙", 0),
        expert("chen", &[Field::Life], "丙", 5),
        expert("bai", &[], "丁", 1),
        expert("an", &[], "戊", 1),
    ];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &[],
        cap: 10,
    };
    let plan = assign(&request, &cycle(3));
    assert_eq!(pairs(&plan), [("A1", "an"), ("A1", "chen"), ("A1", "dong")]);
    assert!(plan.shortfalls.is_empty());
}

#[test]
fn load_spreads_across_experts() {
    let openings: Vec<_> = (0..6)
        .map(|i| opening(&format!("A{i}"), None, "校", &[]))
        .collect();
    let experts = [
        expert("x", &[], "甲", 0),
        expert("y", &[], "乙", 0),
        expert("z", &[], "丙", 0),
    ];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &[],
        cap: 100,
    };
    let plan = assign(&request, &cycle(1));
    let mut loads: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &plan.assignments {
        *loads.entry(a.expert.as_str()).or_default() += 1;
    }
    assert_eq!(loads.into_values().collect::<Vec<_>>(), [2, 2, 2]);
}

#[test]
fn an_unfilled_application_says_why() {
    let openings = [opening("A1", None, "杭州市第二中学", &["wu"])];
    let experts = [
        expert("li", &[], "杭州市 第二中学", 0),
        expert("wang", &[], "浙江大学", 4),
        expert("wu", &[], "宁波大学", 0),
        expert("zhao", &[], "温州大学", 0),
        expert("qian", &[], "嘉兴学院", 0),
    ];
    let declared = [declared("qian", "A1")];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &declared,
        cap: 4,
    };
    let plan = assign(&request, &cycle(3));
    assert_eq!(pairs(&plan), [("A1", "zhao")]);
    let expected = Shortfall {
        application: "A1".to_owned(),
        required: 3,
        assigned: 2,
        experts: 5,
        conflicted: 2,
        at_cap: 1,
    };
    assert_eq!(plan.shortfalls, std::slice::from_ref(&expected));
    assert_eq!(
        expected.to_string(),
        "A1: 2 of 3 experts; of 5 experts, 3 eligible, 2 conflicted, 1 at their cap"
    );
}

#[test]
fn experts_already_assigned_count_and_stay() {
    let openings = [
        opening("A1", None, "甲", &["x", "y", "x"]),
        opening("A2", None, "乙", &["x", "y", "z"]),
    ];
    let experts = [
        expert("x", &[], "丙", 2),
        expert("y", &[], "丁", 2),
        expert("z", &[], "戊", 1),
    ];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &[],
        cap: 3,
    };
    let plan = assign(&request, &cycle(3));
    assert_eq!(pairs(&plan), [("A1", "z")]);
    assert!(plan.shortfalls.is_empty());
}

#[test]
fn an_earlier_choice_shifts_to_make_room() {
    // Greedy gives A1 the expert x (name order); A2 can only have x.
    let openings = [
        opening("A1", None, "甲", &[]),
        opening("A2", None, "乙", &[]),
    ];
    let experts = [expert("x", &[], "丙", 0), expert("y", &[], "丁", 0)];
    let declared = [declared("y", "A2")];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &declared,
        cap: 1,
    };
    let plan = assign(&request, &cycle(1));
    assert_eq!(pairs(&plan), [("A1", "y"), ("A2", "x")]);
    assert!(plan.shortfalls.is_empty());
}

#[test]
fn a_longer_chain_of_shifts() {
    // A1 and A2 take x and y first; A3 can only have x, A2 could also take z.
    let openings = [
        opening("A1", None, "甲", &[]),
        opening("A2", None, "乙", &[]),
        opening("A3", None, "丙", &[]),
    ];
    let experts = [
        expert("x", &[], "o1", 0),
        expert("y", &[], "o2", 0),
        expert("z", &[], "o3", 0),
    ];
    let declared = [
        declared("z", "A1"),
        declared("x", "A2"),
        declared("y", "A3"),
        declared("z", "A3"),
    ];
    let request = AssignmentRequest {
        openings: &openings,
        experts: &experts,
        declared: &declared,
        cap: 1,
    };
    let plan = assign(&request, &cycle(1));
    assert_eq!(pairs(&plan), [("A1", "y"), ("A2", "z"), ("A3", "x")]);
}

// ---- properties ----

/// A small deterministic generator, so a case is one seed and a few sizes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const ORGS: [&str; 4] = ["杭州二中", "杭州 二中", "浙江大学", "ＺＪＵ"];

#[derive(Debug, Clone)]
struct Case {
    openings: Vec<Opening>,
    experts: Vec<Candidate>,
    declared: Vec<Declared>,
    cap: u32,
    per_level: u32,
}

impl Case {
    fn request(&self) -> AssignmentRequest<'_> {
        AssignmentRequest {
            openings: &self.openings,
            experts: &self.experts,
            declared: &self.declared,
            cap: self.cap,
        }
    }

    fn plan(&self) -> AssignmentPlan {
        assign(&self.request(), &cycle(self.per_level))
    }
}

fn random_case(seed: u64, apps: usize, experts: usize) -> Case {
    let mut rng = Rng(seed);
    let per_level = 1 + rng.below(3) as u32;
    let names: Vec<String> = (0..experts).map(|i| format!("e{i}")).collect();
    let experts: Vec<Candidate> = names
        .iter()
        .map(|name| Candidate {
            name: name.clone(),
            fields: Field::ALL
                .iter()
                .copied()
                .filter(|_| rng.chance(30))
                .collect(),
            organization: rng.chance(70).then(|| ORGS[rng.below(4)].to_owned()),
            load: rng.below(4) as u32,
        })
        .collect();
    let openings: Vec<Opening> = (0..apps)
        .map(|i| Opening {
            id: format!("A{i:03}"),
            level: Level::Junior,
            field: rng.chance(80).then(|| Field::ALL[rng.below(5)]),
            organization: ORGS[rng.below(4)].to_owned(),
            assigned: names.iter().filter(|_| rng.chance(10)).cloned().collect(),
        })
        .collect();
    let mut declared = Vec::new();
    for o in &openings {
        for n in &names {
            if rng.chance(15) {
                declared.push(Declared {
                    expert: n.clone(),
                    application: o.id.clone(),
                    by: DeclaredBy::Expert,
                    reason: "r".to_owned(),
                });
            }
        }
    }
    Case {
        openings,
        experts,
        declared,
        cap: rng.below(8) as u32,
        per_level,
    }
}

/// A case with a full assignment planted: each application has `per_level`
/// experts it is not in conflict with, and the experts' loads leave exactly
/// room for the planted assignment.
fn planted_case(seed: u64, apps: usize, experts: usize) -> Case {
    let mut rng = Rng(seed);
    let per_level = 1 + rng.below(experts.min(3));
    let names: Vec<String> = (0..experts).map(|i| format!("e{i}")).collect();
    let mut planted_load = vec![0u32; experts];
    let mut openings = Vec::new();
    let mut declared = Vec::new();
    for i in 0..apps {
        let id = format!("A{i:03}");
        let mut order: Vec<usize> = (0..experts).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, rng.below(k + 1));
        }
        let (planted, others) = order.split_at(per_level);
        for &e in planted {
            planted_load[e] += 1;
        }
        // Conflicts only with experts outside the planted set.
        let mut organization = format!("学校{i}");
        for &e in others {
            if rng.chance(40) {
                declared.push(Declared {
                    expert: names[e].clone(),
                    application: id.clone(),
                    by: DeclaredBy::Secretariat,
                    reason: "r".to_owned(),
                });
            } else if rng.chance(20) {
                organization = format!("单位{e}");
            }
        }
        openings.push(Opening {
            id,
            level: Level::Senior,
            field: Some(Field::ALL[rng.below(5)]),
            organization,
            assigned: Vec::new(),
        });
    }
    let cap = planted_load.iter().copied().max().unwrap_or(0) + rng.below(2) as u32;
    let experts = names
        .iter()
        .enumerate()
        .map(|(e, name)| Candidate {
            name: name.clone(),
            fields: vec![Field::ALL[e % 5]],
            organization: Some(format!("单位{e}")),
            load: cap - planted_load[e],
        })
        .collect();
    Case {
        openings,
        experts,
        declared,
        cap,
        per_level: per_level as u32,
    }
}

/// The most places any assignment can fill (Edmonds-Karp on the small graph).
fn maximum(case: &Case) -> u32 {
    let (apps, experts) = (case.openings.len(), case.experts.len());
    let (source, sink) = (apps + experts, apps + experts + 1);
    let size = sink + 1;
    let mut capacity = vec![vec![0i64; size]; size];
    for (a, o) in case.openings.iter().enumerate() {
        let before: HashSet<&String> = o.assigned.iter().collect();
        capacity[source][a] = i64::from(case.per_level)
            .saturating_sub(before.len() as i64)
            .max(0);
        for (e, x) in case.experts.iter().enumerate() {
            let conflicted = conflict_between(
                &x.name,
                x.organization.as_deref(),
                &o.id,
                &o.organization,
                &case.declared,
            )
            .is_some();
            if !conflicted && !before.contains(&x.name) {
                capacity[a][apps + e] = 1;
            }
        }
    }
    for (e, x) in case.experts.iter().enumerate() {
        capacity[apps + e][sink] = i64::from(case.cap.saturating_sub(x.load));
    }
    let mut flow = 0;
    loop {
        let mut parent = vec![usize::MAX; size];
        parent[source] = source;
        let mut queue = std::collections::VecDeque::from([source]);
        while let Some(u) = queue.pop_front() {
            for v in 0..size {
                if parent[v] == usize::MAX && capacity[u][v] > 0 {
                    parent[v] = u;
                    queue.push_back(v);
                }
            }
        }
        if parent[sink] == usize::MAX {
            return flow;
        }
        let mut v = sink;
        while v != source {
            let u = parent[v];
            capacity[u][v] -= 1;
            capacity[v][u] += 1;
            v = u;
        }
        flow += 1;
    }
}

/// Every rule a plan must keep, whatever the case.
fn check_rules(case: &Case, plan: &AssignmentPlan) -> Result<(), TestCaseError> {
    let mut given: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &plan.assignments {
        given
            .entry(a.application.as_str())
            .or_default()
            .push(a.expert.as_str());
    }
    let mut load: BTreeMap<&str, u32> = case
        .experts
        .iter()
        .map(|e| (e.name.as_str(), e.load))
        .collect();
    for o in &case.openings {
        let new = given.get(o.id.as_str()).cloned().unwrap_or_default();
        let mut all: Vec<&str> = o.assigned.iter().map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        let before = all.len();
        for &name in &new {
            let x = case.experts.iter().find(|e| e.name == name).unwrap();
            let conflicted = conflict_between(
                name,
                x.organization.as_deref(),
                &o.id,
                &o.organization,
                &case.declared,
            );
            prop_assert!(conflicted.is_none(), "{} on {}: {conflicted:?}", name, o.id);
            prop_assert!(!all.contains(&name), "{name} twice on {}", o.id);
            all.push(name);
            *load.get_mut(name).unwrap() += 1;
        }
        let total = before + new.len();
        prop_assert!(total <= case.per_level as usize || new.is_empty());
        let short = plan.shortfalls.iter().find(|s| s.application == o.id);
        prop_assert_eq!(short.is_some(), total < case.per_level as usize, "{}", o.id);
        if let Some(s) = short {
            prop_assert_eq!(s.assigned as usize, total);
            prop_assert_eq!(s.experts as usize, case.experts.len());
        }
    }
    for x in &case.experts {
        let after = load[x.name.as_str()];
        prop_assert!(
            after <= case.cap.max(x.load),
            "{} at {after}, cap {}",
            x.name,
            case.cap
        );
    }
    Ok(())
}

fn filled(plan: &AssignmentPlan) -> u32 {
    plan.assignments.len() as u32
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn plans_keep_every_rule_and_fill_the_most(seed: u64, apps in 0usize..25, experts in 1usize..8) {
        let case = random_case(seed, apps, experts);
        let plan = case.plan();
        check_rules(&case, &plan)?;
        prop_assert_eq!(filled(&plan), maximum(&case));
    }

    #[test]
    fn a_possible_full_assignment_is_found(seed: u64, apps in 1usize..30, experts in 1usize..9) {
        let case = planted_case(seed, apps, experts);
        let plan = case.plan();
        check_rules(&case, &plan)?;
        prop_assert!(plan.shortfalls.is_empty(), "{:?}", plan.shortfalls);
        prop_assert_eq!(filled(&plan) as usize, apps * case.per_level as usize);
    }

    #[test]
    fn the_same_input_gives_the_same_plan(seed: u64, apps in 0usize..25, experts in 1usize..8) {
        let case = random_case(seed, apps, experts);
        let plan = case.plan();
        prop_assert_eq!(&plan, &case.plan());

        // Nor does the order of the lists matter.
        let mut shuffled = case.clone();
        shuffled.openings.reverse();
        shuffled.experts.reverse();
        shuffled.declared.reverse();
        prop_assert_eq!(&plan, &shuffled.plan());
    }
}

//! The committee checklist at its boundaries, and conflicts of interest.

use rstest::rstest;

use super::*;
use crate::domain::application::Application;
use crate::domain::decision::DecisionError;
use crate::domain::user::{TitleRank, UserRole};

fn member(name: &str, province: &str, title: Option<TitleRank>, fields: &[Field]) -> User {
    User {
        province: Some(province.to_owned()),
        title_rank: title,
        fields: fields.to_vec(),
        ..User::new(name, UserRole::Expert)
    }
}

/// `size` members, `in_province` of them from 浙江, all 正高级, covering all fields.
fn committee(size: usize, in_province: usize) -> Vec<User> {
    (0..size)
        .map(|i| {
            let province = if i < in_province { "浙江" } else { "江苏" };
            let field = Field::ALL[i % Field::ALL.len()];
            member(
                &format!("e{i:02}"),
                province,
                Some(TitleRank::Senior),
                &[field],
            )
        })
        .collect()
}

fn supervisors(n: usize) -> Vec<User> {
    (0..n)
        .map(|i| User::new(&format!("s{i}"), UserRole::Supervisor))
        .collect()
}

fn check(members: &[User], supervisors_count: usize) -> Checklist {
    let rule = CommitteeRule::default();
    check_committees(members, &supervisors(supervisors_count), "浙江省", &rule)
}

fn line(list: &Checklist, code: CheckCode) -> (CheckStatus, u32, Requirement) {
    let l = list.line(code).unwrap();
    (l.status, l.found, l.required)
}

#[test]
fn a_good_committee_passes_every_line() {
    let list = check(&committee(30, 20), 3);
    let codes: Vec<_> = list.lines.iter().map(|l| l.code.code()).collect();
    assert_eq!(
        codes,
        ["size", "in_province", "titles", "fields", "supervisors"]
    );
    assert_eq!(list.status(), CheckStatus::Pass);
}

#[rstest]
#[case(24, CheckStatus::Warn)]
#[case(25, CheckStatus::Pass)]
#[case(30, CheckStatus::Pass)]
#[case(35, CheckStatus::Pass)]
#[case(36, CheckStatus::Warn)]
fn about_thirty_members(#[case] size: usize, #[case] status: CheckStatus) {
    let list = check(&committee(size, size), 3);
    let between = Requirement::Between { min: 25, max: 35 };
    assert_eq!(line(&list, CheckCode::Size), (status, size as u32, between));
    assert_eq!(list.status(), status);
}

#[rstest]
#[case::exactly_two_thirds(30, 20, CheckStatus::Pass, 20)]
#[case::one_short(30, 19, CheckStatus::Fail, 20)]
#[case::rounded_up(31, 21, CheckStatus::Pass, 21)]
#[case::just_under_two_thirds(31, 20, CheckStatus::Fail, 21)]
#[case::all(25, 25, CheckStatus::Pass, 17)]
#[case::none(25, 0, CheckStatus::Fail, 17)]
fn two_thirds_from_the_province(
    #[case] size: usize,
    #[case] in_province: usize,
    #[case] status: CheckStatus,
    #[case] required: u32,
) {
    let list = check(&committee(size, in_province), 3);
    assert_eq!(
        line(&list, CheckCode::InProvince),
        (status, in_province as u32, Requirement::AtLeast(required))
    );
}

#[test]
fn a_member_without_a_province_counts_outside_it() {
    let mut members = committee(30, 20);
    members[0].province = None;
    let list = check(&members, 3);
    assert_eq!(line(&list, CheckCode::InProvince).0, CheckStatus::Fail);
}

#[rstest]
#[case::all_senior(&[], CheckStatus::Pass, 30)]
#[case::associate_senior(&[(3, Some(TitleRank::AssociateSenior))], CheckStatus::Pass, 30)]
#[case::one_intermediate(&[(4, Some(TitleRank::Intermediate))], CheckStatus::Fail, 29)]
#[case::junior_and_unknown(
    &[(4, Some(TitleRank::Junior)), (7, None), (9, Some(TitleRank::Other))],
    CheckStatus::Fail,
    27
)]
fn every_title_associate_senior_or_above(
    #[case] changes: &[(usize, Option<TitleRank>)],
    #[case] status: CheckStatus,
    #[case] found: u32,
) {
    let mut members = committee(30, 30);
    for &(i, title) in changes {
        members[i].title_rank = title;
    }
    let list = check(&members, 3);
    assert_eq!(
        line(&list, CheckCode::Titles),
        (status, found, Requirement::AtLeast(30))
    );
    let missing = &list.line(CheckCode::Titles).unwrap().missing;
    let expected: Vec<String> = changes
        .iter()
        .filter(|(_, t)| !t.is_some_and(TitleRank::is_associate_senior_or_above))
        .map(|&(i, _)| format!("e{i:02}"))
        .collect();
    assert_eq!(missing, &expected);
}

#[test]
fn four_fields_are_not_enough() {
    let mut members = committee(30, 30);
    for m in &mut members {
        m.fields.retain(|&f| f != Field::Engineering);
    }
    let list = check(&members, 3);
    assert_eq!(
        line(&list, CheckCode::Fields),
        (CheckStatus::Fail, 4, Requirement::AtLeast(5))
    );
    assert_eq!(
        list.line(CheckCode::Fields).unwrap().missing,
        ["engineering"]
    );

    // One member who covers it is enough.
    members[0].fields.push(Field::Engineering);
    assert_eq!(
        line(&check(&members, 3), CheckCode::Fields).0,
        CheckStatus::Pass
    );
}

#[rstest]
#[case(2, CheckStatus::Fail)]
#[case(3, CheckStatus::Pass)]
#[case(7, CheckStatus::Pass)]
fn at_least_three_supervisors(#[case] count: usize, #[case] status: CheckStatus) {
    let list = check(&committee(30, 30), count);
    assert_eq!(
        line(&list, CheckCode::Supervisors),
        (status, count as u32, Requirement::AtLeast(3))
    );
}

#[test]
fn lines_read_with_their_numbers() {
    let mut members = committee(24, 15);
    members[2].title_rank = Some(TitleRank::Intermediate);
    let shown: Vec<String> = check(&members, 2)
        .lines
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        [
            "warn: 24 expert committee members, 25-35 required",
            "fail: 15 members from the province, at least 16 required",
            "fail: 23 members titled associate senior or senior, at least 24 required (missing: e02)",
            "pass: 5 fields covered, at least 5 required",
            "fail: 2 supervision committee members, at least 3 required",
        ]
    );
}

// ---- conflicts ----

#[rstest]
#[case::full_width_letters("ＡＢＣ中学", "abc中学")]
#[case::full_width_digits("杭州第１４中学", "杭州第14中学")]
#[case::ideographic_space("杭州市\u{3000}第二中学", "杭州市第二中学")]
#[case::spaces_everywhere("  杭州 市 第二\t中学 ", "杭州市第二中学")]
#[case::full_width_brackets("浙江大学（紫金港）", "浙江大学(紫金港)")]
#[case::case_folded("Zhejiang University", "zhejianguniversity")]
#[case::mixed("ＺＪＵ　Ｎｏ．２", "zjuno.2")]
#[case::empty(" \u{3000} ", "")]
fn organizations_normalize(#[case] raw: &str, #[case] normalized: &str) {
    assert_eq!(normalize_org(raw), normalized);
}

#[rstest]
#[case("浙江省", "浙江", true)]
#[case("浙江", "浙江", true)]
#[case("北京市", "北京", true)]
#[case("广西壮族自治区", "广西", true)]
#[case("新疆维吾尔自治区", "新疆", true)]
#[case("香港特别行政区", "香港", true)]
#[case("浙江", "江苏", false)]
#[case("", "", false)]
fn provinces_compare_without_their_suffix(#[case] a: &str, #[case] b: &str, #[case] same: bool) {
    assert_eq!(same_province(a, b), same);
}

fn application(id: &str, organization: &str) -> Application {
    serde_json::from_value(serde_json::json!({
        "id": id,
        "cycle": 2024,
        "level": "intermediate",
        "name": "王芳",
        "birth_date": "1980-05-05",
        "province": "浙江",
        "organization": organization,
        "org_type": "school",
        "education": "bachelor",
        "service_start": "2010-09-01",
        "attestation": true
    }))
    .unwrap()
}

fn expert(name: &str, organization: Option<&str>) -> User {
    User {
        organization: organization.map(str::to_owned),
        ..User::new(name, UserRole::Expert)
    }
}

#[test]
fn the_same_organization_after_normalizing_is_a_conflict() {
    let app = application("2024-ZJ-I-0001", "杭州市第二中学（高中部）");
    let same = expert("li", Some(" 杭州市\u{3000}第二中学(高中部)"));
    assert_eq!(
        conflict(&same, &app, &[]),
        Some(ConflictReason::SameOrganization {
            organization: "杭州市第二中学（高中部）".to_owned()
        })
    );
    assert_eq!(
        conflict(&expert("wang", Some("杭州市第一中学")), &app, &[]),
        None
    );
    assert_eq!(conflict(&expert("zhao", None), &app, &[]), None);
}

#[test]
fn empty_organizations_match_nothing() {
    let app = application("2024-ZJ-I-0001", " ");
    assert_eq!(conflict(&expert("li", Some("\u{3000}")), &app, &[]), None);
}

#[test]
fn declared_conflicts_name_who_declared_and_why() {
    let app = application("2024-ZJ-I-0001", "杭州市第二中学");
    let li = expert("li", Some("浙江大学"));
    let declared = [
        declare("li", "2024-ZJ-I-0002", DeclaredBy::Expert, "former student").unwrap(),
        declare(
            "li",
            "2024-ZJ-I-0001",
            DeclaredBy::Secretariat,
            " 夫妻关系 ",
        )
        .unwrap(),
        declare("wang", "2024-ZJ-I-0001", DeclaredBy::Expert, "co-author").unwrap(),
    ];
    let found = conflict(&li, &app, &declared).unwrap();
    assert_eq!(
        found,
        ConflictReason::Declared {
            by: DeclaredBy::Secretariat,
            reason: "夫妻关系".to_owned()
        }
    );
    assert_eq!(found.to_string(), "declared by the secretariat: 夫妻关系");
    assert_eq!(conflict(&li, &app, &declared[..1]), None);
    assert_eq!(
        declare("li", "x", DeclaredBy::Expert, "  "),
        Err(DecisionError::ReasonRequired)
    );
}

use super::*;
use crate::domain::*;

#[test]
fn enumerations_follow_the_declaration_order() {
    let zh = Lang::Zh.catalog();
    assert_eq!(zh.stage(Stage::Eligibility), "资格审查");
    assert_eq!(zh.stage(Stage::Achievement), "业绩和成果评审");
    assert_eq!(zh.stage(Stage::Revoked), "收回");
    assert_eq!(zh.level(Level::Specialist), "专项");
    assert_eq!(zh.track(Track::Exceptional), "破格");
    assert_eq!(zh.education_name(Education::Doctorate), "博士研究生");
    assert_eq!(zh.scope(Scope::International), "国际级");
    assert_eq!(zh.kind(EvidenceKind::Other), "其他材料");
    assert_eq!(zh.category(Category::Other), "荣誉及其他");
    assert_eq!(zh.tab(6), "已结束");
    let en = Lang::En.catalog();
    assert_eq!(en.stage(Stage::Cancelled), "Cancelled");
    assert_eq!(en.role(Role::FirstAdvisor), "first advisor");
    assert_eq!(en.user_role(UserRole::Supervisor), "supervisor");
    assert_eq!(en.tab(6), "Closed");
    assert_eq!(en.tab(7), "");
}

#[test]
fn templates_fill_their_names_and_leave_the_rest() {
    assert_eq!(
        fill("已通过 {id} -> {stage}", &[("id", "A1"), ("stage", "公示")]),
        "已通过 A1 -> 公示"
    );
    assert_eq!(fill("{a}{b} {", &[("a", "x")]), "x{b} {");
    assert_eq!(fill("no names", &[("id", "A1")]), "no names");
}

#[test]
fn verdicts_and_criteria_follow_the_domain_order() {
    let zh = Lang::Zh.catalog();
    assert_eq!(zh.verdict_short(Verdict::Ineligible), "不符");
    assert_eq!(zh.criterion(Criterion::Achievements), "业绩成果");
    assert_eq!(zh.criterion_initial(Criterion::Exceptional), "破");
    let en = Lang::En.catalog();
    assert_eq!(en.verdict_short(Verdict::NeedsReview), "review");
    assert_eq!(en.criterion_initial(Criterion::PriorCertificate), "P");
}

#[test]
fn no_string_uses_an_ambiguous_width_symbol() {
    // Catalog text is drawn without --ascii replacements, so it must not
    // depend on how a Chinese-locale terminal sizes ambiguous characters.
    for catalog in [Lang::Zh.catalog(), Lang::En.catalog()] {
        let text = format!("{catalog:?}");
        let bad: Vec<char> = text
            .chars()
            .filter(|c| super::super::text::is_ambiguous(*c))
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
    }
}

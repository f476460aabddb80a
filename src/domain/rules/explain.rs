//! Human explanations of criterion results, in Chinese or English, naming
//! the numbers involved ("培训 62 学时，少于 70 学时").
//!
//! Every string lives in one of the two tables below, `ZH` and `EN`;
//! templates name their values in braces (`{hours}`), and `{s}` is the
//! English plural ending of the number before it.

use std::fmt::Display;

use crate::domain::application::Education;
use crate::domain::stage::{ExceptionalBasis, Level};
use crate::lang::Lang;

use super::finding::{Criterion, CriterionResult, ExceptionalGap, Finding, Status, Verdict};

/// The words and templates of one language.
struct Table {
    /// In the order of [`Verdict`], [`Criterion`], [`Status`], [`Level`],
    /// [`Education`], [`ExceptionalBasis`] and [`Rank`](crate::domain::Rank).
    verdict: [&'static str; 3],
    criterion: [&'static str; 7],
    status: [&'static str; 4],
    level: [&'static str; 4],
    education: [&'static str; 6],
    basis: [&'static str; 3],
    rank: [&'static str; 5],
    /// Between evidence ids, and between the clauses of one explanation.
    id_separator: &'static str,
    clause_separator: &'static str,

    announced_separately: &'static str,
    waived: &'static str,
    relaxed: &'static str,
    attested: &'static str,
    not_attested: &'static str,
    education_not_required: &'static str,
    education_met: &'static str,
    education_below_usual: &'static str,
    education_relaxed: &'static str,
    education_too_young: &'static str,
    education_short: &'static str,
    service_met: &'static str,
    service_short: &'static str,
    part_time: &'static str,
    hours_met: &'static str,
    hours_short: &'static str,
    cast_met: &'static str,
    cast_short: &'static str,
    uncertified: &'static str,
    outside: &'static str,
    prior_met: &'static str,
    prior_too_recent: &'static str,
    prior_missing: &'static str,
    prior_wrong_level: &'static str,
    achievements_listed: &'static str,
    achievements_none: &'static str,
    condition: &'static str,
    unverified: &'static str,
    rejected: &'static str,
    exceptional_met: &'static str,
    exceptional_met_rank: &'static str,
    exceptional_listed: &'static str,
    exceptional_not_listed: &'static str,
    exceptional_wrong_level: &'static str,
    exceptional_missing_basis: &'static str,
    gap_no_evidence: &'static str,
    gap_rejected: &'static str,
    gap_rank: &'static str,
    gap_no_rank: &'static str,
    gap_too_early: &'static str,
}

const ZH: Table = Table {
    verdict: ["符合条件", "待人工审核", "不符合条件"],
    criterion: [
        "职业道德",
        "学历",
        "从业年限",
        "培训学时",
        "中级证书",
        "业绩成果",
        "破格条件",
    ],
    status: ["通过", "不通过", "待审核", "豁免"],
    level: ["初级", "中级", "高级", "专项"],
    education: [
        "其他",
        "中专或高中",
        "大专",
        "大学本科",
        "硕士研究生",
        "博士研究生",
    ],
    basis: [
        "十佳优秀科技辅导员",
        "全国科学教育专业师范生教学技能创新大赛",
        "省级破格名单",
    ],
    rank: ["一等奖", "二等奖", "三等奖", "优秀奖", "其他奖项"],
    id_separator: "、",
    clause_separator: "；",

    announced_separately: "专项认证条件另行通知，需人工审核",
    waived: "豁免（破格：{basis}）",
    relaxed: "（中级破格申报：不符合项转人工审核）",
    attested: "已承诺拥护党的领导、遵纪守法，具备良好的职业道德",
    not_attested: "未作职业道德承诺",
    education_not_required: "初级认证不限学历（{education}）",
    education_met: "{education}学历，达到{required}及以上",
    education_below_usual: "{education}学历，一般应具有{usual}及以上，需人工审核",
    education_relaxed: "{education}学历，{cutoff} 前已年满 {min_age} 周岁（{age} 周岁），可放宽",
    education_too_young: "{education}学历，{cutoff} 前 {age} 周岁，未满 {min_age} 周岁，需{required}及以上",
    education_short: "{education}学历，需{required}及以上（{cutoff} 前年满 {min_age} 周岁者可为{relaxed}）",
    service_met: "连续从事科技辅导工作 {years} 年，满足 {required} 年",
    service_short: "连续从事科技辅导工作 {years} 年，不足 {required} 年",
    part_time: "（含兼职）",
    hours_met: "培训 {hours} 学时，达到 {required} 学时",
    hours_short: "培训 {hours} 学时，少于 {required} 学时",
    cast_met: "其中科协系统 {cast} 学时，达到 {required} 学时",
    cast_short: "其中科协系统 {cast} 学时，少于 {required} 学时",
    uncertified: "另有 {hours} 学时无合格证书，不计入",
    outside: "另有 {hours} 学时不在时间或级别范围内，不计入",
    prior_met: "{year} 年取得{level}证书，不晚于 {latest} 年",
    prior_too_recent: "{year} 年取得{level}证书，晚于 {latest} 年",
    prior_missing: "无{required}证书，需 {latest} 年（含）以前取得",
    prior_wrong_level: "所持为{level}证书（{year} 年），需 {latest} 年（含）以前取得的{required}证书",
    achievements_listed: "满足 {met} 项（{list}），需 {required} 项",
    achievements_none: "满足 {met} 项，需 {required} 项",
    condition: "第{number}项：{ids}",
    unverified: "证明材料 {ids} 尚未核验",
    rejected: "证明材料 {ids} 已被驳回，不计入",
    exceptional_met: "符合破格条件：{basis}（{year} 年；{ids}）",
    exceptional_met_rank: "符合破格条件：{basis}（{year} 年{rank}；{ids}）",
    exceptional_listed: "已列入 {cycle} 年度中级破格名单，需人工审核",
    exceptional_not_listed: "未列入 {cycle} 年度中级破格名单",
    exceptional_wrong_level: "破格依据“{basis}”不适用于{level}认证",
    exceptional_missing_basis: "破格申报未注明破格依据",
    gap_no_evidence: "没有标注“{basis}”的证明材料",
    gap_rejected: "“{basis}”证明材料 {ids} 已被驳回",
    gap_rank: "{ids} 获{rank}，需三等奖（含）以上",
    gap_no_rank: "{ids} 未注明获奖等级，需三等奖（含）以上",
    gap_too_early: "{ids} 为 {year} 年获奖，需 {earliest} 年（含）以后",
};

const EN: Table = Table {
    verdict: ["Eligible", "Needs review", "Ineligible"],
    criterion: [
        "Ethics",
        "Education",
        "Years of service",
        "Training hours",
        "Intermediate certificate",
        "Achievements",
        "Exceptional basis",
    ],
    status: ["pass", "fail", "review", "waived"],
    level: ["junior", "intermediate", "senior", "specialist"],
    education: [
        "other education",
        "secondary education",
        "associate degree",
        "bachelor's degree",
        "master's degree",
        "doctorate",
    ],
    basis: [
        "top ten counselor",
        "normal-student teaching contest",
        "provincial exceptional list",
    ],
    rank: [
        "first prize",
        "second prize",
        "third prize",
        "excellence award",
        "other prize",
    ],
    id_separator: ", ",
    clause_separator: "; ",

    announced_separately: "Specialist rules are announced separately; a reviewer decides",
    waived: "Waived (exceptional: {basis})",
    relaxed: " (exceptional intermediate: a shortfall goes to review)",
    attested: "Declared: loyal, law-abiding, of good professional ethics",
    not_attested: "No declaration of professional ethics",
    education_not_required: "No education requirement for juniors ({education})",
    education_met: "{education}, {required} or higher",
    education_below_usual: "{education}; {required} or higher is usual, a reviewer decides",
    education_relaxed: "{education}, accepted: aged {age} before {cutoff}, at least {min_age}",
    education_too_young: "{education}, aged {age} before {cutoff}, under {min_age}: {required} or higher required",
    education_short: "{education}; {required} or higher required ({relaxed} if aged {min_age} before {cutoff})",
    service_met: "{years} year{s} of service, at least {required}",
    service_short: "{years} year{s} of service, fewer than {required}",
    part_time: " (part-time)",
    hours_met: "{hours} training hours, at least {required}",
    hours_short: "{hours} training hours, fewer than {required}",
    cast_met: "{cast} in the CAST system, at least {required}",
    cast_short: "{cast} in the CAST system, fewer than {required}",
    uncertified: "{hours} more hours without a certificate do not count",
    outside: "{hours} more hours outside the window or scope do not count",
    prior_met: "{level} certificate of {year}, no later than {latest}",
    prior_too_recent: "{level} certificate of {year}, later than {latest}",
    prior_missing: "No {required} certificate; one from {latest} or earlier is required",
    prior_wrong_level: "Holds a {level} certificate ({year}); an {required} one from {latest} or earlier is required",
    achievements_listed: "{met} condition{s} met ({list}), {required} required",
    achievements_none: "{met} condition{s} met, {required} required",
    condition: "{number}: {ids}",
    unverified: "evidence {ids} not yet verified",
    rejected: "evidence {ids} rejected, not counted",
    exceptional_met: "Exceptional basis met: {basis} ({year}; {ids})",
    exceptional_met_rank: "Exceptional basis met: {basis} ({year}, {rank}; {ids})",
    exceptional_listed: "On the {cycle} intermediate exceptional list; a reviewer decides",
    exceptional_not_listed: "Not on the {cycle} intermediate exceptional list",
    exceptional_wrong_level: "The basis \"{basis}\" does not apply to {level} applications",
    exceptional_missing_basis: "Exceptional application without a basis",
    gap_no_evidence: "No evidence item flagged \"{basis}\"",
    gap_rejected: "The \"{basis}\" evidence {ids} was rejected",
    gap_rank: "{ids}: {rank}; third prize or better required",
    gap_no_rank: "{ids}: no prize given; third prize or better required",
    gap_too_early: "{ids}: awarded in {year}; {earliest} or later required",
};

fn table(lang: Lang) -> &'static Table {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

pub fn verdict_label(verdict: Verdict, lang: Lang) -> &'static str {
    table(lang).verdict[verdict as usize]
}

/// The name of a criterion (资格条件).
pub fn criterion_label(criterion: Criterion, lang: Lang) -> &'static str {
    table(lang).criterion[criterion as usize]
}

pub fn status_label(status: Status, lang: Lang) -> &'static str {
    table(lang).status[status as usize]
}

/// A sentence on one criterion result, naming its numbers.
pub fn explain(result: &CriterionResult, lang: Lang) -> String {
    let t = table(lang);
    let mut text = body(result, t);
    // Only the intermediate exceptional rule turns a shortfall into review.
    if result.status == Status::Review && result.finding.falls_short() == Some(true) {
        text.push_str(t.relaxed);
    }
    // English sentences may open with a lowercase word ("associate degree, ...").
    if let Some(first) = text.get(..1)
        && first.bytes().all(|b| b.is_ascii_lowercase())
    {
        text.replace_range(..1, &first.to_ascii_uppercase());
    }
    text
}

fn body(result: &CriterionResult, t: &Table) -> String {
    let ed = |e: Education| t.education[e as usize];
    let lv = |l: Level| t.level[l as usize];
    let basis = |b: ExceptionalBasis| t.basis[b as usize];
    let ids = result.evidence.join(t.id_separator);

    match &result.finding {
        Finding::AnnouncedSeparately => t.announced_separately.to_owned(),
        Finding::Waived { basis: b } => fill(t.waived, &[("basis", &basis(*b))]),
        Finding::Attested => t.attested.to_owned(),
        Finding::NotAttested => t.not_attested.to_owned(),
        Finding::EducationNotRequired { education } => {
            fill(t.education_not_required, &[("education", &ed(*education))])
        }
        Finding::EducationMet {
            education,
            required,
        } => fill(
            t.education_met,
            &[("education", &ed(*education)), ("required", &ed(*required))],
        ),
        Finding::EducationBelowUsual { education, usual } => fill(
            t.education_below_usual,
            &[
                ("education", &ed(*education)),
                ("required", &ed(*usual)),
                ("usual", &ed(*usual)),
            ],
        ),
        Finding::EducationRelaxedByAge {
            education,
            age,
            min_age,
            cutoff,
        } => fill(
            t.education_relaxed,
            &[
                ("education", &ed(*education)),
                ("age", age),
                ("min_age", min_age),
                ("cutoff", cutoff),
            ],
        ),
        Finding::EducationTooYoung {
            education,
            required,
            age,
            min_age,
            cutoff,
        } => fill(
            t.education_too_young,
            &[
                ("education", &ed(*education)),
                ("required", &ed(*required)),
                ("age", age),
                ("min_age", min_age),
                ("cutoff", cutoff),
            ],
        ),
        Finding::EducationShort {
            education,
            required,
            relaxed,
            min_age,
            cutoff,
        } => fill(
            t.education_short,
            &[
                ("education", &ed(*education)),
                ("required", &ed(*required)),
                ("relaxed", &ed(*relaxed)),
                ("min_age", min_age),
                ("cutoff", cutoff),
            ],
        ),
        Finding::ServiceYears {
            years,
            required,
            part_time,
        } => {
            let template = if years >= required {
                t.service_met
            } else {
                t.service_short
            };
            let mut text = fill(
                template,
                &[
                    ("years", years),
                    ("s", &plural(*years)),
                    ("required", required),
                ],
            );
            if *part_time {
                text.push_str(t.part_time);
            }
            text
        }
        Finding::TrainingMet {
            hours,
            required,
            cast,
            cast_required,
            uncertified,
            outside,
        }
        | Finding::TrainingShort {
            hours,
            required,
            cast,
            cast_required,
            uncertified,
            outside,
        } => {
            let total = if hours >= required {
                t.hours_met
            } else {
                t.hours_short
            };
            let part = if cast >= cast_required {
                t.cast_met
            } else {
                t.cast_short
            };
            let mut clauses = vec![
                fill(total, &[("hours", hours), ("required", required)]),
                fill(part, &[("cast", cast), ("required", cast_required)]),
            ];
            if !uncertified.is_zero() {
                clauses.push(fill(t.uncertified, &[("hours", uncertified)]));
            }
            if !outside.is_zero() {
                clauses.push(fill(t.outside, &[("hours", outside)]));
            }
            clauses.join(t.clause_separator)
        }
        Finding::PriorCertificateMet {
            level,
            year,
            latest,
        } => fill(
            t.prior_met,
            &[("level", &lv(*level)), ("year", year), ("latest", latest)],
        ),
        Finding::PriorCertificateTooRecent {
            level,
            year,
            latest,
        } => fill(
            t.prior_too_recent,
            &[("level", &lv(*level)), ("year", year), ("latest", latest)],
        ),
        Finding::PriorCertificateMissing { required, latest } => fill(
            t.prior_missing,
            &[("required", &lv(*required)), ("latest", latest)],
        ),
        Finding::PriorCertificateWrongLevel {
            level,
            required,
            year,
            latest,
        } => fill(
            t.prior_wrong_level,
            &[
                ("level", &lv(*level)),
                ("required", &lv(*required)),
                ("year", year),
                ("latest", latest),
            ],
        ),
        Finding::Achievements {
            met,
            required,
            unverified,
            rejected,
        } => {
            let met_conditions = result.conditions.iter().filter(|c| c.met);
            let list: Vec<String> = met_conditions
                .map(|c| {
                    let ids = c.evidence.join(t.id_separator);
                    fill(t.condition, &[("number", &c.number), ("ids", &ids)])
                })
                .collect();
            let template = if list.is_empty() {
                t.achievements_none
            } else {
                t.achievements_listed
            };
            let list = list.join(t.clause_separator);
            let args: [(&str, &dyn Display); 4] = [
                ("met", met),
                ("s", &plural(u32::from(*met))),
                ("list", &list),
                ("required", required),
            ];
            let mut clauses = vec![fill(template, &args)];
            notes(&mut clauses, t, unverified, rejected);
            clauses.join(t.clause_separator)
        }
        Finding::ExceptionalMet {
            basis: b,
            year,
            rank,
            unverified,
        } => {
            let mut clauses = vec![match rank {
                Some(rank) => fill(
                    t.exceptional_met_rank,
                    &[
                        ("basis", &basis(*b)),
                        ("year", year),
                        ("rank", &t.rank[*rank as usize]),
                        ("ids", &ids),
                    ],
                ),
                None => fill(
                    t.exceptional_met,
                    &[("basis", &basis(*b)), ("year", year), ("ids", &ids)],
                ),
            }];
            notes(&mut clauses, t, unverified, &[]);
            clauses.join(t.clause_separator)
        }
        Finding::ExceptionalListed { cycle } => fill(t.exceptional_listed, &[("cycle", cycle)]),
        Finding::ExceptionalNotListed { cycle } => {
            fill(t.exceptional_not_listed, &[("cycle", cycle)])
        }
        Finding::ExceptionalWrongLevel { basis: b, level } => fill(
            t.exceptional_wrong_level,
            &[("basis", &basis(*b)), ("level", &lv(*level))],
        ),
        Finding::ExceptionalMissingBasis => t.exceptional_missing_basis.to_owned(),
        Finding::ExceptionalNotMet { basis: b, gap } => {
            let b = basis(*b);
            match gap {
                ExceptionalGap::NoEvidence => fill(t.gap_no_evidence, &[("basis", &b)]),
                ExceptionalGap::Rejected => fill(t.gap_rejected, &[("basis", &b), ("ids", &ids)]),
                ExceptionalGap::RankTooLow { rank: Some(rank) } => fill(
                    t.gap_rank,
                    &[("ids", &ids), ("rank", &t.rank[*rank as usize])],
                ),
                ExceptionalGap::RankTooLow { rank: None } => fill(t.gap_no_rank, &[("ids", &ids)]),
                ExceptionalGap::TooEarly { year, earliest } => fill(
                    t.gap_too_early,
                    &[("ids", &ids), ("year", year), ("earliest", earliest)],
                ),
            }
        }
    }
}

/// The notes on unverified and rejected evidence, as further clauses.
fn notes(clauses: &mut Vec<String>, t: &Table, unverified: &[String], rejected: &[String]) {
    if !unverified.is_empty() {
        let ids = unverified.join(t.id_separator);
        clauses.push(fill(t.unverified, &[("ids", &ids)]));
    }
    if !rejected.is_empty() {
        let ids = rejected.join(t.id_separator);
        clauses.push(fill(t.rejected, &[("ids", &ids)]));
    }
}

/// The English plural ending for a count.
fn plural(count: u32) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Replaces each `{name}` of the template with its value; a name without a
/// value is left as written.
fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(&value.to_string()),
            None => out.push_str(&rest[open..=open + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;

//! The words of the language: field names and enumerated values, each with
//! its canonical English spelling first and its Chinese aliases after.

use crate::domain::{Criterion, Level, Stage, Status, Track, Verdict};

use super::{ComplaintState, FeeState, FlagKind, Missing, SortField};

/// A field a term can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Level,
    Stage,
    Track,
    Province,
    Org,
    Verdict,
    Criterion,
    Score,
    Written,
    Spread,
    Flag,
    Fee,
    Assigned,
    Reviewed,
    Missing,
    Complaint,
    Age,
    Years,
    Sort,
}

/// Field names: canonical first, then aliases.
const FIELDS: &[(Field, &[&str])] = &[
    (Field::Level, &["level", "级别"]),
    (Field::Stage, &["stage", "阶段"]),
    (Field::Track, &["track", "类型"]),
    (Field::Province, &["province", "省份", "省"]),
    (Field::Org, &["org", "organization", "单位"]),
    (Field::Verdict, &["verdict", "资格"]),
    (Field::Criterion, &["criterion", "条件"]),
    (Field::Score, &["score", "分数", "评分"]),
    (Field::Written, &["written", "笔试"]),
    (Field::Spread, &["spread", "分差"]),
    (Field::Flag, &["flag", "标记"]),
    (Field::Fee, &["fee", "费用", "评审费"]),
    (Field::Assigned, &["assigned", "分配"]),
    (Field::Reviewed, &["reviewed", "已评"]),
    (Field::Missing, &["missing", "缺"]),
    (Field::Complaint, &["complaint", "投诉"]),
    (Field::Age, &["age", "年龄"]),
    (Field::Years, &["years", "年限"]),
    (Field::Sort, &["sort", "排序"]),
];

impl Field {
    pub fn find(name: &str) -> Option<Field> {
        let lower = name.to_lowercase();
        FIELDS
            .iter()
            .find(|(_, names)| names.contains(&lower.as_str()))
            .map(|(field, _)| *field)
    }

    pub fn name(self) -> &'static str {
        FIELDS
            .iter()
            .find(|(field, _)| *field == self)
            .map_or("", |(_, names)| names[0])
    }

    /// Every canonical field name, for error messages and completion.
    pub fn names() -> Vec<&'static str> {
        FIELDS.iter().map(|(_, names)| names[0]).collect()
    }
}

/// Looks `word` up in a table of values and their spellings.
fn find<T: Copy>(table: &[(T, &[&str])], word: &str) -> Option<T> {
    let lower = word.to_lowercase();
    table
        .iter()
        .find(|(_, names)| names.contains(&lower.as_str()))
        .map(|(value, _)| *value)
}

fn canonical<T: Copy + PartialEq>(table: &[(T, &[&'static str])], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, names)| names[0])
}

fn spellings<T>(table: &[(T, &[&'static str])]) -> Vec<&'static str> {
    table.iter().map(|(_, names)| names[0]).collect()
}

/// One enumerated kind of value: its table, found and printed the same way.
pub struct Words<T: 'static>(pub &'static [(T, &'static [&'static str])]);

impl<T: Copy + PartialEq> Words<T> {
    pub fn find(&self, word: &str) -> Option<T> {
        find(self.0, word)
    }

    pub fn name(&self, value: T) -> &'static str {
        canonical(self.0, value)
    }

    pub fn names(&self) -> Vec<&'static str> {
        spellings(self.0)
    }
}

pub const LEVELS: Words<Level> = Words(&[
    (Level::Junior, &["junior", "初级"]),
    (Level::Intermediate, &["intermediate", "中级"]),
    (Level::Senior, &["senior", "高级"]),
    (Level::Specialist, &["specialist", "专项"]),
]);

pub const STAGES: Words<Stage> = Words(&[
    (Stage::Eligibility, &["eligibility", "资格审查"]),
    (
        Stage::Achievement,
        &["achievement", "业绩评审", "业绩和成果评审"],
    ),
    (Stage::Written, &["written", "笔试"]),
    (Stage::Defense, &["defense", "答辩"]),
    (Stage::Notice, &["notice", "公示"]),
    (Stage::Certified, &["certified", "颁证"]),
    (Stage::Rejected, &["rejected", "未通过"]),
    (Stage::Withdrawn, &["withdrawn", "撤回"]),
    (Stage::Cancelled, &["cancelled", "取消"]),
    (Stage::Revoked, &["revoked", "收回"]),
]);

pub const TRACKS: Words<Track> = Words(&[
    (Track::Regular, &["regular", "常规"]),
    (Track::Exceptional, &["exceptional", "破格"]),
]);

pub const VERDICTS: Words<Verdict> = Words(&[
    (Verdict::Eligible, &["eligible", "符合", "符合条件"]),
    (
        Verdict::NeedsReview,
        &["needs_review", "review", "复核", "需复核"],
    ),
    (Verdict::Ineligible, &["ineligible", "不符", "不符合条件"]),
]);

pub const CRITERIA: Words<Criterion> = Words(&[
    (Criterion::Ethics, &["ethics", "职业道德"]),
    (Criterion::Education, &["education", "学历"]),
    (Criterion::ServiceYears, &["service_years", "工作年限"]),
    (Criterion::TrainingHours, &["training_hours", "培训学时"]),
    (
        Criterion::PriorCertificate,
        &["prior_certificate", "原有证书"],
    ),
    (Criterion::Achievements, &["achievements", "业绩成果"]),
    (Criterion::Exceptional, &["exceptional", "破格条件"]),
]);

pub const STATUSES: Words<Status> = Words(&[
    (Status::Pass, &["pass", "通过"]),
    (Status::Fail, &["fail", "未通过"]),
    (Status::Review, &["review", "复核"]),
    (Status::Waived, &["waived", "免除"]),
]);

pub const FLAGS: Words<FlagKind> = Words(&[(FlagKind::Disagree, &["disagree", "分歧"])]);

pub const FEES: Words<FeeState> = Words(&[
    (FeeState::Paid, &["paid", "已缴"]),
    (FeeState::Unpaid, &["unpaid", "未缴"]),
]);

pub const MISSING: Words<Missing> = Words(&[(Missing::Review, &["review", "评审"])]);

pub const COMPLAINTS: Words<ComplaintState> = Words(&[
    (ComplaintState::Any, &["any", "有"]),
    (ComplaintState::Open, &["open", "未决"]),
    (ComplaintState::Upheld, &["upheld", "成立"]),
    (ComplaintState::Dismissed, &["dismissed", "驳回"]),
]);

pub const SORTS: Words<SortField> = Words(&[
    (SortField::Id, &["id", "编号"]),
    (SortField::Name, &["name", "姓名"]),
    (SortField::Province, &["province", "省份"]),
    (SortField::Level, &["level", "级别"]),
    (SortField::Stage, &["stage", "阶段"]),
    (SortField::Score, &["score", "分数"]),
    (SortField::Written, &["written", "笔试"]),
    (SortField::Spread, &["spread", "分差"]),
    (SortField::Age, &["age", "年龄"]),
    (SortField::Years, &["years", "年限"]),
]);

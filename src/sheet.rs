//! Applications as an XLSX workbook (INTERCHANGE.md): three sheets,
//! `applications` (申报), `training` (培训) and `evidence` (证明材料), the
//! last two keyed by `application_id`. One column per field; the
//! prior certificate is spread over three `prior_certificate.*` columns.
//!
//! A sheet or header may be named in English (`name`), in Chinese (`姓名`)
//! or both as the template writes them (`姓名 (name)`).

mod assemble;
mod cells;
mod read;
mod write;

pub use read::{SheetProblem, Workbook, read_workbook};
pub use write::{Widths, applications_workbook, template_workbook, write_header};

use crate::domain::application::{
    Education, EvidenceKind, Field, Flag, Gender, OrgType, Rank, Role, Scope,
};
use crate::domain::parse::Word;
use crate::domain::stage::{ExceptionalBasis, Level, Stage, Track};

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text or an enumeration word; trimmed.
    Text,
    /// A date cell or `YYYY-MM-DD` text.
    Date,
    /// A boolean cell, or 是/否, true/false, 1/0.
    Bool,
    /// A number cell or numeric text.
    Number,
}

/// One column of a sheet.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The field name of INTERCHANGE.md (`prior_certificate.year` for the
    /// parts of the prior certificate).
    pub key: &'static str,
    /// The Chinese label.
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The words of an enumeration, for the template's drop-down lists.
    pub words: &'static [&'static str],
}

const fn col(key: &'static str, label: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        key,
        label,
        kind,
        required,
        words: &[],
    }
}

const fn choice(
    key: &'static str,
    label: &'static str,
    required: bool,
    words: &'static [&'static str],
) -> Column {
    Column {
        key,
        label,
        kind: Kind::Text,
        required,
        words,
    }
}

use Kind::{Bool, Date, Number, Text};

/// The key column of the training and evidence sheets.
pub const APPLICATION_ID: &str = "application_id";

pub const APPLICATION_COLUMNS: &[Column] = &[
    col("id", "申报编号", Text, true),
    col("cycle", "年度", Number, true),
    choice("level", "申报级别", true, Level::WORDS),
    choice("track", "申报类型", false, Track::WORDS),
    choice(
        "exceptional_basis",
        "破格依据",
        false,
        ExceptionalBasis::WORDS,
    ),
    col("name", "姓名", Text, true),
    choice("gender", "性别", false, Gender::WORDS),
    col("birth_date", "出生日期", Date, true),
    col("id_number", "身份证号", Text, false),
    col("phone", "手机", Text, false),
    col("email", "电子邮箱", Text, false),
    col("province", "省份", Text, true),
    col("organization", "工作单位", Text, true),
    choice("org_type", "单位类型", true, OrgType::WORDS),
    choice("field", "学科领域", false, Field::WORDS),
    choice("education", "学历", true, Education::WORDS),
    col("title", "职称", Text, false),
    col("service_start", "连续从事科技辅导工作起始日期", Date, true),
    col("part_time", "兼职", Bool, false),
    col("attestation", "遵守职业道德承诺", Bool, true),
    choice("prior_certificate.level", "原证书级别", false, Level::WORDS),
    col("prior_certificate.year", "原证书年度", Number, false),
    col("prior_certificate.number", "原证书编号", Text, false),
    col("fee_paid", "已缴费用", Number, false),
    col("statement", "工作业绩简述", Text, false),
    choice("stage", "所处阶段", false, Stage::WORDS),
];

pub const TRAINING_COLUMNS: &[Column] = &[
    col(APPLICATION_ID, "申报编号", Text, true),
    col("title", "培训名称", Text, true),
    col("provider", "主办单位", Text, true),
    col("date", "完成日期", Date, true),
    col("hours", "学时", Number, true),
    choice("scope", "级别范围", true, Scope::WORDS),
    col("cast_system", "科协系统", Bool, true),
    col("online", "线上", Bool, false),
    col("certificate", "合格证书", Bool, true),
];

pub const EVIDENCE_COLUMNS: &[Column] = &[
    col(APPLICATION_ID, "申报编号", Text, true),
    col("id", "材料编号", Text, true),
    choice("kind", "材料类别", true, EvidenceKind::WORDS),
    col("title", "名称", Text, true),
    col("date", "日期", Date, true),
    choice("scope", "级别范围", false, Scope::WORDS),
    choice("role", "角色", false, Role::WORDS),
    choice("rank", "奖项等次", false, Rank::WORDS),
    choice("flag", "特别标记", false, Flag::WORDS),
    col("author_position", "作者排序", Number, false),
    choice("journal_scope", "期刊级别", false, Scope::WORDS),
    col("file", "文件", Text, false),
    col("sha256", "文件摘要 SHA-256", Text, false),
    col("verified", "已核实", Bool, false),
];

/// The three sheets of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Applications,
    Training,
    Evidence,
}

impl Sheet {
    pub const ALL: [Sheet; 3] = [Sheet::Applications, Sheet::Training, Sheet::Evidence];

    pub fn name(self) -> &'static str {
        match self {
            Sheet::Applications => "applications",
            Sheet::Training => "training",
            Sheet::Evidence => "evidence",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sheet::Applications => "申报",
            Sheet::Training => "培训",
            Sheet::Evidence => "证明材料",
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            Sheet::Applications => APPLICATION_COLUMNS,
            Sheet::Training => TRAINING_COLUMNS,
            Sheet::Evidence => EVIDENCE_COLUMNS,
        }
    }

    /// Whether a sheet in a file is this one: its English or Chinese name,
    /// or both as `申报 (applications)`.
    pub fn matches(self, name: &str) -> bool {
        named(name.trim(), self.name(), self.label())
    }

    /// The column a header names, if any.
    pub fn column(self, header: &str) -> Option<&'static Column> {
        let header = header.trim();
        self.columns()
            .iter()
            .find(|c| named(header, c.key, c.label))
    }
}

/// `text` is `english`, `chinese`, or `chinese (english)` (either kind of
/// parentheses, any spaces before them).
fn named(text: &str, english: &str, chinese: &str) -> bool {
    if text == english || text == chinese {
        return true;
    }
    let inner = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .or_else(|| text.strip_suffix('）').and_then(|t| t.rsplit_once('（')));
    inner.is_some_and(|(before, inside)| before.trim_end() == chinese && inside.trim() == english)
}

/// The header the template and exports write: `姓名 (name)`.
pub fn header(column: &Column) -> String {
    format!("{} ({})", column.label, column.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_either_language_and_both() {
        let name = Sheet::Applications.column(" 姓名 (name) ").map(|c| c.key);
        assert_eq!(name, Some("name"));
        assert_eq!(
            Sheet::Applications.column("姓名（name）").map(|c| c.key),
            Some("name")
        );
        assert_eq!(
            Sheet::Applications.column("姓名").map(|c| c.key),
            Some("name")
        );
        assert_eq!(
            Sheet::Training.column("hours").map(|c| c.label),
            Some("学时")
        );
        assert!(Sheet::Applications.column("姓名 (phone)").is_none());
        assert!(Sheet::Applications.column("nmae").is_none());
        assert!(Sheet::Evidence.matches("证明材料"));
        assert!(Sheet::Evidence.matches("证明材料 (evidence)"));
        assert!(!Sheet::Evidence.matches("training"));
    }

    #[test]
    fn every_column_has_a_distinct_key_and_label_within_its_sheet() {
        for sheet in Sheet::ALL {
            let columns = sheet.columns();
            for (i, a) in columns.iter().enumerate() {
                for b in &columns[i + 1..] {
                    assert_ne!(a.key, b.key);
                    assert_ne!(a.label, b.label);
                }
            }
        }
    }
}

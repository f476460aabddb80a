//! Writing workbooks: the applications in the exact layout the importer
//! reads, the empty template with its instructions, and the column widths,
//! header style and typed cells every exported sheet shares.

use rust_xlsxwriter::{
    DataValidation, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::{APPLICATION_ID, Column, Kind, Sheet, header};
use crate::domain::Application;

/// The widest a column is made, in character widths.
const WIDTH_MAX: usize = 50;
/// Rows of the template that get the drop-down lists.
const TEMPLATE_ROWS: u32 = 1_000;

/// The display width of a text: CJK characters count double.
pub fn text_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Column widths from the widest cell of each column, capped.
#[derive(Debug, Default)]
pub struct Widths(Vec<usize>);

impl Widths {
    pub fn note(&mut self, column: usize, text: &str) {
        if self.0.len() <= column {
            self.0.resize(column + 1, 0);
        }
        let width = text_width(text).min(WIDTH_MAX);
        if width > self.0[column] {
            self.0[column] = width;
        }
    }

    pub fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (column, width) in self.0.iter().enumerate() {
            sheet.set_column_width(column as u16, (*width).max(4) as f64 + 2.0)?;
        }
        Ok(())
    }
}

pub fn bold() -> Format {
    Format::new().set_bold().set_align(FormatAlign::Top)
}

pub fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

/// Writes the header row in bold and freezes it.
pub fn write_header(
    sheet: &mut Worksheet,
    headers: &[String],
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let bold = bold();
    for (i, text) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, text, &bold)?;
        widths.note(i, text);
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The three-sheet workbook of these applications, in the import layout.
/// `progress` is told the applications written so far over the three
/// sheets, and their total (three times the count).
pub fn applications_workbook(
    applications: &[Application],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<u8>, XlsxError> {
    let total = applications.len() * Sheet::ALL.len();
    let mut written = 0;
    let mut book = Workbook::new();
    // Compressing is most of the time of saving a large workbook; the
    // fastest level costs a few percent of size.
    book.set_zip_compression_level(1);
    let dates = date_format();
    for sheet_kind in Sheet::ALL {
        let columns = sheet_kind.columns();
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(sheet_kind.name())?;
        let mut widths = Widths::default();
        let headers: Vec<String> = columns.iter().map(header).collect();
        write_header(sheet, &headers, &mut widths)?;
        let mut row = 1;
        for (done, application) in applications.iter().enumerate() {
            // One application at a time, so the JSON form never holds them all.
            let parts = match sheet_kind {
                Sheet::Applications => vec![serde_json::to_value(application)],
                Sheet::Training => application
                    .training
                    .iter()
                    .map(serde_json::to_value)
                    .collect(),
                Sheet::Evidence => application
                    .evidence
                    .iter()
                    .map(serde_json::to_value)
                    .collect(),
            };
            let id = Value::String(application.id.clone());
            for part in parts {
                let part = part.unwrap_or(Value::Null);
                for (i, column) in columns.iter().enumerate() {
                    let cell = if column.key == APPLICATION_ID {
                        Some(&id)
                    } else {
                        lookup(&part, column.key)
                    };
                    if let Some(cell) = cell {
                        write_cell(sheet, row, i as u16, cell, column.kind, &dates, &mut widths)?;
                    }
                }
                row += 1;
            }
            written += 1;
            if done % 256 == 0 {
                progress(written, total);
            }
        }
        widths.apply(sheet)?;
    }
    book.save_to_buffer()
}

/// A field of an application's JSON, `prior_certificate.year` included.
fn lookup<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let found = match key.split_once('.') {
        Some((outer, inner)) => value.get(outer)?.get(inner)?,
        None => value.get(key)?,
    };
    (!found.is_null()).then_some(found)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Value,
    kind: Kind,
    dates: &Format,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    match value {
        Value::Bool(b) => {
            sheet.write_boolean(row, column, *b)?;
            widths.note(column.into(), "FALSE");
        }
        Value::Number(n) => {
            let n = n.as_f64().unwrap_or_default();
            sheet.write_number(row, column, n)?;
            widths.note(column.into(), &n.to_string());
        }
        Value::String(text) => {
            let date = (kind == Kind::Date).then(|| ymd(text)).flatten();
            match date {
                Some(date) => {
                    sheet.write_datetime_with_format(row, column, &date, dates)?;
                }
                None => {
                    sheet.write_string(row, column, text)?;
                }
            }
            widths.note(column.into(), text);
        }
        Value::Null | Value::Array(_) | Value::Object(_) => {}
    }
    Ok(())
}

fn ymd(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// An empty workbook to fill in: the three sheets with their headers and
/// drop-down lists for the enumerations, and the instructions 说明.
pub fn template_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    write_instructions(book.add_worksheet())?;
    for sheet_kind in Sheet::ALL {
        let columns = sheet_kind.columns();
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_kind.name())?;
        let mut widths = Widths::default();
        let headers: Vec<String> = columns.iter().map(header).collect();
        write_header(sheet, &headers, &mut widths)?;
        for (i, column) in columns.iter().enumerate() {
            let column_index = i as u16;
            if !column.words.is_empty() {
                let list = DataValidation::new().allow_list_strings(column.words)?;
                sheet.add_data_validation(1, column_index, TEMPLATE_ROWS, column_index, &list)?;
                for word in column.words {
                    widths.note(i, word);
                }
            }
            if column.kind == Kind::Date {
                sheet.set_column_format(column_index, &date_format())?;
                widths.note(i, "2024-01-01");
            }
        }
        widths.apply(sheet)?;
    }
    book.save_to_buffer()
}

fn kind_text(column: &Column) -> String {
    match column.kind {
        Kind::Date => "日期 date YYYY-MM-DD".to_owned(),
        Kind::Bool => "是/否 true/false".to_owned(),
        Kind::Number => "数字 number".to_owned(),
        Kind::Text if column.words.is_empty() => "文本 text".to_owned(),
        Kind::Text => column.words.join(", "),
    }
}

fn write_instructions(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name("说明")?;
    let bold = bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let lines = [
        "填写说明 Instructions",
        "每位申报人在「applications 申报」表占一行；培训记录与证明材料分别填在「training 培训」和「evidence 证明材料」表，用「申报编号 (application_id)」对应申报人。",
        "One row per applicant in the applications sheet; training records and evidence items go in the training and evidence sheets, joined by application_id.",
        "日期填写为日期单元格或文本 YYYY-MM-DD；是否类填写 是/否（或 true/false、1/0）；可选项请从下拉列表选择。",
        "Dates as date cells or text YYYY-MM-DD; yes/no fields as 是/否, true/false or 1/0; enumerations from the drop-down lists.",
        "标题行可用中文、英文字段名或两者（如 姓名 (name)），列的顺序不限。带 * 的字段为必填。",
        "Headers may be the Chinese label, the English field name or both; columns in any order. Fields marked * are required.",
    ];
    // The lines run on over the empty cells to their right, unwrapped.
    sheet.write_string_with_format(0, 0, lines[0], &bold)?;
    let mut row = 1;
    for line in &lines[1..] {
        sheet.write_string(row, 0, *line)?;
        row += 1;
    }
    row += 1;
    for (i, title) in ["表 sheet", "字段 field", "必填 required", "取值 values"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, i as u16, *title, &bold)?;
    }
    row += 1;
    for sheet_kind in Sheet::ALL {
        for column in sheet_kind.columns() {
            let sheet_name = format!("{} {}", sheet_kind.name(), sheet_kind.label());
            sheet.write_string(row, 0, &sheet_name)?;
            sheet.write_string(row, 1, header(column))?;
            sheet.write_string(row, 2, if column.required { "*" } else { "" })?;
            sheet.write_string_with_format(row, 3, kind_text(column), &wrap)?;
            row += 1;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 36)?;
    sheet.set_column_width(2, 12)?;
    sheet.set_column_width(3, 60)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_double_and_are_capped() {
        assert_eq!(text_width("姓名 (name)"), 11);
        assert_eq!(text_width("short\na longer line"), 13);
        let mut widths = Widths::default();
        widths.note(2, "王芳");
        widths.note(2, "ab");
        widths.note(0, &"长".repeat(1_000));
        assert_eq!(widths.0, [WIDTH_MAX, 0, 4]);
    }

    #[test]
    fn dates_are_read_strictly_for_date_cells() {
        assert!(ymd("2024-02-29").is_some());
        assert!(ymd("2023-02-29").is_none());
        assert!(ymd("soon").is_none());
    }
}

//! Any export table as a workbook of one sheet named for its kind: a bold,
//! frozen header row, columns as wide as their content (CJK characters
//! count double, capped), numbers as numbers and everything else as text.

use anyhow::Result;
use rust_xlsxwriter::Workbook;

use super::Table;
use crate::cli::import::progress_bar;
use crate::sheet::{Widths, write_header};

pub fn table_workbook(sheet_name: &str, table: &Table) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    book.set_zip_compression_level(1);
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name)?;
    let mut widths = Widths::default();
    let headers: Vec<String> = table.header.iter().map(|h| (*h).to_owned()).collect();
    write_header(sheet, &headers, &mut widths)?;
    let bar = progress_bar(table.rows.len() as u64, "exporting");
    for (i, cells) in table.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (column, text) in cells.iter().enumerate() {
            let column_index = column as u16;
            match number(text) {
                Some(n) => sheet.write_number(row, column_index, n)?,
                None if text.is_empty() => continue,
                None => sheet.write_string(row, column_index, text)?,
            };
            widths.note(column, text);
        }
        if i % 1024 == 0 {
            bar.set_position(i as u64);
        }
    }
    bar.finish_and_clear();
    widths.apply(sheet)?;
    Ok(book.save_to_buffer()?)
}

/// A cell's text as a number when it is written as one: digits with an
/// optional sign and decimal point, no leading zeros (a phone number or an
/// id with leading zeros stays text), at most 15 significant digits.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(digits.contains('.') && fraction.is_empty())
        && (whole == "0" || !whole.starts_with('0'))
        && whole.len() + fraction.len() <= 15;
    if plain { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn only_plain_numbers_become_numbers() {
        assert_eq!(number("88.5"), Some(88.5));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("0.5"), Some(0.5));
        assert_eq!(number("0"), Some(0.0));
        for text in [
            "0571",
            "1e5",
            "",
            "12.",
            ".5",
            "+3",
            "2024-01-05",
            "NaN",
            "1234567890123456",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}

//! Workbooks for the tests: written with `rust_xlsxwriter` from sample
//! applications (any header language and column order), or put together
//! by hand as a zip of XML parts for the broken cases no writer produces.

#![allow(dead_code)]

pub mod run;

use std::fmt::Write as _;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::Value;

pub const APPLICATION_KEYS: &[&str] = &[
    "id",
    "cycle",
    "level",
    "name",
    "birth_date",
    "province",
    "organization",
    "org_type",
    "education",
    "service_start",
    "attestation",
    "fee_paid",
];
pub const TRAINING_KEYS: &[&str] = &[
    "application_id",
    "title",
    "provider",
    "date",
    "hours",
    "scope",
    "cast_system",
    "certificate",
];
pub const EVIDENCE_KEYS: &[&str] = &[
    "application_id",
    "id",
    "kind",
    "title",
    "date",
    "scope",
    "role",
    "rank",
];

/// How a test workbook spells its headers and cells.
#[derive(Clone, Copy)]
pub struct Style {
    /// Chinese sheet names and header labels instead of English ones.
    pub chinese: bool,
    /// Columns in reverse order.
    pub reversed: bool,
    /// Dates as date cells, booleans as 是/否 text (else both as text and
    /// boolean cells).
    pub typed: bool,
}

pub const ENGLISH: Style = Style {
    chinese: false,
    reversed: false,
    typed: false,
};
pub const CHINESE: Style = Style {
    chinese: true,
    reversed: true,
    typed: true,
};

fn label(sheet: docket::sheet::Sheet, key: &str) -> &'static str {
    sheet.column(key).unwrap().label
}

/// A workbook of the sample applications, written through `edit` before
/// it is saved (to merge cells, add formulas and so on).
pub fn from_json(
    applications: &[Value],
    style: Style,
    edit: impl FnOnce(&mut Workbook),
) -> Vec<u8> {
    use docket::sheet::Sheet;
    let mut book = Workbook::new();
    let parts: [(Sheet, &[&str]); 3] = [
        (Sheet::Applications, APPLICATION_KEYS),
        (Sheet::Training, TRAINING_KEYS),
        (Sheet::Evidence, EVIDENCE_KEYS),
    ];
    for (sheet, keys) in parts {
        let mut keys: Vec<&str> = keys.to_vec();
        if style.reversed {
            keys.reverse();
        }
        let worksheet = book.add_worksheet();
        worksheet
            .set_name(if style.chinese {
                sheet.label()
            } else {
                sheet.name()
            })
            .unwrap();
        for (column, key) in keys.iter().enumerate() {
            let header = if style.chinese {
                label(sheet, key)
            } else {
                key
            };
            worksheet.write_string(0, column as u16, header).unwrap();
        }
        let mut row = 1;
        for application in applications {
            let items: Vec<&Value> = match sheet {
                Sheet::Applications => vec![application],
                Sheet::Training => application["training"].as_array().unwrap().iter().collect(),
                Sheet::Evidence => application["evidence"].as_array().unwrap().iter().collect(),
            };
            for item in items {
                for (column, key) in keys.iter().enumerate() {
                    let value = if *key == "application_id" {
                        &application["id"]
                    } else {
                        &item[*key]
                    };
                    write(worksheet, row, column as u16, value, style.typed);
                }
                row += 1;
            }
        }
    }
    edit(&mut book);
    book.save_to_buffer().unwrap()
}

fn write(sheet: &mut Worksheet, row: u32, column: u16, value: &Value, typed: bool) {
    match value {
        Value::Null => {}
        Value::Bool(b) if typed => {
            sheet
                .write_string(row, column, if *b { "是" } else { "否" })
                .unwrap();
        }
        Value::Bool(b) => {
            sheet.write_boolean(row, column, *b).unwrap();
        }
        Value::Number(n) => {
            sheet
                .write_number(row, column, n.as_f64().unwrap())
                .unwrap();
        }
        Value::String(s) => {
            let date = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
            if typed && date {
                let (y, m, d) = (&s[0..4], &s[5..7], &s[8..10]);
                let date = ExcelDateTime::from_ymd(
                    y.parse().unwrap(),
                    m.parse().unwrap(),
                    d.parse().unwrap(),
                )
                .unwrap();
                let format = Format::new().set_num_format("yyyy-mm-dd");
                sheet
                    .write_datetime_with_format(row, column, &date, &format)
                    .unwrap();
            } else {
                sheet.write_string(row, column, s).unwrap();
            }
        }
        other => panic!("no cell for {other}"),
    }
}

/// A workbook put together by hand: each sheet's name and the XML inside
/// its `<worksheet>` element.
pub fn by_hand(sheets: &[(&str, String)]) -> Vec<u8> {
    let mut entries = vec![
        (
            "[Content_Types].xml".to_owned(),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
                r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
                r#"<Default Extension="xml" ContentType="application/xml"/>"#,
                r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
                "</Types>"
            )
            .as_bytes()
            .to_vec(),
        ),
        (
            "_rels/.rels".to_owned(),
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
                "</Relationships>"
            )
            .as_bytes()
            .to_vec(),
        ),
    ];
    let mut listed = String::new();
    let mut rels = String::new();
    for (i, (name, xml)) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            listed,
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        );
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
        let mut part = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#.to_vec();
        part.extend_from_slice(xml.as_bytes());
        part.extend_from_slice(b"</worksheet>");
        entries.push((format!("xl/worksheets/sheet{n}.xml"), part));
    }
    entries.push((
        "xl/workbook.xml".to_owned(),
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#,
                r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
                "<sheets>{}</sheets></workbook>"
            ),
            listed
        )
        .into_bytes(),
    ));
    entries.push((
        "xl/_rels/workbook.xml.rels".to_owned(),
        format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#
            ),
            rels
        )
        .into_bytes(),
    ));
    stored_zip(&entries)
}

/// Replaces a placeholder in a sheet's XML by raw bytes (invalid UTF-8).
pub fn by_hand_with_bytes(sheets: &[(&str, String)], placeholder: &str, bytes: &[u8]) -> Vec<u8> {
    let zip = by_hand(sheets);
    let at = zip
        .windows(placeholder.len())
        .position(|w| w == placeholder.as_bytes())
        .unwrap();
    assert_eq!(
        placeholder.len(),
        bytes.len(),
        "same length keeps the zip offsets"
    );
    let mut out = zip;
    out[at..at + bytes.len()].copy_from_slice(bytes);
    // The CRC no longer matches; recompute it for the entry that holds it.
    fix_crcs(&mut out);
    out
}

/// A zip archive with every entry stored uncompressed.
fn stored_zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |signature: u32, central_part: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&signature.to_le_bytes());
            if central_part {
                h.extend_from_slice(&20_u16.to_le_bytes());
            }
            h.extend_from_slice(&20_u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0x0800_u16.to_le_bytes()); // UTF-8 names
            h.extend_from_slice(&0_u16.to_le_bytes()); // stored
            h.extend_from_slice(&0_u32.to_le_bytes()); // time and date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0_u16.to_le_bytes()); // extra
            if central_part {
                h.extend_from_slice(&0_u16.to_le_bytes()); // comment
                h.extend_from_slice(&0_u16.to_le_bytes()); // disk
                h.extend_from_slice(&0_u16.to_le_bytes()); // internal attributes
                h.extend_from_slice(&0_u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0_u16.to_le_bytes());
    out
}

/// Recomputes the CRC of every stored entry, in its local and central headers.
fn fix_crcs(zip: &mut [u8]) {
    let mut at = 0;
    let mut crcs = Vec::new();
    while zip[at..at + 4] == 0x0403_4b50_u32.to_le_bytes() {
        let size = u32::from_le_bytes(zip[at + 18..at + 22].try_into().unwrap()) as usize;
        let name = u16::from_le_bytes(zip[at + 26..at + 28].try_into().unwrap()) as usize;
        let data = at + 30 + name;
        let crc = crc32(&zip[data..data + size]);
        zip[at + 14..at + 18].copy_from_slice(&crc.to_le_bytes());
        crcs.push(crc);
        at = data + size;
    }
    for crc in crcs {
        let name = u16::from_le_bytes(zip[at + 28..at + 30].try_into().unwrap()) as usize;
        zip[at + 16..at + 20].copy_from_slice(&crc.to_le_bytes());
        at += 46 + name;
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// An inline text cell.
pub fn text(cell: &str, value: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#)
}

/// A number cell.
pub fn num(cell: &str, value: f64) -> String {
    format!(r#"<c r="{cell}"><v>{value}</v></c>"#)
}

/// A boolean cell.
pub fn boolean(cell: &str, value: bool) -> String {
    format!(r#"<c r="{cell}" t="b"><v>{}</v></c>"#, u8::from(value))
}

/// The sample application's header row and one data row for a hand-made
/// applications sheet, with `cell` (a column letter and its XML for row 2)
/// replacing the plain value of that column.
pub fn application_rows(id: &str, replace: Option<(&str, &str)>) -> String {
    let values: [(&str, &str, String); 12] = [
        ("A", "id", text("A2", id)),
        ("B", "cycle", num("B2", 2024.0)),
        ("C", "level", text("C2", "intermediate")),
        ("D", "name", text("D2", "王小明")),
        ("E", "birth_date", text("E2", "1985-03-02")),
        ("F", "province", text("F2", "浙江")),
        ("G", "organization", text("G2", "杭州市天长小学")),
        ("H", "org_type", text("H2", "school")),
        ("I", "education", text("I2", "bachelor")),
        ("J", "service_start", text("J2", "2015-09-01")),
        ("K", "attestation", boolean("K2", true)),
        ("L", "fee_paid", num("L2", 300.0)),
    ];
    let mut header = String::from(r#"<row r="1">"#);
    let mut data = String::from(r#"<row r="2">"#);
    for (letter, key, cell) in values {
        header.push_str(&text(&format!("{letter}1"), key));
        match &replace {
            Some((column, replaced)) if *column == letter => data.push_str(replaced),
            _ => data.push_str(&cell),
        }
    }
    header.push_str("</row>");
    data.push_str("</row>");
    format!("{header}{data}")
}

/// Empty training and evidence sheets with their headers only.
pub fn empty_parts() -> [(&'static str, String); 2] {
    let header = |keys: &[&str]| {
        let cells: String = keys
            .iter()
            .enumerate()
            .map(|(i, k)| text(&format!("{}1", (b'A' + i as u8) as char), k))
            .collect();
        format!(r#"<sheetData><row r="1">{cells}</row></sheetData>"#)
    };
    [
        ("training", header(TRAINING_KEYS)),
        ("evidence", header(EVIDENCE_KEYS)),
    ]
}

use serde_json::{Value, json};

use super::*;
use crate::domain::parse::RecordRef;
use crate::domain::rules::testkit::{cycle, eligible};

fn codes_with(line: &Value, key: &str) -> Vec<String> {
    let criteria = line["criteria"].as_array().unwrap();
    criteria
        .iter()
        .filter(|c| c.get(key).is_some())
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_line_has_the_documented_fields() {
    let application = eligible(Level::Intermediate).build();
    let evaluation = evaluate(&application, &cycle());
    let line = check_line(&evaluation, &application, Lang::En);

    assert_eq!(line["id"], "2024-ZJ-I-0001");
    assert_eq!(line["level"], "intermediate");
    assert_eq!(line["verdict"], "eligible");
    let codes: Vec<_> = line["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].clone())
        .collect();
    let expected = [
        "ethics",
        "education",
        "service_years",
        "training_hours",
        "achievements",
    ];
    assert_eq!(codes, expected.map(Value::from));
    assert_eq!(
        codes_with(&line, "evidence"),
        ["training_hours", "achievements"]
    );
    assert_eq!(codes_with(&line, "conditions"), ["achievements"]);
    assert_eq!(codes_with(&line, "detail").len(), 5);

    let achievements = &line["criteria"][4];
    assert_eq!(achievements["status"], "pass");
    assert_eq!(achievements["evidence"], json!(["E1"]));
    assert_eq!(
        achievements["conditions"],
        json!([
            {"number": 1, "met": true, "evidence": ["E1"]},
            {"number": 2, "met": false, "evidence": []},
            {"number": 3, "met": false, "evidence": []},
        ])
    );
    assert_eq!(
        achievements["detail"],
        "1 condition met (1: E1), 1 required"
    );
}

#[test]
fn the_detail_follows_the_language() {
    let application = eligible(Level::Senior).service_start("2020-01-01").build();
    let evaluation = evaluate(&application, &cycle());
    let zh = check_line(&evaluation, &application, Lang::Zh);
    let service = &zh["criteria"][2];
    assert_eq!(service["code"], "service_years");
    assert_eq!(service["status"], "fail");
    assert_eq!(service["detail"], "连续从事科技辅导工作 4 年，不足 5 年");
    assert_eq!(zh["verdict"], "ineligible");
}

#[test]
fn an_error_line_names_the_record_and_field() {
    let problem = Problem {
        record: RecordRef::Id("2024-ZJ-I-0009".to_owned()),
        position: 3,
        field: "training[0].hours".to_owned(),
        reason: "must be greater than 0".to_owned(),
    };
    assert_eq!(
        error_line(&problem),
        json!({"id": "2024-ZJ-I-0009", "error": "must be greater than 0", "field": "training[0].hours"})
    );
    let whole = Problem {
        record: RecordRef::Position(4),
        position: 4,
        field: String::new(),
        reason: "expected a JSON object, got 42".to_owned(),
    };
    assert_eq!(
        error_line(&whole),
        json!({"id": null, "error": "expected a JSON object, got 42", "field": null})
    );
}

fn record(id: &str) -> String {
    let mut application = eligible(Level::Junior).build();
    application.id = id.to_owned();
    serde_json::to_string(&application).unwrap()
}

#[test]
fn a_document_gives_one_line_per_record_in_input_order() {
    let mut broken: Value = serde_json::from_str(&record("C")).unwrap();
    broken["cycle"] = json!(1999);
    broken.as_object_mut().unwrap().remove("name");
    let text = format!(
        "{}\n\n{}\n{{\"id\": \"B\",\n{}\n{}\n",
        record("A"),
        broken,
        record("D"),
        record("A")
    );

    let (lines, all_valid) = check_document_lines(&text, &cycle(), Lang::Zh);
    assert!(!all_valid);
    assert_eq!(lines.len(), 5);
    assert!(
        lines[0].starts_with(
            r#"{"id":"A","level":"junior","verdict":"eligible","criteria":[{"code":"ethics""#
        ),
        "{}",
        lines[0]
    );

    let parsed: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed[1]["id"], "C");
    assert_eq!(parsed[1]["field"], "cycle");
    assert_eq!(
        parsed[1]["error"],
        "must be between 2000 and 2100, got 1999; name: missing required field"
    );
    assert_eq!(parsed[2]["id"], Value::Null);
    assert!(
        parsed[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("invalid JSON")
    );
    assert_eq!(parsed[3]["verdict"], "eligible");
    assert_eq!(
        parsed[4],
        json!({"id": "A", "error": "duplicate application id, first seen at record 1", "field": "id"})
    );
    assert!(
        lines[1].starts_with(r#"{"id":"C","error":"#),
        "{}",
        lines[1]
    );
}

#[test]
fn a_valid_document_is_all_valid() {
    let text = format!("[{}, {}]", record("A"), record("B"));
    let (lines, all_valid) = check_document_lines(&text, &cycle(), Lang::En);
    assert!(all_valid);
    assert_eq!(lines.len(), 2);
    assert_eq!(
        check_document_lines("", &cycle(), Lang::En),
        (Vec::new(), true)
    );
}

#[test]
fn an_unreadable_document_is_one_error_line() {
    let (lines, all_valid) = check_document_lines("id,name\nA,王芳\n", &cycle(), Lang::En);
    assert!(!all_valid);
    assert_eq!(lines.len(), 1);
    let line: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(line["id"], Value::Null);
    assert_eq!(line["field"], Value::Null);
    assert!(
        line["error"]
            .as_str()
            .unwrap()
            .contains("expected a JSON array")
    );
}

#[test]
fn the_demo_fixture_checks_line_by_line() {
    let text = include_str!("../../../../fixtures/demo.json");
    let (lines, all_valid) = check_document_lines(text, &cycle(), Lang::Zh);
    assert!(all_valid);
    assert_eq!(lines.len(), 76);
    let verdicts: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["verdict"].clone())
        .collect();
    for verdict in ["eligible", "needs_review", "ineligible"] {
        assert!(verdicts.contains(&Value::from(verdict)), "{verdict}");
    }
}

use chrono::NaiveDate;
use proptest::prelude::*;
use rstest::rstest;

use super::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn calendar() -> Calendar {
    Calendar::builtin().unwrap()
}

#[rstest]
// Thursday: over the weekend.
#[case("2024-03-07", 5, "2024-03-07", "2024-03-13")]
// Spring Festival 2024 (02-10..02-17), adjusted working days 02-04 and 02-18.
#[case("2024-02-05", 5, "2024-02-05", "2024-02-09")]
#[case("2024-02-08", 5, "2024-02-08", "2024-02-20")]
#[case("2024-02-10", 5, "2024-02-18", "2024-02-22")]
#[case("2024-02-04", 5, "2024-02-04", "2024-02-08")]
// National Day 2024 (10-01..10-07), adjusted 09-29 and 10-12.
#[case("2024-09-27", 5, "2024-09-27", "2024-10-09")]
#[case("2024-10-01", 5, "2024-10-08", "2024-10-12")]
// A start on New Year's Day.
#[case("2024-01-01", 5, "2024-01-02", "2024-01-08")]
// A start on a plain Saturday: the next Monday.
#[case("2024-03-09", 5, "2024-03-11", "2024-03-15")]
// Across the turn of 2024 into 2025.
#[case("2024-12-30", 5, "2024-12-30", "2025-01-06")]
// Spring Festival 2025 (01-28..02-04), adjusted 01-26 and 02-08.
#[case("2025-01-24", 5, "2025-01-24", "2025-02-06")]
// National Day 2025 (10-01..10-08), adjusted 10-11 (a Saturday).
#[case("2025-09-29", 5, "2025-09-29", "2025-10-11")]
// Spring Festival 2026 (02-15..02-23), adjusted 02-14.
#[case("2026-02-12", 5, "2026-02-12", "2026-02-25")]
// Other lengths.
#[case("2026-10-08", 3, "2026-10-08", "2026-10-10")]
#[case("2026-06-18", 1, "2026-06-18", "2026-06-18")]
fn notice_windows(#[case] start: &str, #[case] days: u32, #[case] first: &str, #[case] last: &str) {
    let window = calendar().notice_window(d(start), days).unwrap();
    assert_eq!(window.first, d(first), "first day from {start}");
    assert_eq!(window.last, d(last), "last day from {start}");
    assert_eq!(calendar().notice_end(d(start), days).unwrap(), d(last));
}

#[rstest]
#[case("2024-02-04", true)] // adjusted Sunday
#[case("2024-02-18", true)]
#[case("2024-02-12", false)] // Spring Festival Monday
#[case("2024-10-12", true)] // adjusted Saturday
#[case("2024-10-13", false)]
#[case("2024-10-07", false)]
#[case("2025-10-08", false)]
#[case("2025-01-26", true)]
#[case("2026-01-04", true)]
#[case("2026-01-02", false)] // a holiday Friday
#[case("2026-02-28", true)]
#[case("2026-12-04", true)]
#[case("2026-12-05", false)]
fn working_days(#[case] date: &str, #[case] working: bool) {
    assert_eq!(
        calendar().is_working_day(d(date)).unwrap(),
        working,
        "{date}"
    );
}

#[test]
fn an_unknown_year_is_refused_naming_it_and_the_known_years() {
    let error = calendar().is_working_day(d("2023-06-01")).unwrap_err();
    assert_eq!(
        error,
        CalendarError::UnknownYear {
            year: 2023,
            known: "2024, 2025, 2026".into()
        }
    );
    assert!(error.to_string().contains("2023"));
    assert!(error.to_string().contains("2024, 2025, 2026"));
}

#[test]
fn a_window_crossing_into_an_unknown_year_is_refused() {
    // 2026-12-28..31 are four working days; the fifth would be in 2027.
    let error = calendar().notice_end(d("2026-12-28"), 5).unwrap_err();
    assert!(matches!(
        error,
        CalendarError::UnknownYear { year: 2027, .. }
    ));
    assert_eq!(
        calendar().notice_end(d("2026-12-28"), 4).unwrap(),
        d("2026-12-31")
    );
}

#[test]
fn zero_days_is_refused() {
    assert_eq!(
        calendar().notice_end(d("2024-03-04"), 0),
        Err(CalendarError::NoDays { days: 0 })
    );
}

#[test]
fn days_left_count_today_and_end_at_zero() {
    let c = calendar();
    // Notice 2024-02-08 .. 2024-02-20.
    assert_eq!(
        c.working_days_left(d("2024-02-08"), d("2024-02-20"))
            .unwrap(),
        5
    );
    assert_eq!(
        c.working_days_left(d("2024-02-12"), d("2024-02-20"))
            .unwrap(),
        3
    );
    assert_eq!(
        c.working_days_left(d("2024-02-20"), d("2024-02-20"))
            .unwrap(),
        1
    );
    assert_eq!(
        c.working_days_left(d("2024-02-21"), d("2024-02-20"))
            .unwrap(),
        0
    );
}

#[test]
fn the_builtin_files_match_the_rules_table() {
    let c = calendar();
    assert_eq!(c.years(), vec![2024, 2025, 2026]);
    // Working days in each year, counted from the table in RULES.md.
    let working = |y: i32| {
        c.working_days_between(d(&format!("{y}-01-01")), d(&format!("{y}-12-31")))
            .unwrap()
    };
    assert_eq!(working(2024), 251);
    assert_eq!(working(2025), 248);
    assert_eq!(working(2026), 248);
}

#[rstest]
#[case(
    "year = 2024\nholidays = [[\"2024-02-30\", \"2024-03-01\"]]\nworkdays = []\n",
    "holidays[0]"
)]
#[case(
    "year = 2024\nholidays = []\nworkdays = [\"2024-02-05\"]\n",
    "workdays[0]"
)]
#[case(
    "year = 2024\nholidays = []\nworkdays = [\"2025-02-08\"]\n",
    "workdays[0]"
)]
#[case(
    "year = 2024\nholidays = [[\"2024-03-02\", \"2024-03-01\"]]\nworkdays = []\n",
    "holidays[0]"
)]
#[case("year = 2024\nholidays = []\nworkdays = []\nextra = 1\n", "extra")]
#[case("year = \"x\"\nholidays = []\nworkdays = []\n", "year")]
fn a_malformed_file_names_its_key(#[case] text: &str, #[case] key: &str) {
    let error = Calendar::from_files(&[("bad.toml", text)]).unwrap_err();
    match &error {
        CalendarError::Malformed {
            file, key: found, ..
        } => {
            assert_eq!(file, "bad.toml");
            assert_eq!(found, key, "{error}");
        }
        other => panic!("expected a malformed file, got {other}"),
    }
    assert!(error.to_string().contains(key));
}

proptest! {
    #[test]
    fn a_window_ends_on_a_working_day_after_exactly_n(
        offset in 0u32..1000,
        days in 1u32..=15,
    ) {
        let c = calendar();
        let start = d("2024-01-01") + chrono::Days::new(u64::from(offset));
        match c.notice_window(start, days) {
            Ok(window) => {
                prop_assert!(window.first >= start);
                prop_assert!(c.is_working_day(window.first).unwrap());
                prop_assert!(c.is_working_day(window.last).unwrap());
                prop_assert_eq!(c.working_days_between(window.first, window.last).unwrap(), days);
                prop_assert_eq!(c.working_days_between(start, window.first).unwrap(), 1);
            }
            Err(CalendarError::UnknownYear { year, .. }) => prop_assert_eq!(year, 2027),
            Err(other) => prop_assert!(false, "unexpected {}", other),
        }
    }
}

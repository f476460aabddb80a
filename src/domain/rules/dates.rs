//! Calendar arithmetic of the rules: "within the last N years" and whole
//! years counted by anniversaries. A 29 February that does not exist in the
//! target year becomes 28 February.

use chrono::{Datelike, NaiveDate};

/// The same day `years` years earlier (29 February -> 28 February).
pub fn years_before(date: NaiveDate, years: u32) -> NaiveDate {
    let back = i32::try_from(years).unwrap_or(i32::MAX);
    same_day_in(date, date.year().saturating_sub(back)).unwrap_or(NaiveDate::MIN)
}

/// Whether `date` lies within the last `years` years before `reference`,
/// both ends included: `reference - years <= date <= reference`.
pub fn within_last_years(date: NaiveDate, reference: NaiveDate, years: u32) -> bool {
    years_before(reference, years) <= date && date <= reference
}

/// Whole years from `from` to `to`, counted by anniversaries
/// (2019-12-31 to 2024-12-31 is 5; 2020-01-01 to 2024-12-31 is 4); 0 when
/// `to` is before `from`.
pub fn whole_years(from: NaiveDate, to: NaiveDate) -> u32 {
    if to < from {
        return 0;
    }
    let mut years = to.year() - from.year();
    if same_day_in(from, to.year()).is_none_or(|anniversary| anniversary > to) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The month and day of `date` in `year`; 29 February becomes 28 February
/// in a common year. `None` only outside chrono's range of years.
fn same_day_in(date: NaiveDate, year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[rstest]
    #[case("2024-12-31", 3, "2021-12-31")]
    #[case("2024-12-31", 5, "2019-12-31")]
    #[case("2024-12-31", 10, "2014-12-31")]
    #[case("2028-02-29", 4, "2024-02-29")]
    #[case("2024-02-29", 1, "2023-02-28")]
    #[case("2024-02-29", 3, "2021-02-28")]
    #[case("2024-03-01", 1, "2023-03-01")]
    fn a_window_starts_the_same_day_n_years_back(
        #[case] reference: &str,
        #[case] years: u32,
        #[case] start: &str,
    ) {
        assert_eq!(years_before(d(reference), years), d(start));
    }

    #[rstest]
    #[case("2021-12-31", "2024-12-31", 3, true)]
    #[case("2021-12-30", "2024-12-31", 3, false)]
    #[case("2024-12-31", "2024-12-31", 3, true)]
    #[case("2025-01-01", "2024-12-31", 3, false)]
    #[case("2024-02-29", "2028-02-29", 4, true)]
    #[case("2024-02-28", "2028-02-29", 4, false)]
    #[case("2023-02-28", "2024-02-29", 1, true)]
    #[case("2023-02-27", "2024-02-29", 1, false)]
    fn both_ends_of_a_window_count(
        #[case] date: &str,
        #[case] reference: &str,
        #[case] years: u32,
        #[case] counts: bool,
    ) {
        assert_eq!(within_last_years(d(date), d(reference), years), counts);
    }

    #[rstest]
    #[case("2019-12-31", "2024-12-31", 5)]
    #[case("2020-01-01", "2024-12-31", 4)]
    #[case("2023-12-31", "2024-12-31", 1)]
    #[case("2024-01-01", "2024-12-31", 0)]
    #[case("2025-01-01", "2024-12-31", 0)]
    #[case("2016-02-29", "2017-02-28", 1)]
    #[case("2016-02-29", "2017-02-27", 0)]
    #[case("2016-02-29", "2020-02-28", 3)]
    #[case("2016-02-29", "2020-02-29", 4)]
    #[case("1972-12-31", "2022-12-31", 50)]
    #[case("1973-01-01", "2022-12-31", 49)]
    fn whole_years_count_anniversaries(#[case] from: &str, #[case] to: &str, #[case] years: u32) {
        assert_eq!(whole_years(d(from), d(to)), years);
    }
}

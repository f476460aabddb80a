//! The seeded pseudo-random generator behind demo data, with the uniform,
//! weighted and date choices the builders draw from.

use chrono::{Days, NaiveDate};

use super::REFERENCE;

/// `SplitMix64`: tiny, fast and good enough for demo data; no dependency.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`; `n` must not be 0. The modulo bias is irrelevant here.
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// A number in `low..=high`.
    pub(super) fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below(u64::from(high - low) + 1) as u32
    }

    /// True with the given probability in percent.
    pub(super) fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// One of the items, with probability proportional to its weight.
    pub(super) fn weighted<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u64 = table.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total.max(1));
        for (item, weight) in table {
            let weight = u64::from(*weight);
            if roll < weight {
                return *item;
            }
            roll -= weight;
        }
        table[table.len() - 1].0
    }

    /// A day between `years_back` years before the reference date and the
    /// reference date itself.
    pub(super) fn date_within(&mut self, years_back: u32) -> NaiveDate {
        days_before(REFERENCE, self.below(u64::from(years_back) * 365 + 1))
    }

    /// A day between `from` and `to` years before the reference date.
    pub(super) fn date_between_years_back(&mut self, from: u32, to: u32) -> NaiveDate {
        let low = u64::from(from) * 365;
        let high = u64::from(to.max(from)) * 365;
        days_before(REFERENCE, low + self.below(high - low + 1))
    }

    /// A date in the given year, any month, day 1 to 28.
    pub(super) fn date_in_year(&mut self, year: i32) -> NaiveDate {
        let month = self.between(1, 12);
        let day = self.between(1, 28);
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or(REFERENCE)
    }
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

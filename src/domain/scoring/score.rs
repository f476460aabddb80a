//! An exact score: a fraction in lowest terms, so that means, medians,
//! composites and their comparisons with a pass line never suffer from
//! binary rounding. It becomes a decimal only when shown.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Neg, Sub};

/// The denominator an out-of-range result is rounded to (see [`Score`]).
const FALLBACK_DENOMINATOR: i128 = 1_000_000_000;

/// A score on the scale of 100, kept as an exact fraction `num / den` in
/// lowest terms (`den > 0`), negative only for differences.
///
/// Rounding: shown with one decimal, halves away from zero (四舍五入):
/// 57.25 shows as 57.3, 176/3 as 58.7. Comparisons with a pass line use
/// the exact value; [`Score::tenths_against`] keeps a value just under a
/// line from showing as the line itself.
///
/// The fractions stay small (a mean of n totals has a denominator of at
/// most n); a result whose terms no longer fit 64 bits, which takes
/// thousands of reviews on one application, is rounded to the nearest
/// billionth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Score {
    num: i64,
    den: u64,
}

impl Score {
    pub const ZERO: Score = Score { num: 0, den: 1 };

    pub fn whole(points: u32) -> Score {
        Score {
            num: i64::from(points),
            den: 1,
        }
    }

    /// `num / den`; `None` when `den` is zero.
    pub fn ratio(num: i64, den: u64) -> Option<Score> {
        (den != 0).then(|| Score::reduced(i128::from(num), i128::from(den)))
    }

    pub fn numerator(self) -> i64 {
        self.num
    }

    pub fn denominator(self) -> u64 {
        self.den
    }

    /// The closest `f64`, for charts and exports; never for decisions.
    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The value in tenths, rounded half away from zero: 57.25 -> 573.
    pub fn tenths(self) -> i64 {
        let scaled = i128::from(self.num) * 10;
        let den = i128::from(self.den);
        let rounded = (scaled.abs() * 2 + den) / (den * 2);
        let signed = if scaled < 0 { -rounded } else { rounded };
        i64::try_from(signed).unwrap_or(if signed < 0 { i64::MIN } else { i64::MAX })
    }

    /// The tenths to show beside a pass line: as [`Score::tenths`], except
    /// that a value below the line never shows as the line (59.96 against
    /// 60 shows as 59.9, not 60.0).
    pub fn tenths_against(self, line: u32) -> i64 {
        let tenths = self.tenths();
        let line_tenths = i64::from(line) * 10;
        if self < Score::whole(line) && tenths >= line_tenths {
            line_tenths - 1
        } else {
            tenths
        }
    }

    /// Whether the exact value is at or above a pass line.
    pub fn reaches(self, line: u32) -> bool {
        self >= Score::whole(line)
    }

    /// The text of one decimal beside a pass line (see [`Score::tenths_against`]).
    pub fn shown_against(self, line: u32) -> String {
        format_tenths(self.tenths_against(line))
    }

    /// Builds `num / den` from wide terms (`den > 0`), in lowest terms.
    pub(crate) fn reduced(num: i128, den: i128) -> Score {
        debug_assert!(den > 0, "a score's denominator is positive");
        let divisor = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1);
        let (num, den) = (num / divisor as i128, den / divisor as i128);
        if let (Ok(num), Ok(den)) = (i64::try_from(num), u64::try_from(den)) {
            Score { num, den }
        } else {
            Score::approximate(num as f64 / den as f64)
        }
    }

    /// Far beyond any real count of reviews: the nearest billionth, which a
    /// double (16 significant digits) gives exactly for values on a scale
    /// of 100.
    fn approximate(value: f64) -> Score {
        let billionths = (value * FALLBACK_DENOMINATOR as f64).round();
        let clamped = billionths.clamp(-(i64::MAX as f64), i64::MAX as f64) as i128;
        Score::reduced(clamped, FALLBACK_DENOMINATOR)
    }

    /// Builds `num / den` from terms that may have overflowed (`None`).
    fn exact_or(num: Option<i128>, den: Option<i128>, value: impl FnOnce() -> f64) -> Score {
        match (num, den) {
            (Some(num), Some(den)) => Score::reduced(num, den),
            _ => Score::approximate(value()),
        }
    }

    /// The product with `num / den` (`den > 0`).
    pub(crate) fn scale(self, num: i128, den: i128) -> Score {
        Score::exact_or(
            i128::from(self.num).checked_mul(num),
            i128::from(self.den).checked_mul(den),
            || self.as_f64() * num as f64 / den as f64,
        )
    }

    /// The quotient by a positive count.
    pub(crate) fn divide(self, count: u64) -> Score {
        self.scale(1, i128::from(count.max(1)))
    }
}

/// The sum, exact while the terms fit (see [`Score`]).
impl Add for Score {
    type Output = Score;

    fn add(self, other: Score) -> Score {
        let (a, b) = (i128::from(self.den), i128::from(other.den));
        let left = i128::from(self.num).checked_mul(b);
        let right = i128::from(other.num).checked_mul(a);
        Score::exact_or(
            left.zip(right).and_then(|(l, r)| l.checked_add(r)),
            a.checked_mul(b),
            || self.as_f64() + other.as_f64(),
        )
    }
}

impl Neg for Score {
    type Output = Score;

    fn neg(self) -> Score {
        Score::reduced(-i128::from(self.num), i128::from(self.den))
    }
}

impl Sub for Score {
    type Output = Score;

    fn sub(self, other: Score) -> Score {
        self + -other
    }
}

impl From<u32> for Score {
    fn from(points: u32) -> Score {
        Score::whole(points)
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Score) -> Ordering {
        let left = i128::from(self.num) * i128::from(other.den);
        let right = i128::from(other.num) * i128::from(self.den);
        left.cmp(&right)
    }
}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Score) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One decimal, rounded half away from zero: `57.3`, `60.0`, `-2.5`.
impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format_tenths(self.tenths()))
    }
}

fn format_tenths(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let magnitude = tenths.unsigned_abs();
    format!("{sign}{}.{}", magnitude / 10, magnitude % 10)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn r(num: i64, den: u64) -> Score {
        Score::ratio(num, den).unwrap()
    }

    #[rstest]
    #[case(r(573, 10), "57.3")]
    #[case(r(5725, 100), "57.3")]
    #[case(r(5724, 100), "57.2")]
    #[case(r(176, 3), "58.7")]
    #[case(r(179, 3), "59.7")]
    #[case(Score::whole(60), "60.0")]
    #[case(r(-5, 2), "-2.5")]
    #[case(r(-1, 4), "-0.3")]
    #[case(r(-1, 40), "0.0")]
    #[case(Score::ZERO, "0.0")]
    fn shows_one_decimal_rounding_half_away_from_zero(#[case] score: Score, #[case] shown: &str) {
        assert_eq!(score.to_string(), shown);
    }

    #[test]
    fn fractions_are_kept_in_lowest_terms_and_compare_exactly() {
        assert_eq!(r(6, 4), r(3, 2));
        assert_eq!(r(6, 4).denominator(), 2);
        assert!(r(179, 3) < Score::whole(60));
        assert!(r(180, 3).reaches(60));
        assert!(!r(1799, 30).reaches(60));
        assert_eq!(Score::ratio(1, 0), None);
        assert_eq!(r(1, 3) + r(1, 6), r(1, 2));
        assert_eq!(r(1, 3) - r(1, 2), r(-1, 6));
        assert_eq!(Score::whole(7).divide(2), r(7, 2));
    }

    #[test]
    fn a_value_just_under_a_line_never_shows_as_the_line() {
        let just_under = r(5996, 100);
        assert_eq!(just_under.to_string(), "60.0");
        assert_eq!(just_under.shown_against(60), "59.9");
        assert_eq!(r(573, 10).shown_against(60), "57.3");
        assert_eq!(Score::whole(60).shown_against(60), "60.0");
    }

    #[test]
    fn huge_terms_fall_back_to_billionths() {
        let third = r(1, 3);
        let big = Score::reduced(i128::from(i64::MAX) * 3 + 1, i128::from(i64::MAX) * 3);
        assert_eq!(big, Score::whole(1));
        assert!(third.scale(1, i128::from(u64::MAX)).denominator() <= 1_000_000_000);

        // Terms that would overflow even 128 bits.
        let tiny = r(1, u64::MAX);
        let sum = tiny + r(1, u64::MAX - 1);
        assert_eq!(sum, Score::ZERO);
        let half = r(i64::MAX, u64::MAX);
        assert_eq!((half + half).tenths(), 10);
        assert!(half.scale(i128::MAX, 1) > Score::whole(1_000_000_000));
    }
}

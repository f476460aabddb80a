//! Who invented applicants are: names, identity numbers, phones,
//! professional titles, education and earlier certificates.

use chrono::{Datelike, NaiveDate};

use crate::domain::{Education, ExceptionalBasis, Gender, Level, OrgType, PriorCertificate};

use super::CYCLE;
use super::places::{Place, Province};
use super::rng::Rng;

/// Surnames in three tiers drawn about equally often, so the five of the first
/// tier are the most frequent; the last holds the long tail, with two compound
/// surnames.
const SURNAMES: [&[&str]; 3] = [
    &["王", "李", "张", "刘", "陈"],
    &[
        "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
    ],
    &[
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
        "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
        "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦",
        "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
        "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "欧阳", "司马",
    ],
];

const GIVEN_FEMALE: [&[&str]; 2] = [
    &[
        "静", "丽", "芳", "敏", "燕", "娟", "婷", "雪", "琳", "颖", "倩", "璐", "蕾", "洁",
    ],
    &[
        "静怡", "雅婷", "晓燕", "丽娟", "雪梅", "佳慧", "欣怡", "雨桐", "诗涵", "梦琪", "婉清",
        "美玲", "红梅", "海燕", "丽萍", "秀英", "玉兰", "晓丽", "文静", "慧敏", "佳琪", "子涵",
        "雨晴", "晓红", "春燕", "丽华", "亚楠", "艳玲", "晶晶", "倩雯", "璐瑶", "若曦", "嘉欣",
        "静雯", "莉莉", "婷婷",
    ],
];
const GIVEN_MALE: [&[&str]; 2] = [
    &[
        "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "浩", "鹏", "宇", "辉", "刚", "斌",
        "峰",
    ],
    &[
        "伟强", "立新", "建华", "志远", "国栋", "晓东", "浩然", "文斌", "嘉豪", "海涛", "建军",
        "志刚", "振宇", "明轩", "一凡", "宏伟", "晓军", "国华", "志鹏", "立军", "俊杰", "建平",
        "晓明", "一帆", "子豪", "天宇", "庆华", "振华", "少伟", "海峰", "建国", "文博", "宇航",
        "鹏飞", "永强", "德明",
    ],
];

pub(super) fn person_name(rng: &mut Rng, gender: Option<Gender>) -> String {
    let tier = rng.weighted(&[(0, 32), (1, 36), (2, 32)]);
    let surname = rng.pick(SURNAMES[tier]);
    let pool = match gender {
        Some(Gender::Female) => GIVEN_FEMALE,
        Some(Gender::Male) => GIVEN_MALE,
        None => {
            if rng.percent(50) {
                GIVEN_FEMALE
            } else {
                GIVEN_MALE
            }
        }
    };
    // One given name in four has a single character.
    let given = if rng.percent(25) {
        rng.pick(pool[0])
    } else {
        rng.pick(pool[1])
    };
    format!("{surname}{given}")
}

/// An 18-digit identity number with a correct check character (GB 11643).
pub(super) fn identity_number(
    rng: &mut Rng,
    place: &Place,
    birth: NaiveDate,
    gender: Gender,
) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let parity = u32::from(gender == Gender::Male);
    let sequence = rng.between(1, 99) * 10 + rng.between(0, 4) * 2 + parity;
    let body = format!(
        "{}{}{sequence:03}",
        place.region_code(),
        birth.format("%Y%m%d")
    );
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

pub(super) fn phone(rng: &mut Rng) -> String {
    let prefix = rng.pick(&[
        "138", "139", "136", "158", "159", "137", "188", "186", "150", "151", "187", "177", "180",
        "189",
    ]);
    let rest: String = (0..8)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect();
    format!("{prefix}{rest}")
}

/// A professional title on the ladder of the employer, rising with the years
/// of work (not all of which are counseling years).
pub(super) fn professional_title(
    rng: &mut Rng,
    org_type: OrgType,
    working_years: u32,
) -> Option<String> {
    let step = match working_years {
        0..=3 => 0,
        4..=11 => 1,
        12..=22 => 2,
        _ => {
            if rng.percent(25) {
                3
            } else {
                2
            }
        }
    };
    let ladder: [&str; 4] = match org_type {
        OrgType::NormalStudent => return None,
        OrgType::ScienceVenue => ["助理馆员", "馆员", "副研究馆员", "研究馆员"],
        OrgType::ResearchInstitute => ["研究实习员", "助理研究员", "副研究员", "研究员"],
        OrgType::University => ["助教", "讲师", "副教授", "教授"],
        OrgType::Enterprise | OrgType::Association => {
            ["助理工程师", "工程师", "高级工程师", "正高级工程师"]
        }
        OrgType::Other if rng.percent(60) => return None,
        _ => ["二级教师", "一级教师", "高级教师", "正高级教师"],
    };
    Some(ladder[step].to_string())
}

pub(super) fn education_for(
    rng: &mut Rng,
    level: Level,
    student: bool,
    birth: NaiveDate,
) -> Education {
    if student {
        return if rng.percent(80) {
            Education::Secondary
        } else {
            Education::Bachelor
        };
    }
    let table: &[(Education, u32)] = match level {
        Level::Junior => &[
            (Education::Doctorate, 1),
            (Education::Master, 12),
            (Education::Bachelor, 64),
            (Education::Associate, 15),
            (Education::Secondary, 6),
            (Education::Other, 2),
        ],
        Level::Intermediate | Level::Specialist => &[
            (Education::Doctorate, 3),
            (Education::Master, 22),
            (Education::Bachelor, 67),
            (Education::Associate, 7),
            (Education::Secondary, 1),
        ],
        Level::Senior => &[
            (Education::Doctorate, 8),
            (Education::Master, 32),
            (Education::Bachelor, 54),
            // Mostly older applicants, for whom an associate degree is enough.
            (
                Education::Associate,
                if birth.year() <= 1972 { 10 } else { 2 },
            ),
        ],
    };
    rng.weighted(table)
}

pub(super) fn prior_certificate(
    rng: &mut Rng,
    level: Level,
    basis: Option<ExceptionalBasis>,
    province: &Province,
) -> Option<PriorCertificate> {
    let (prior_level, year) = match level {
        Level::Senior if basis.is_none() && rng.percent(97) => {
            let year = if rng.percent(5) {
                CYCLE - 1
            } else {
                rng.between(2012, 2022) as i32
            };
            (Level::Intermediate, year)
        }
        Level::Intermediate if rng.percent(25) => (Level::Junior, rng.between(2016, 2023) as i32),
        _ => return None,
    };
    let number = rng.percent(90).then(|| {
        format!(
            "{}-{year}-{}-{:04}",
            province.code,
            prior_level.letter(),
            rng.between(1, 2000)
        )
    });
    Some(PriorCertificate {
        level: prior_level,
        year,
        number,
    })
}

#[cfg(test)]
mod tests {
    use crate::demo::generate;

    #[test]
    fn identity_numbers_carry_a_valid_check_character() {
        let apps = generate(200, 3);
        for number in apps.iter().filter_map(|a| a.id_number.as_deref()) {
            assert_eq!(number.len(), 18);
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = number
                .chars()
                .zip(weights)
                .map(|(c, w)| c.to_digit(10).unwrap() * w)
                .sum();
            let check =
                ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
            assert_eq!(number.chars().last(), Some(check), "{number}");
        }
    }
}

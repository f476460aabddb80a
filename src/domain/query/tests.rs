use chrono::NaiveDate;
use proptest::prelude::*;
use rstest::rstest;

use super::*;
use crate::domain::rules::dates::whole_years;
use crate::domain::{Cycle, Summary};

fn term(t: Term) -> Expr {
    Expr::Term(t)
}

fn parsed(text: &str) -> Query {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn terms_words_and_operators_build_the_tree() {
    let q = parsed("level:senior (province:浙江 OR province:江苏) -fee:unpaid 张 sort:-score");
    assert_eq!(
        q.filter,
        Some(Expr::And(vec![
            term(Term::Level(Level::Senior)),
            Expr::Or(vec![
                term(Term::Province("浙江".into())),
                term(Term::Province("江苏".into())),
            ]),
            Expr::Not(Box::new(term(Term::Fee(FeeState::Unpaid)))),
            term(Term::Word("张".into())),
        ]))
    );
    assert_eq!(
        q.sort,
        vec![SortKey {
            field: SortField::Score,
            descending: true
        }]
    );
}

#[test]
fn and_binds_tighter_than_or_and_explicit_and_is_the_same_as_a_space() {
    let a = parsed("a b OR c");
    let b = parsed("a AND b OR c");
    assert_eq!(a, b);
    assert_eq!(
        a.filter,
        Some(Expr::Or(vec![
            Expr::And(vec![
                term(Term::Word("a".into())),
                term(Term::Word("b".into()))
            ]),
            term(Term::Word("c".into())),
        ]))
    );
    assert_eq!(parsed("NOT a b"), parsed("(NOT a) b"));
}

#[rstest]
#[case("级别:高级 阶段:公示", "level:senior stage:notice")]
#[case(
    "资格:复核 条件:training_hours=未通过",
    "verdict:needs_review criterion:training_hours=fail"
)]
#[case(
    "分数:>80 笔试:<60 分差:>15 标记:分歧 费用:未缴",
    "score:>80 written:<60 spread:>15 flag:disagree fee:unpaid"
)]
#[case(
    "分配:li.wei 已评:chen 缺:评审 投诉:未决",
    "assigned:li.wei reviewed:chen missing:review complaint:open"
)]
#[case("年龄:>=50 年限:<3 排序:-年限", "age:>=50 years:<3 sort:-years")]
#[case("LEVEL:Senior", "level:senior")]
fn chinese_aliases_and_case_parse_to_the_english_query(#[case] typed: &str, #[case] english: &str) {
    assert_eq!(parsed(typed), parsed(english));
    assert_eq!(parsed(typed).to_string(), english);
}

#[rstest]
#[case("level:", 6, "expected a value after level:")]
#[case("level:great", 6, "level:great is not known")]
#[case("colour:red", 0, "unknown field \"colour\"")]
#[case("a (b OR c", 2, "never closed")]
#[case("a b)", 3, "no ( before it")]
#[case("a OR", 4, "expected a term")]
#[case("NOT", 3, "expected a term")]
#[case("()", 1, "expected a term")]
#[case("org:\"杭州", 4, "quote is never closed")]
#[case("score:>8x", 6, "not a number")]
#[case("score:80.55", 6, "not a number")]
#[case("criterion:training_hours", 10, "NAME=STATUS")]
#[case("criterion:training_hours=bad", 25, "bad is not known")]
#[case("(a sort:score)", 3, "sort: applies to the whole query")]
#[case("a sort:score OR b", 2, "sort: applies to the whole query")]
#[case("-sort:id", 1, "sort: applies to the whole query")]
#[case("AND a", 0, "expected a term")]
#[case("a AND", 5, "expected a term")]
#[case("\"\"", 0, "empty quotes")]
fn errors_say_where_and_what_was_expected(
    #[case] text: &str,
    #[case] at: usize,
    #[case] says: &str,
) {
    let error = parse(text).unwrap_err();
    assert_eq!(error.at, at, "{text}: {error}");
    assert!(error.to_string().contains(says), "{text}: {error}");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let text = format!("{}a{}", "(".repeat(5_000), ")".repeat(5_000));
    assert_eq!(parse(&text).unwrap_err().kind, ErrorKind::TooDeep);
    let nots = format!("{}a", "NOT ".repeat(5_000));
    assert_eq!(parse(&nots).unwrap_err().kind, ErrorKind::TooDeep);
}

#[test]
fn an_empty_query_keeps_everything_and_sorts_alone_are_fine() {
    assert_eq!(parsed("  "), Query::default());
    let q = parsed("sort:years sort:-id");
    assert_eq!(q.filter, None);
    assert_eq!(q.sort.len(), 2);
    assert_eq!(q.to_string(), "sort:years sort:-id");
}

#[test]
fn printing_quotes_what_would_not_survive() {
    let q = Query {
        filter: Some(Expr::And(vec![
            term(Term::Word("OR".into())),
            term(Term::Word("a:b".into())),
            term(Term::Org("杭州 天长\"小学\"".into())),
            term(Term::Word("-x".into())),
        ])),
        sort: vec![],
    };
    assert_eq!(q.to_string(), r#""OR" "a:b" org:"杭州 天长\"小学\"" "-x""#);
    assert_eq!(parsed(&q.to_string()), q);
}

// Generated trees for the round trip: normalized as the parser builds them.

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9._]{1,8}",
        "[浙江杭州天长小学张王李]{1,4}",
        any::<String>().prop_filter("not empty", |s| !s.is_empty()),
    ]
}

fn compare() -> impl Strategy<Value = Compare> {
    (
        prop_oneof![
            Just(Op::Lt),
            Just(Op::Le),
            Just(Op::Gt),
            Just(Op::Ge),
            Just(Op::Eq)
        ],
        -10_000i64..10_000,
    )
        .prop_map(|(op, tenths)| Compare { op, tenths })
}

fn leaf() -> impl Strategy<Value = Expr> {
    let level = proptest::sample::select(Level::ALL.to_vec()).prop_map(Term::Level);
    let stage = proptest::sample::select(Stage::ALL.to_vec()).prop_map(Term::Stage);
    let verdict = proptest::sample::select(Verdict::ALL.to_vec()).prop_map(Term::Verdict);
    let criterion = (
        proptest::sample::select(Criterion::ALL.to_vec()),
        proptest::sample::select(Status::ALL.to_vec()),
    )
        .prop_map(|(c, s)| Term::Criterion(c, s));
    prop_oneof![
        level,
        stage,
        verdict,
        criterion,
        prop_oneof![Just(Track::Regular), Just(Track::Exceptional)].prop_map(Term::Track),
        text_value().prop_map(Term::Province),
        text_value().prop_map(Term::Org),
        text_value().prop_map(Term::Assigned),
        text_value().prop_map(Term::Reviewed),
        text_value().prop_map(Term::Word),
        compare().prop_map(Term::Score),
        compare().prop_map(Term::Written),
        compare().prop_map(Term::Spread),
        compare().prop_map(Term::Age),
        compare().prop_map(Term::Years),
        Just(Term::Flag(FlagKind::Disagree)),
        prop_oneof![Just(FeeState::Paid), Just(FeeState::Unpaid)].prop_map(Term::Fee),
        Just(Term::Missing(Missing::Review)),
        prop_oneof![
            Just(ComplaintState::Any),
            Just(ComplaintState::Open),
            Just(ComplaintState::Upheld),
            Just(ComplaintState::Dismissed)
        ]
        .prop_map(Term::Complaint),
    ]
    .prop_map(Expr::Term)
}

fn splice(items: Vec<Expr>, and: bool) -> Expr {
    let mut out = Vec::new();
    for item in items {
        match item {
            Expr::And(inner) if and => out.extend(inner),
            Expr::Or(inner) if !and => out.extend(inner),
            other => out.push(other),
        }
    }
    if and { Expr::And(out) } else { Expr::Or(out) }
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| splice(v, true)),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|v| splice(v, false)),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

fn sort_key() -> impl Strategy<Value = SortKey> {
    (
        proptest::sample::select(vec![
            SortField::Id,
            SortField::Name,
            SortField::Province,
            SortField::Level,
            SortField::Stage,
            SortField::Score,
            SortField::Written,
            SortField::Spread,
            SortField::Age,
            SortField::Years,
        ]),
        any::<bool>(),
    )
        .prop_map(|(field, descending)| SortKey { field, descending })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_gives_a_query_or_a_positioned_error(text in any::<String>()) {
        match parse(&text) {
            Ok(query) => {
                let again = parse(&query.to_string());
                prop_assert_eq!(again, Ok(query));
            }
            Err(error) => prop_assert!(error.at <= text.chars().count()),
        }
    }

    #[test]
    fn query_like_text_round_trips_through_print(
        text in "[a-z:()\" -]{0,12}|(level|stage|score|org|NOT|OR|AND|sort|-|\\(|\\)|:|>|=|\"| |a|浙江){0,12}"
    ) {
        if let Ok(query) = parse(&text) {
            prop_assert_eq!(parse(&query.to_string()), Ok(query));
        }
    }

    #[test]
    fn a_printed_tree_parses_back_to_itself(
        filter in proptest::option::of(expr()),
        sort in proptest::collection::vec(sort_key(), 0..3),
    ) {
        let query = Query { filter, sort };
        let text = query.to_string();
        prop_assert_eq!(parse(&text), Ok(query), "{}", text);
    }
}

// Results against a plain filter over the same generated applications.

struct Row {
    summary: Summary,
    haystack: String,
    facts: Facts,
}

fn rows() -> Vec<Row> {
    let cycle = Cycle::default_2024();
    crate::demo::generate(600, 5)
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let summary = Summary::of(a, 1, &cycle);
            let haystack = [
                &summary.id,
                &summary.name,
                &summary.organization,
                &summary.province,
            ]
            .map(|s| s.to_lowercase())
            .join("\n");
            let n = i as i64;
            let facts = Facts {
                score: (i % 3 != 0).then_some(500 + (n * 37) % 500),
                written: (i % 4 == 0).then_some((i * 7 % 100) as u32),
                spread: (i % 3 != 0).then_some((n * 13) % 300),
                disagree: i % 11 == 0,
                assigned: if i % 2 == 0 {
                    vec!["li.wei".into(), "chen.jing".into()]
                } else {
                    vec![]
                },
                reviewed: if i % 4 == 0 {
                    vec!["li.wei".into()]
                } else {
                    vec![]
                },
                complaints: Complaints {
                    open: u32::from(i % 17 == 0),
                    upheld: 0,
                    dismissed: u32::from(i % 19 == 0),
                },
            };
            Row {
                summary,
                haystack,
                facts,
            }
        })
        .collect()
}

fn kept(rows: &[Row], text: &str, reference: NaiveDate) -> Vec<String> {
    let query = parsed(text).prepare();
    rows.iter()
        .filter(|r| {
            let subject = Subject {
                summary: &r.summary,
                haystack: &r.haystack,
                facts: &r.facts,
            };
            query.matches(&subject, reference)
        })
        .map(|r| r.summary.id.clone())
        .collect()
}

/// A plain filter written out by hand.
type Keep = Box<dyn Fn(&Row) -> bool>;

fn plain(rows: &[Row], keep: impl Fn(&Row) -> bool) -> Vec<String> {
    rows.iter()
        .filter(|r| keep(r))
        .map(|r| r.summary.id.clone())
        .collect()
}

#[test]
fn results_match_a_plain_filter_over_the_same_data() {
    let rows = rows();
    let reference = Cycle::default_2024().reference_date;
    let age = move |r: &Row| whole_years(r.summary.birth_date, reference);
    let years = move |r: &Row| whole_years(r.summary.service_start, reference);
    let cases: Vec<(&str, Keep)> = vec![
        (
            "level:senior",
            Box::new(|r| r.summary.level == Level::Senior),
        ),
        (
            "级别:初级 OR 级别:中级",
            Box::new(|r| matches!(r.summary.level, Level::Junior | Level::Intermediate)),
        ),
        (
            "-stage:eligibility track:exceptional",
            Box::new(|r| {
                r.summary.stage != Stage::Eligibility && r.summary.track == Track::Exceptional
            }),
        ),
        (
            "verdict:ineligible criterion:training_hours=fail",
            Box::new(|r| {
                r.summary.verdict == Verdict::Ineligible
                    && r.summary
                        .criteria
                        .contains(&(Criterion::TrainingHours, Status::Fail))
            }),
        ),
        (
            "score:>80",
            Box::new(|r| r.facts.score.is_some_and(|s| s > 800)),
        ),
        (
            "score:>=80.5 OR written:<60",
            Box::new(|r| {
                r.facts.score.is_some_and(|s| s >= 805) || r.facts.written.is_some_and(|w| w < 60)
            }),
        ),
        (
            "spread:>15 flag:disagree",
            Box::new(|r| r.facts.spread.is_some_and(|s| s > 150) && r.facts.disagree),
        ),
        ("fee:unpaid", Box::new(|r| !r.summary.fee_is_paid())),
        (
            "assigned:li.wei missing:review",
            Box::new(|r| {
                r.facts.assigned.iter().any(|a| a == "li.wei")
                    && r.facts.assigned.len() > r.facts.reviewed.len()
            }),
        ),
        (
            "reviewed:LI.WEI",
            Box::new(|r| r.facts.reviewed.iter().any(|a| a == "li.wei")),
        ),
        (
            "complaint:open OR complaint:dismissed",
            Box::new(|r| r.facts.complaints.open > 0 || r.facts.complaints.dismissed > 0),
        ),
        ("age:>=50", Box::new(move |r| age(r) >= 50)),
        (
            "years:<3 OR NOT (age:<40)",
            Box::new(move |r| years(r) < 3 || age(r) >= 40),
        ),
        (
            "province:浙江 org:学校",
            Box::new(|r| {
                r.summary.province.contains("浙江") && r.summary.organization.contains("学校")
            }),
        ),
    ];
    for (text, keep) in cases {
        let expected = plain(&rows, keep);
        assert_eq!(kept(&rows, text, reference), expected, "{text}");
    }
    // The cases are not all trivially empty or full.
    assert!(!kept(&rows, "level:senior", reference).is_empty());
    assert!(kept(&rows, "age:>=50", reference).len() < rows.len());
}

/// Whether a free word matches one haystack.
fn word_matches(haystack: &str, word: &str) -> bool {
    let rows = rows();
    let subject = Subject {
        summary: &rows[0].summary,
        haystack,
        facts: &Facts::default(),
    };
    parsed(word).prepare().matches(&subject, NaiveDate::MIN)
}

#[test]
fn free_words_match_chinese_by_substring_and_latin_in_order() {
    let rows = rows();
    let reference = Cycle::default_2024().reference_date;
    let first = &rows[0].summary;
    let surname: String = first.name.chars().take(1).collect();
    let expected = plain(&rows, |r| {
        r.summary.name.contains(&surname)
            || r.summary.id.contains(&surname)
            || r.summary.organization.contains(&surname)
            || r.summary.province.contains(&surname)
    });
    assert_eq!(kept(&rows, &surname, reference), expected);
    // `zj0001`'s letters in order within one id.
    assert!(word_matches("2024-zj-i-0001\n王小明\n杭州", "zj0001"));
    assert!(!word_matches("2024-zj-i-0001\n王小明\n杭州", "jz0001"));
    // Never across two fields.
    assert!(!word_matches("abc\ndef", "abdef"));
}

#[test]
fn sort_keys_order_kept_rows_with_missing_numbers_last() {
    let rows = rows();
    let reference = Cycle::default_2024().reference_date;
    let query = parsed("sort:-score sort:id").prepare();
    let mut subjects: Vec<Subject<'_>> = rows
        .iter()
        .map(|r| Subject {
            summary: &r.summary,
            haystack: &r.haystack,
            facts: &r.facts,
        })
        .collect();
    subjects.sort_by(|a, b| query.compare(a, b, reference));
    let scores: Vec<Option<i64>> = subjects.iter().map(|s| s.facts.score).collect();
    let first_missing = scores.iter().position(Option::is_none).unwrap();
    assert!(scores[first_missing..].iter().all(Option::is_none));
    assert!(scores[..first_missing].windows(2).all(|w| w[0] >= w[1]));
    let ties = subjects
        .windows(2)
        .filter(|w| w[0].facts.score == w[1].facts.score && w[0].facts.score.is_some());
    for pair in ties {
        assert!(pair[0].summary.id < pair[1].summary.id);
    }
}

#[test]
fn only_some_queries_need_more_than_the_summaries() {
    assert!(!parsed("level:senior 张 age:>50").needs_facts());
    assert!(parsed("NOT (a OR score:>80)").needs_facts());
    assert!(parsed("sort:-spread").needs_facts());
}

#[test]
fn initials_take_the_first_letter_of_each_chinese_character() {
    assert_eq!(super::initials("张华强"), "zhq");
    assert_eq!(super::initials("北京101中学"), "bj101zx");
    assert_eq!(
        super::initials("Li Wei"),
        "",
        "Latin text is searched as it is"
    );
    assert_eq!(super::initials("王 Xiao-ming"), "wxiaoming");
    assert_eq!(super::initials(""), "");
}

#[test]
fn only_free_words_org_and_province_read_the_text() {
    let reads = |text: &str| parse(text).unwrap().reads_text();
    for text in [
        "王",
        "org:科技馆",
        "province:浙江",
        "level:senior OR -(zhq fee:paid)",
    ] {
        assert!(reads(text), "{text}");
    }
    for text in [
        "level:senior",
        "sort:-years",
        "score:>80 OR NOT fee:unpaid",
        "",
    ] {
        assert!(!reads(text), "{text}");
    }
}

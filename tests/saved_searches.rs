//! Saved searches: each user's own, checked before they are kept, audited,
//! and kept across a reopen.

// Tests fail loudly on purpose.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod desk;

use docket::domain::query::saved::{MAX_SAVED, SavedSearchError};
use docket::service::ServiceError;

use desk::{entries_after, head};

fn names(d: &desk::Desk, who: &docket::domain::User) -> Vec<String> {
    d.service
        .saved_searches(who)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect()
}

#[test]
fn each_user_keeps_their_own_searches_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    let before = head(s);

    let saved = s
        .save_search(&d.zhang, "高分", " score:>80\tsort:-score ")
        .unwrap();
    assert!(!saved.replaced);
    assert_eq!(saved.search.text, "score:>80 sort:-score");
    s.save_search(&d.zhang, "early", "stage:achievement")
        .unwrap();
    s.save_search(&d.admin, "unpaid", "fee:unpaid").unwrap();

    assert_eq!(names(&d, &d.zhang), ["early", "高分"]);
    assert_eq!(names(&d, &d.admin), ["unpaid"]);
    assert!(names(&d, &d.wang).is_empty());

    // Saving a name again asks the new question in the old place.
    let again = s.save_search(&d.zhang, "early", "stage:defense").unwrap();
    assert!(again.replaced);
    let kept = s.saved_searches(&d.zhang).unwrap();
    assert_eq!(kept[0].text, "stage:defense");

    // Forgetting one of zhang's leaves the admin's of any name alone.
    s.forget_search(&d.zhang, "early").unwrap();
    assert_eq!(names(&d, &d.zhang), ["高分"]);
    let refused = s.forget_search(&d.zhang, "unpaid").unwrap_err();
    assert!(matches!(
        refused,
        ServiceError::SavedSearch(SavedSearchError::Unknown(ref n)) if n == "unpaid"
    ));
    assert_eq!(names(&d, &d.admin), ["unpaid"]);

    let actions: Vec<(String, String, String)> = entries_after(s, before)
        .into_iter()
        .map(|e| (e.actor, e.action, e.target))
        .collect();
    let expected = [
        ("zhang", "search.save", "zhang/高分"),
        ("zhang", "search.save", "zhang/early"),
        ("admin", "search.save", "admin/unpaid"),
        ("zhang", "search.save", "zhang/early"),
        ("zhang", "search.forget", "zhang/early"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into()))
        .collect();
    assert_eq!(actions, expected);

    // Reopened, the searches are still there.
    drop(d);
    let s = common::open(dir.path());
    let zhang = s.user("zhang").unwrap();
    assert_eq!(s.saved_searches(&zhang).unwrap()[0].name, "高分");
}

#[test]
fn bad_names_and_queries_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    let before = head(s);
    let refusal = |name: &str, text: &str| match s.save_search(&d.zhang, name, text) {
        Err(ServiceError::SavedSearch(e)) => e,
        other => panic!("{name} {text}: {other:?}"),
    };
    assert_eq!(refusal("", "fee:unpaid"), SavedSearchError::NoName);
    assert!(matches!(
        refusal("two words", "x"),
        SavedSearchError::BadName(_)
    ));
    assert!(matches!(
        refusal("late", "score:>>"),
        SavedSearchError::Query { .. }
    ));
    assert_eq!(
        refusal("blank", "   "),
        SavedSearchError::NoQuery("blank".into())
    );
    let message = s
        .save_search(&d.zhang, "late", "level:")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("\"late\"") && message.contains("level"),
        "{message}"
    );
    assert_eq!(head(s), before, "a refusal writes nothing");
    assert!(names(&d, &d.zhang).is_empty());
}

#[test]
fn a_user_keeps_a_bounded_number_of_searches() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    for n in 0..MAX_SAVED {
        s.save_search(&d.wang, &format!("s{n}"), &format!("years:>{n}"))
            .unwrap();
    }
    assert!(matches!(
        s.save_search(&d.wang, "one-more", "fee:paid"),
        Err(ServiceError::SavedSearch(SavedSearchError::Full))
    ));
    // Replacing one that is kept is not one more.
    assert!(s.save_search(&d.wang, "s0", "fee:paid").unwrap().replaced);
    assert_eq!(names(&d, &d.wang).len(), MAX_SAVED);
}

#[test]
fn a_removed_user_cannot_save() {
    let dir = tempfile::tempdir().unwrap();
    let d = desk::open(dir.path(), 1);
    let s = &d.service;
    s.save_search(&d.zhao, "mine", "fee:paid").unwrap();
    s.remove_user(&d.admin, "zhao").unwrap();
    assert!(matches!(
        s.save_search(&d.zhao, "mine", "fee:paid"),
        Err(ServiceError::UnknownUser(_))
    ));
    assert!(matches!(
        s.saved_searches(&d.zhao),
        Err(ServiceError::UnknownUser(_))
    ));
}

//! The command line after `:`: `goto ID`, `verdict V`, `lang zh|en`,
//! `theme NAME`, `committee`, `ranking`, `stats`, `who`, `notice`, `assign NAME`, `unassign NAME`,
//! `auto [CAP]`, `save NAME [QUERY]`, `forget [NAME]`,
//! `q`.

use crate::domain::Verdict;

use super::catalog::Lang;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Goto(String),
    /// The eligibility tab's verdict filter; `None` shows all.
    Verdict(Option<Verdict>),
    Lang(Lang),
    Theme(String),
    /// The committee screen.
    Committee,
    /// The ranking screen.
    Ranking,
    /// The statistics screen.
    Statistics,
    /// Two applications side by side: those named (none, one or two).
    Compare(Vec<String>),
    /// The marked applications (else the rows shown) to a new file.
    Export(String),
    /// Applications from a file on the machine docket runs on.
    Import(String),
    /// Who is connected.
    Sessions,
    /// The public notice.
    Notice,
    /// Assign or unassign an expert on the marked or selected applications.
    Assign(String),
    Unassign(String),
    /// Automatic assignment on the tab showing, with a per-expert cap.
    Auto(Option<u32>),
    /// Declaring a conflict of interest on the open or selected
    /// application: the reason, after the expert's name for the secretariat.
    Conflict(String),
    /// The audit log screen.
    Audit,
    /// A backup of the whole store to a file on the server.
    Backup(String),
    /// Keeps a search under a name, as a tab: the query given, else the
    /// one typed after `/`.
    Save {
        name: String,
        query: Option<String>,
    },
    /// Forgets a saved search: the one named, else the tab showing.
    Forget(Option<String>),
    Quit,
}

/// Why a command line was refused; the app words it from the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    Empty,
    Unknown(String),
    UsageGoto,
    UsageLang,
    UsageTheme,
    UsageVerdict,
    UsageAssign,
    UsageConflict,
    UsageExport,
    UsageImport,
    UsageBackup,
    UsageSave,
    UsageForget,
}

/// The verbs Tab completes, in their full spelling.
pub const VERBS: &[&str] = &[
    "assign",
    "auto",
    "committee",
    "compare",
    "conflict",
    "export",
    "forget",
    "goto",
    "import",
    "lang",
    "quit",
    "ranking",
    "save",
    "stats",
    "theme",
    "unassign",
    "verdict",
    "who",
];

pub fn parse(line: &str) -> Result<Command, CommandError> {
    let line = line.trim().trim_start_matches(':').trim();
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    match verb {
        "" => Err(CommandError::Empty),
        "q" | "quit" | "q!" | "qa" => Ok(Command::Quit),
        "goto" | "go" | "g" => match rest {
            "" => Err(CommandError::UsageGoto),
            id if id.contains(char::is_whitespace) => Err(CommandError::UsageGoto),
            id => Ok(Command::Goto(id.to_owned())),
        },
        "verdict" | "v" => match rest {
            "all" => Ok(Command::Verdict(None)),
            code => Verdict::ALL
                .into_iter()
                .find(|v| v.code() == code)
                .map(|v| Command::Verdict(Some(v)))
                .ok_or(CommandError::UsageVerdict),
        },
        "lang" | "language" => Lang::from_code(rest)
            .map(Command::Lang)
            .ok_or(CommandError::UsageLang),
        "theme" | "colorscheme" => match rest {
            "" => Err(CommandError::UsageTheme),
            name => Ok(Command::Theme(name.to_owned())),
        },
        "committee" | "members" => Ok(Command::Committee),
        "ranking" | "rank" => Ok(Command::Ranking),
        "stats" | "statistics" => Ok(Command::Statistics),
        "export" | "w" => match rest {
            "" => Err(CommandError::UsageExport),
            file => Ok(Command::Export(file.to_owned())),
        },
        "compare" | "cmp" => Ok(Command::Compare(
            rest.split_whitespace().map(str::to_owned).collect(),
        )),
        "who" | "sessions" => Ok(Command::Sessions),
        "notice" | "gongshi" => Ok(Command::Notice),
        "conflict" | "recuse" => match rest {
            "" => Err(CommandError::UsageConflict),
            rest => Ok(Command::Conflict(rest.to_owned())),
        },
        "assign" | "unassign" => match rest {
            "" => Err(CommandError::UsageAssign),
            name if name.contains(char::is_whitespace) => Err(CommandError::UsageAssign),
            name if verb == "assign" => Ok(Command::Assign(name.to_owned())),
            name => Ok(Command::Unassign(name.to_owned())),
        },
        "auto" | "autoassign" => match rest {
            "" => Ok(Command::Auto(None)),
            cap => cap
                .parse::<u32>()
                .ok()
                .filter(|&c| c > 0)
                .map(|c| Command::Auto(Some(c)))
                .ok_or(CommandError::UsageAssign),
        },
        "audit" | "log" => Ok(Command::Audit),
        "import" => match rest {
            "" => Err(CommandError::UsageImport),
            file => Ok(Command::Import(file.to_owned())),
        },
        "backup" => match rest {
            "" => Err(CommandError::UsageBackup),
            file => Ok(Command::Backup(file.to_owned())),
        },
        "save" => match rest.split_once(char::is_whitespace) {
            _ if rest.is_empty() => Err(CommandError::UsageSave),
            None => Ok(Command::Save {
                name: rest.to_owned(),
                query: None,
            }),
            Some((name, query)) => Ok(Command::Save {
                name: name.to_owned(),
                query: Some(query.trim().to_owned()),
            }),
        },
        "forget" | "unsave" => match rest {
            "" => Ok(Command::Forget(None)),
            name if name.contains(char::is_whitespace) => Err(CommandError::UsageForget),
            name => Ok(Command::Forget(Some(name.to_owned()))),
        },
        other => Err(CommandError::Unknown(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse() {
        assert_eq!(
            parse("goto 2024-ZJ-J-0001"),
            Ok(Command::Goto("2024-ZJ-J-0001".into()))
        );
        assert_eq!(parse(":goto  X1 "), Ok(Command::Goto("X1".into())));
        assert_eq!(parse("lang en"), Ok(Command::Lang(Lang::En)));
        assert_eq!(
            parse("theme ./my theme.toml"),
            Ok(Command::Theme("./my theme.toml".into()))
        );
        assert_eq!(parse("q"), Ok(Command::Quit));
        assert_eq!(
            parse("verdict needs_review"),
            Ok(Command::Verdict(Some(Verdict::NeedsReview)))
        );
        assert_eq!(parse("verdict all"), Ok(Command::Verdict(None)));
        assert_eq!(parse("committee"), Ok(Command::Committee));
        assert_eq!(parse("ranking"), Ok(Command::Ranking));
        assert_eq!(parse("who"), Ok(Command::Sessions));
        assert_eq!(parse("notice"), Ok(Command::Notice));
        assert_eq!(parse("assign li.wei"), Ok(Command::Assign("li.wei".into())));
        assert_eq!(
            parse("unassign li.wei"),
            Ok(Command::Unassign("li.wei".into()))
        );
        assert_eq!(parse("auto"), Ok(Command::Auto(None)));
        assert_eq!(parse("auto 12"), Ok(Command::Auto(Some(12))));
        assert_eq!(
            parse("conflict 申请人是我的学生"),
            Ok(Command::Conflict("申请人是我的学生".into()))
        );
        assert_eq!(
            parse("save 高分"),
            Ok(Command::Save {
                name: "高分".into(),
                query: None
            })
        );
        assert_eq!(
            parse("save late  fee:unpaid  sort:-years "),
            Ok(Command::Save {
                name: "late".into(),
                query: Some("fee:unpaid  sort:-years".into())
            })
        );
        assert_eq!(parse("forget"), Ok(Command::Forget(None)));
        assert_eq!(
            parse("unsave late"),
            Ok(Command::Forget(Some("late".into())))
        );
        assert_eq!(parse("save"), Err(CommandError::UsageSave));
        assert_eq!(parse("forget a b"), Err(CommandError::UsageForget));
    }

    #[test]
    fn mistakes_say_what_was_expected() {
        assert_eq!(parse(""), Err(CommandError::Empty));
        assert_eq!(parse("goto"), Err(CommandError::UsageGoto));
        assert_eq!(parse("goto a b"), Err(CommandError::UsageGoto));
        assert_eq!(parse("lang fr"), Err(CommandError::UsageLang));
        assert_eq!(parse("theme"), Err(CommandError::UsageTheme));
        assert_eq!(parse("verdict"), Err(CommandError::UsageVerdict));
        assert_eq!(parse("verdict maybe"), Err(CommandError::UsageVerdict));
        assert_eq!(parse("assign"), Err(CommandError::UsageAssign));
        assert_eq!(parse("assign a b"), Err(CommandError::UsageAssign));
        assert_eq!(parse("auto 0"), Err(CommandError::UsageAssign));
        assert_eq!(parse("conflict"), Err(CommandError::UsageConflict));
        assert_eq!(parse("auto many"), Err(CommandError::UsageAssign));
        assert_eq!(
            parse("approve"),
            Err(CommandError::Unknown("approve".into()))
        );
    }
}

//! `docket search list`, `docket search save NAME QUERY` and `docket
//! search forget NAME`: the searches a user keeps (the desk's `:save` and
//! `:forget`), for the user named with `--as`.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::{Global, open_as};

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// The acting user's saved searches, one a line: the name, a tab, the query.
    List,
    /// Keep a query under a name (one word), replacing a search of that name.
    Save {
        name: String,
        /// The query, in the language of `/` in the desk (quote it).
        query: String,
    },
    /// Forget a saved search.
    Forget { name: String },
}

pub fn run(global: &Global, command: SearchCommand) -> Result<ExitCode> {
    let (service, user) = open_as(global, "docket search")?;
    match command {
        SearchCommand::List => {
            for search in service.saved_searches(&user)? {
                println!("{}\t{}", search.name, search.text);
            }
        }
        SearchCommand::Save { name, query } => {
            let saved = service.save_search(&user, &name, &query)?;
            let verb = if saved.replaced { "replaced" } else { "saved" };
            println!("{}: search {name} {verb}: {}", user.name, saved.search.text);
        }
        SearchCommand::Forget { name } => {
            service.forget_search(&user, &name)?;
            println!("{}: search {name} forgotten", user.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! Table-driven tests of the rules, one file per part of RULES.md, and the
//! evaluation of the demo fixture.

mod achievements;
mod criteria;
mod demo;
mod evaluate;
mod exceptional;

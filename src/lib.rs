//! docket: the review desk of a body that certifies youth science and
//! technology counselors (科技辅导员专业水平认证).
//!
//! Layers, from the bottom: [`domain`] (pure rules), [`store`] (sled and the
//! audit log), [`service`] (every operation a user can do, checked against
//! the user's role), [`ui`] (one `App` per session) and the front ends.
//!
//! Glossary, used the same way in every layer: *application* (one person's
//! request to be certified at a *level*), *applicant*, *stage*, *criterion*,
//! *evidence*, *review*, *score*, *aggregate*, *decision*, *committee*,
//! *expert*, *conflict*, *notice*, *complaint*, *certificate*.

pub mod cli;
pub mod demo;
pub mod domain;
pub mod lang;
pub mod par;
pub mod serve;
pub mod service;
pub mod sheet;
pub mod store;
pub mod term;
pub mod ui;

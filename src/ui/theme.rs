//! Themes: styles named by meaning, read from TOML.
//!
//! The built-in themes live in `themes/*.toml` and are embedded in the
//! binary. A theme names only what it changes: its styles replace those of
//! the theme it `extends` (`default` unless it says otherwise; `none` starts
//! from plain text). A user's file may be wrong in places: every unknown key
//! or bad value becomes a warning naming it, and the rest still applies.
//!
//! ```toml
//! extends = "default"
//! [styles]
//! selected = { fg = "black", bg = "cyan", modifiers = ["bold"] }
//! "mark.rejected" = "lightred"      # shorthand for { fg = "lightred" }
//! ```

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use toml::{Table, Value};

/// The built-in themes, by name.
const BUILTINS: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// How deep `extends` may chain before it is taken for a loop.
const MAX_EXTENDS: usize = 4;

/// What a style is for. The theme file uses [`StyleName::key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StyleName {
    Text,
    Title,
    Header,
    Selected,
    Cursor,
    TabActive,
    TabInactive,
    Muted,
    Border,
    Key,
    Heading,
    Label,
    MarkVerified,
    MarkRejected,
    MarkUnverified,
    FeeUnpaid,
    VerdictEligible,
    VerdictReview,
    VerdictIneligible,
    StateEnd,
    Error,
    Notice,
    Prompt,
    PaneActive,
    PaneInactive,
    EvidenceLinked,
}

impl StyleName {
    pub const ALL: [StyleName; 26] = [
        StyleName::Text,
        StyleName::Title,
        StyleName::Header,
        StyleName::Selected,
        StyleName::Cursor,
        StyleName::TabActive,
        StyleName::TabInactive,
        StyleName::Muted,
        StyleName::Border,
        StyleName::Key,
        StyleName::Heading,
        StyleName::Label,
        StyleName::MarkVerified,
        StyleName::MarkRejected,
        StyleName::MarkUnverified,
        StyleName::FeeUnpaid,
        StyleName::VerdictEligible,
        StyleName::VerdictReview,
        StyleName::VerdictIneligible,
        StyleName::StateEnd,
        StyleName::Error,
        StyleName::Notice,
        StyleName::Prompt,
        StyleName::PaneActive,
        StyleName::PaneInactive,
        StyleName::EvidenceLinked,
    ];

    /// The key in a theme file.
    pub fn key(self) -> &'static str {
        match self {
            StyleName::Text => "text",
            StyleName::Title => "title",
            StyleName::Header => "header",
            StyleName::Selected => "selected",
            StyleName::Cursor => "cursor",
            StyleName::TabActive => "tab.active",
            StyleName::TabInactive => "tab.inactive",
            StyleName::Muted => "muted",
            StyleName::Border => "border",
            StyleName::Key => "key",
            StyleName::Heading => "heading",
            StyleName::Label => "label",
            StyleName::MarkVerified => "mark.verified",
            StyleName::MarkRejected => "mark.rejected",
            StyleName::MarkUnverified => "mark.unverified",
            StyleName::FeeUnpaid => "fee.unpaid",
            StyleName::VerdictEligible => "verdict.eligible",
            StyleName::VerdictReview => "verdict.review",
            StyleName::VerdictIneligible => "verdict.ineligible",
            StyleName::StateEnd => "state.end",
            StyleName::Error => "error",
            StyleName::Notice => "notice",
            StyleName::Prompt => "prompt",
            StyleName::PaneActive => "pane.active",
            StyleName::PaneInactive => "pane.inactive",
            StyleName::EvidenceLinked => "evidence.linked",
        }
    }

    pub fn from_key(key: &str) -> Option<StyleName> {
        StyleName::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A complete set of styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    name: String,
    styles: [Style; StyleName::ALL.len()],
}

impl Default for Theme {
    /// The built-in `default` theme.
    fn default() -> Theme {
        Theme::builtin("default").unwrap_or_else(|_| Theme::plain("default"))
    }
}

impl Theme {
    /// Every style plain: the base of a theme that `extends = "none"`.
    pub fn plain(name: &str) -> Theme {
        Theme {
            name: name.to_owned(),
            styles: [Style::new(); StyleName::ALL.len()],
        }
    }

    /// The names of the built-in themes.
    pub fn builtin_names() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|(name, _)| *name)
    }

    /// A built-in theme by name: `default`, `light`, `high-contrast`, `mono`.
    pub fn builtin(name: &str) -> Result<Theme, String> {
        let mut warnings = Vec::new();
        let theme = builtin_at_depth(name, 0, &mut warnings)?;
        if warnings.is_empty() {
            Ok(theme)
        } else {
            Err(warnings.join("; "))
        }
    }

    /// A built-in theme by name, else a TOML file at that path. Whatever
    /// goes wrong comes back as one warning to show; a file that cannot be
    /// read or parsed gives the default theme.
    pub fn load(name_or_path: &str) -> (Theme, Option<String>) {
        if let Ok(theme) = Theme::builtin(name_or_path) {
            return (theme, None);
        }
        let text = match std::fs::read_to_string(name_or_path) {
            Ok(text) => text,
            Err(e) => {
                let names: Vec<&str> = Theme::builtin_names().collect();
                let warning = format!(
                    "theme {name_or_path}: not a built-in theme ({}) and not a readable file ({e}); using default",
                    names.join(", ")
                );
                return (Theme::default(), Some(warning));
            }
        };
        let (theme, warnings) = Theme::parse(name_or_path, &text);
        (theme, (!warnings.is_empty()).then(|| warnings.join("; ")))
    }

    /// The theme to start with: the one named, else `mono` when `NO_COLOR`
    /// is set and not empty, else `default`.
    pub fn from_env(name: Option<&str>) -> (Theme, Option<String>) {
        let no_color = std::env::var("NO_COLOR").ok();
        Theme::choose(name, no_color.as_deref())
    }

    /// [`Theme::from_env`] with the environment passed in.
    pub fn choose(name: Option<&str>, no_color: Option<&str>) -> (Theme, Option<String>) {
        match name {
            Some(name) => Theme::load(name),
            None if no_color.is_some_and(|v| !v.is_empty()) => Theme::load("mono"),
            None => (Theme::default(), None),
        }
    }

    /// Reads a theme from TOML text; `source` names it in warnings. A text
    /// that is not TOML at all gives the default theme and one warning.
    pub fn parse(source: &str, text: &str) -> (Theme, Vec<String>) {
        let mut warnings = Vec::new();
        let theme = match text.parse::<Table>() {
            Ok(table) => from_table(source, &table, 0, &mut warnings),
            Err(e) => {
                let first = e.to_string();
                let first = first.lines().next().unwrap_or("not TOML").to_owned();
                warnings.push(format!("theme {source}: {first}; using default"));
                Theme::default()
            }
        };
        (theme, warnings)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn style(&self, name: StyleName) -> Style {
        self.styles[name as usize]
    }

    /// Every style with its key, for tests and for showing a theme.
    pub fn styles(&self) -> impl Iterator<Item = (StyleName, Style)> + '_ {
        StyleName::ALL
            .into_iter()
            .map(|name| (name, self.style(name)))
    }
}

fn builtin_at_depth(name: &str, depth: usize, warnings: &mut Vec<String>) -> Result<Theme, String> {
    let (_, text) = BUILTINS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        let names: Vec<&str> = Theme::builtin_names().collect();
        format!(
            "no built-in theme named {name} (there are {})",
            names.join(", ")
        )
    })?;
    let table = text
        .parse::<Table>()
        .map_err(|e| format!("built-in theme {name}: {e}"))?;
    Ok(from_table(name, &table, depth, warnings))
}

fn from_table(source: &str, table: &Table, depth: usize, warnings: &mut Vec<String>) -> Theme {
    let extends = match table.get("extends") {
        None => "default",
        Some(Value::String(base)) => base.as_str(),
        Some(_) => {
            warnings.push(format!("theme {source}: extends: expected a theme name"));
            "default"
        }
    };
    let mut theme = if extends == "none" {
        Theme::plain(source)
    } else if depth >= MAX_EXTENDS {
        warnings.push(format!("theme {source}: extends: too deep (a loop?)"));
        Theme::plain(source)
    } else {
        builtin_at_depth(extends, depth + 1, warnings).unwrap_or_else(|e| {
            warnings.push(format!("theme {source}: extends: {e}"));
            Theme::default()
        })
    };
    theme.name = match table.get("name") {
        Some(Value::String(name)) => name.clone(),
        _ => source.to_owned(),
    };

    for (key, value) in table {
        match (key.as_str(), value) {
            ("name" | "extends", _) => {}
            ("styles", Value::Table(styles)) => {
                apply_styles(source, "", styles, &mut theme, warnings);
            }
            _ => warnings.push(format!("theme {source}: unknown key {key}")),
        }
    }
    theme
}

/// Applies every style of a `[styles]` table; nested tables (`[styles.mark]`
/// or dotted keys) stand for dotted names.
fn apply_styles(
    source: &str,
    prefix: &str,
    styles: &Table,
    theme: &mut Theme,
    warnings: &mut Vec<String>,
) {
    for (key, value) in styles {
        let full = format!("{prefix}{key}");
        let name = StyleName::from_key(&full);
        if let (None, Value::Table(nested)) = (name, value) {
            apply_styles(source, &format!("{full}."), nested, theme, warnings);
            continue;
        }
        let Some(name) = name else {
            warnings.push(format!("theme {source}: unknown style {full}"));
            continue;
        };
        theme.styles[name as usize] =
            parse_style(&format!("theme {source}: {full}"), value, warnings);
    }
}

fn parse_style(context: &str, value: &Value, warnings: &mut Vec<String>) -> Style {
    let mut style = Style::new();
    let table = match value {
        Value::String(fg) => {
            if let Some(color) = parse_color(fg) {
                return style.fg(color);
            }
            warnings.push(format!("{context}: bad colour {fg}"));
            return style;
        }
        Value::Table(table) => table,
        _ => {
            warnings.push(format!("{context}: expected {{ fg, bg, modifiers }}"));
            return style;
        }
    };

    for (field, value) in table {
        match (field.as_str(), value) {
            ("fg" | "bg", Value::String(text)) => match parse_color(text) {
                Some(color) if field == "fg" => style = style.fg(color),
                Some(color) => style = style.bg(color),
                None => warnings.push(format!("{context}.{field}: bad colour {text}")),
            },
            ("modifiers", Value::Array(items)) => {
                for item in items {
                    match item.as_str().and_then(parse_modifier) {
                        Some(modifier) => style = style.add_modifier(modifier),
                        None => warnings.push(format!("{context}.modifiers: bad modifier {item}")),
                    }
                }
            }
            ("fg" | "bg" | "modifiers", _) => {
                warnings.push(format!("{context}.{field}: bad value"));
            }
            _ => warnings.push(format!("{context}: unknown key {field}")),
        }
    }
    style
}

fn parse_color(text: &str) -> Option<Color> {
    Color::from_str(text).ok()
}

fn parse_modifier(text: &str) -> Option<Modifier> {
    Some(
        match text.to_ascii_lowercase().replace(['-', ' '], "_").as_str() {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" | "underline" => Modifier::UNDERLINED,
            "slow_blink" | "blink" => Modifier::SLOW_BLINK,
            "rapid_blink" => Modifier::RAPID_BLINK,
            "reversed" | "reverse" => Modifier::REVERSED,
            "hidden" => Modifier::HIDDEN,
            "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
            _ => return None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_ansi16(color: Option<Color>) -> bool {
        !matches!(color, Some(Color::Rgb(..) | Color::Indexed(_)))
    }

    #[test]
    fn every_builtin_parses_without_warnings() {
        for name in Theme::builtin_names() {
            let theme = Theme::builtin(name).unwrap();
            assert_eq!(theme.name(), name);
        }
        assert!(Theme::builtin("solarized").is_err());
    }

    #[test]
    fn default_uses_only_the_sixteen_ansi_colours() {
        for (name, style) in Theme::builtin("default").unwrap().styles() {
            assert!(is_ansi16(style.fg) && is_ansi16(style.bg), "{}", name.key());
        }
    }

    #[test]
    fn mono_has_no_colour_and_still_marks_selection() {
        let mono = Theme::builtin("mono").unwrap();
        for (name, style) in mono.styles() {
            assert!(
                matches!(style.fg, None | Some(Color::Reset)),
                "{}",
                name.key()
            );
            assert!(
                matches!(style.bg, None | Some(Color::Reset)),
                "{}",
                name.key()
            );
        }
        assert!(
            mono.style(StyleName::Selected)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert!(
            mono.style(StyleName::TabActive)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }

    #[test]
    fn a_theme_overrides_only_what_it_names() {
        let (theme, warnings) = Theme::parse(
            "mine",
            "[styles]\nselected = { fg = \"white\", bg = \"blue\" }\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let default = Theme::default();
        assert_eq!(
            theme.style(StyleName::Selected),
            Style::new().fg(Color::White).bg(Color::Blue)
        );
        assert_eq!(
            theme.style(StyleName::Error),
            default.style(StyleName::Error)
        );
        assert_eq!(theme.name(), "mine");
    }

    #[test]
    fn nested_tables_and_shorthand_name_dotted_styles() {
        let text =
            "[styles.mark]\nrejected = \"lightred\"\nverified = { modifiers = [\"bold\"] }\n";
        let (theme, warnings) = Theme::parse("nested", text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            theme.style(StyleName::MarkRejected),
            Style::new().fg(Color::LightRed)
        );
        assert_eq!(
            theme.style(StyleName::MarkVerified),
            Style::new().add_modifier(Modifier::BOLD)
        );
    }

    #[test]
    fn bad_keys_and_values_warn_by_name_and_the_rest_applies() {
        let text = r##"
            colour = 3
            [styles]
            selected = { fg = "chartreuse-ish", bg = "blue", modifiers = ["bold", "sparkly"] }
            spread_flag = { fg = "red" }
            muted = { fgg = "red" }
            error = { fg = "#ff0000" }
        "##;
        let (theme, warnings) = Theme::parse("mine.toml", text);
        let all = warnings.join("\n");
        assert!(all.contains("unknown key colour"), "{all}");
        assert!(
            all.contains("selected.fg: bad colour chartreuse-ish"),
            "{all}"
        );
        assert!(all.contains("bad modifier \"sparkly\""), "{all}");
        assert!(all.contains("unknown style spread_flag"), "{all}");
        assert!(all.contains("muted: unknown key fgg"), "{all}");
        assert_eq!(warnings.len(), 5, "{all}");
        let selected = theme.style(StyleName::Selected);
        assert_eq!(selected.bg, Some(Color::Blue));
        assert!(selected.add_modifier.contains(Modifier::BOLD));
        assert_eq!(
            theme.style(StyleName::Error).fg,
            Some(Color::Rgb(255, 0, 0))
        );
    }

    #[test]
    fn a_broken_file_falls_back_to_default_with_a_warning() {
        let (theme, warnings) = Theme::parse("broken.toml", "[styles\nselected = ");
        assert_eq!(theme, Theme::default());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("broken.toml"), "{warnings:?}");
    }

    #[test]
    fn load_tries_a_builtin_then_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(
            &path,
            "extends = \"mono\"\n[styles]\nkey = { modifiers = [\"underlined\"] }\n",
        )
        .unwrap();
        let (theme, warning) = Theme::load(path.to_str().unwrap());
        assert_eq!(warning, None);
        assert_eq!(
            theme.style(StyleName::Selected),
            Theme::builtin("mono").unwrap().style(StyleName::Selected)
        );
        assert_eq!(
            theme.style(StyleName::Key),
            Style::new().add_modifier(Modifier::UNDERLINED)
        );

        let (theme, warning) = Theme::load("light");
        assert_eq!((theme.name(), warning), ("light", None));

        let (theme, warning) = Theme::load("/no/such/theme.toml");
        assert_eq!(theme, Theme::default());
        assert!(warning.unwrap().contains("/no/such/theme.toml"));
    }

    #[test]
    fn no_color_picks_mono_unless_a_theme_is_named() {
        assert_eq!(Theme::choose(None, Some("1")).0.name(), "mono");
        assert_eq!(Theme::choose(None, Some("")).0.name(), "default");
        assert_eq!(Theme::choose(None, None).0.name(), "default");
        assert_eq!(Theme::choose(Some("light"), Some("1")).0.name(), "light");
    }
}

//! Doc text to Rust identifiers: every function here returns pure-ASCII text that is a valid,
//! warning-free Rust 2024 identifier once passed through [`ident`], for any input.
//!
//! The pipeline (the same idea as prost-build's `ident.rs` and typify's `sanitize`):
//!
//! 1. Characters that cannot be in an identifier become word separators; apostrophes are
//!    dropped (`user's` -> `users`); Latin-1 letters with accents are folded to ASCII
//!    (`Größe` -> `Grosse`); every other non-ASCII character is a separator. Output is pure
//!    ASCII so rustc's `confusable_idents` / `uncommon_codepoints` lints can never fire.
//! 2. `heck` splits words and converts case. An acronym plural (`URLs`, `IDs`) is softened
//!    first (`Urls`) so it stays one word.
//! 3. An empty result gets a placeholder: `field` (snake), `Value` (types), `Empty` /
//!    `Value` (variants, for an empty / unrepresentable value).
//! 4. A name that would start with a digit gets one letter in front: `n` for snake-case names
//!    (`2fa` -> `n2fa`), `V` for UpperCamelCase names, types and variants alike (`0` -> `V0`).
//! 5. Keywords: the names returned here may be keywords that accept the raw form (`type`,
//!    `gen`, `async`); [`ident`] turns them into `r#type`. Keywords that cannot be raw
//!    (`self`, `Self`, `super`, `crate`) get a trailing underscore here (`self_`, `Self_`).
//!
//! 6. Names are cut to at most [`MAX_NAME_WORDS_LEN`] characters at a word boundary: rustdoc
//!    writes one file per item named after it, and a name from a runaway heading would exceed
//!    the file-name limit (255 bytes) and fail `cargo doc`.
//!
//! Different wire names can map to one Rust name (`foo_bar`, `fooBar`, `foo-bar`): that is
//! expected, and [`UniqueNames`] disambiguates within a scope.

use proc_macro2::{Ident, Span};
use rustc_hash::FxHashSet;

mod english;

pub use english::{plural, singular, singular_cow};

/// Placeholder for a snake-case name whose text had no usable character.
pub const FIELD_PLACEHOLDER: &str = "field";
/// Placeholder for a type name whose text had no usable character.
pub const TYPE_PLACEHOLDER: &str = "Value";
/// Variant for the empty enum value `""`.
pub const EMPTY_VARIANT: &str = "Empty";

/// Longest run of words kept from the text; prefixes and suffixes added later stay far below
/// rustdoc's file-name limit.
pub const MAX_NAME_WORDS_LEN: usize = 64;

/// Every strict, reserved and edition-2024 keyword, sorted. Weak keywords (`union`,
/// `macro_rules`, `raw`, `safe`) are left out on purpose: they are keywords only in one
/// syntactic position and are valid as field, method, type and variant names
/// (`HashSet::union` exists), so escaping them would only add noise.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape (`Ident::new_raw` rejects them, and so does rustc).
const NON_RAW_KEYWORDS: &[&str] = &["Self", "crate", "self", "super"];

/// Snake-case Rust field, parameter or method name for a wire name or doc text.
///
/// The result may be a raw-able keyword (`type`): build the token with [`ident`].
pub fn field_name(wire: &str) -> String {
    let mut name = snake_words(wire);
    if name.is_empty() {
        return FIELD_PLACEHOLDER.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// UpperCamelCase type name for doc text (a heading, a field name, a schema title).
pub fn type_name(text: &str) -> String {
    if is_plain_upper_camel(text) {
        // Names glued from type names (`ConversationRequest`) come back unchanged.
        return text.to_owned();
    }
    let name = upper_camel(&snake_words(text));
    finish_upper_camel(name, TYPE_PLACEHOLDER)
}

/// UpperCamelCase enum variant for an enum value as written on the wire.
///
/// `"WHATSAPP"` -> `Whatsapp`, `"CHANNEL_UNSPECIFIED"` -> `ChannelUnspecified`, `"0"` -> `V0`,
/// `"-1"` -> `Minus1`, `"1.5"` -> `V1_5`, `""` -> `Empty`, `">="` -> `GtEq`,
/// `"-created_at"` -> `MinusCreatedAt`.
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return EMPTY_VARIANT.to_owned();
    }
    if let Some(name) = numeric_variant(value) {
        return name;
    }
    let folded = ascii_words(value);
    if !folded.chars().any(|c| c.is_ascii_alphanumeric()) {
        // Operators and other symbol-only values ("=", "!=", "*") would all collapse to the
        // placeholder; spelling the symbols keeps them apart and readable.
        let spelled: String = value.chars().filter_map(symbol_word).collect();
        return finish_upper_camel(spelled, TYPE_PLACEHOLDER);
    }
    // A leading sign carries meaning in sort keys: "-created_at" must not collide with
    // "created_at".
    let (prefix, rest) = match value.as_bytes().first() {
        Some(b'-') => ("Minus", &value[1..]),
        Some(b'+') => ("Plus", &value[1..]),
        _ => ("", value),
    };
    let body = upper_camel(&snake_words(rest));
    finish_upper_camel(format!("{prefix}{body}"), TYPE_PLACEHOLDER)
}

/// SCREAMING_SNAKE_CASE name for a constant or static.
#[cfg(test)]
pub fn constant_name(text: &str) -> String {
    let mut name = snake_words(text).to_ascii_uppercase();
    if name.is_empty() {
        return FIELD_PLACEHOLDER.to_ascii_uppercase();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    name
}

/// Whether `s` is a strict, reserved or edition-2024 keyword. Weak keywords (`union`,
/// `macro_rules`, `raw`, `safe`) are not: they are valid names in every position we emit.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.binary_search(&s).is_ok()
}

/// The identifier token for a name produced by this module: `r#type` for keywords that accept
/// the raw form, the name itself otherwise.
///
/// Never panics. Text that is not an identifier (a bug upstream) is repaired rather than
/// rejected: characters outside `[A-Za-z0-9_]` become `_`, a leading digit gets `_`, empty
/// text becomes `unnamed`, and `self`/`Self`/`super`/`crate`/`_` get a trailing `_`.
pub fn ident(text: &str) -> Ident {
    let name = repair_ident(text);
    if is_keyword(&name) {
        // `repair_ident` already suffixed the non-raw keywords, so this one accepts `r#`.
        Ident::new_raw(&name, Span::call_site())
    } else {
        Ident::new(&name, Span::call_site())
    }
}

/// Names already used in one scope (the fields of a struct, the variants of an enum, the
/// methods of a client, the locals of a function), handing out unique ones.
///
/// Deterministic: the same claims in the same order give the same names. Comparison is exact
/// (case-sensitive), which is what rustc checks.
#[derive(Clone, Debug, Default)]
pub struct UniqueNames {
    /// The names of a small scope (most hold a handful), searched one by one: cheaper than
    /// hashing into a table that grows several times.
    few: Vec<String>,
    /// Every name, once the scope holds more than [`UniqueNames::FEW`].
    many: FxHashSet<String>,
}

impl UniqueNames {
    /// Names kept in `few` before moving to `many`.
    const FEW: usize = 16;

    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `name` as used without claiming it, e.g. a local the generated code needs or a
    /// method every client has.
    pub fn reserve(&mut self, name: &str) {
        if !self.is_taken(name) {
            self.insert(name.to_owned());
        }
    }

    /// Whether `name` is already used in this scope.
    pub fn is_taken(&self, name: &str) -> bool {
        if self.many.is_empty() { self.few.iter().any(|taken| taken == name) } else { self.many.contains(name) }
    }

    /// Adds a name known not to be taken.
    fn insert(&mut self, name: String) {
        if !self.many.is_empty() {
            self.many.insert(name);
        } else if self.few.len() < Self::FEW {
            self.few.push(name);
        } else {
            self.many.extend(self.few.drain(..));
            self.many.insert(name);
        }
    }

    /// The first free name of `names`, marked used; when all are taken, [`Self::claim`] of
    /// the first. Lets a caller try names that say something (`GetThingErrors` beside a
    /// page's own `GetThingError`) before a number.
    pub fn claim_first(&mut self, names: &[String]) -> String {
        match names.iter().find(|name| !self.is_taken(name)) {
            Some(free) => self.claim(free.clone()),
            None => self.claim(names.first().cloned().unwrap_or_default()),
        }
    }

    /// Returns `name` if it is free, otherwise the first free of `name_2`, `name_3`, ... for a
    /// snake-case name or of `Name2`, `Name3`, ... for an UpperCamelCase one (`Name_2` when the
    /// name ends in a digit, so `V1` + 2 does not read as `V12`). The result is marked used.
    pub fn claim(&mut self, name: String) -> String {
        if !self.is_taken(&name) {
            self.insert(name.clone());
            return name;
        }
        let snake = !name.starts_with(|c: char| c.is_ascii_uppercase());
        let ends_with_digit = name.ends_with(|c: char| c.is_ascii_digit());
        let separator = if snake || ends_with_digit { "_" } else { "" };
        // Trailing `_` of `self_` would give `self__2`; drop it, the suffix already escapes.
        let stem = name.trim_end_matches('_');
        let stem = if stem.is_empty() { name.as_str() } else { stem };
        let mut counter: u64 = 2;
        loop {
            let candidate = format!("{stem}{separator}{counter}");
            if !self.is_taken(&candidate) {
                self.insert(candidate.clone());
                return candidate;
            }
            counter += 1;
        }
    }
}

/// Sanitised text split into lower_snake words by heck's rules, at most
/// [`MAX_NAME_WORDS_LEN`] long; may be empty or start with a digit.
fn snake_words(text: &str) -> String {
    if is_plain_snake(text) {
        // Most wire names are already lower_snake words: the pipeline below returns them as
        // they are.
        return text.to_owned();
    }
    let mut words = snake_case(&ascii_words(text));
    if words.len() > MAX_NAME_WORDS_LEN {
        // ASCII only, so any byte index is a character boundary.
        let cut = words[..=MAX_NAME_WORDS_LEN].rfind('_').filter(|&cut| cut > 0);
        words.truncate(cut.unwrap_or(MAX_NAME_WORDS_LEN));
    }
    words
}

/// Whether `text` is lowercase ASCII letters and digits in words joined by single `_`s, at
/// most [`MAX_NAME_WORDS_LEN`] long: text that [`snake_words`] returns unchanged (no
/// character to drop or fold, no case boundary, nothing to cut).
fn is_plain_snake(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_NAME_WORDS_LEN
        && bytes[0] != b'_'
        && bytes[bytes.len() - 1] != b'_'
        && bytes.iter().all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !text.contains("__")
}

/// Whether `text` is ASCII letters, starting with an uppercase one, with no two uppercase
/// letters in a row (so no acronym for the case rules to split or soften), short enough not
/// to be cut, and not `Self`: text that [`type_name`] returns unchanged. Its words are the
/// runs from one uppercase letter to the next, so its snake form is one `_` per further
/// uppercase letter longer.
fn is_plain_upper_camel(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut uppercase = 0;
    let mut previous_upper = true;
    for &byte in bytes {
        let upper = byte.is_ascii_uppercase();
        if !(upper || byte.is_ascii_lowercase()) || (upper && previous_upper && uppercase > 0) {
            return false;
        }
        uppercase += usize::from(upper);
        previous_upper = upper;
    }
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.len() + uppercase - 1 <= MAX_NAME_WORDS_LEN
        && text != "Self"
}

/// `heck::ToSnakeCase::to_snake_case`, the same output for every input, without heck's cost
/// of formatting each character through `fmt`: it ran for every field name of every page.
/// ASCII text (all that [`ascii_words`] returns) takes the direct path below.
pub fn snake_case(text: &str) -> String {
    if !text.is_ascii() {
        return heck::ToSnakeCase::to_snake_case(text);
    }
    // heck's `transform` for ASCII: words are split at every non-alphanumeric character, then
    // inside a word after a lowercase run that meets an uppercase letter (`fooBar`), and
    // before the last letter of an uppercase run that meets a lowercase one (`HTTPServer`).
    // Bytes throughout: this runs for every name of every page.
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 4);
    let mut push_word = |word: &[u8]| {
        if !out.is_empty() {
            out.push('_');
        }
        for &byte in word {
            out.push(char::from(byte.to_ascii_lowercase()));
        }
    };
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_alphanumeric() {
            at += 1;
            continue;
        }
        let end = bytes[at..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |n| at + n);
        let word = &bytes[at..end];
        let mut start = 0;
        let mut mode = Mode::Boundary;
        for (index, &byte) in word.iter().enumerate() {
            let Some(&next) = word.get(index + 1) else {
                push_word(&word[start..]);
                break;
            };
            let next_mode = if byte.is_ascii_lowercase() {
                Mode::Lowercase
            } else if byte.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                push_word(&word[start..=index]);
                start = index + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && byte.is_ascii_uppercase() && next.is_ascii_lowercase() {
                push_word(&word[start..index]);
                start = index;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
        at = end;
    }
    out
}

/// Joins lower_snake words into UpperCamelCase. Between two words where a digit meets a digit
/// an `_` is kept (`v1.2` -> `V1_2`, not `V12`); rustc's `non_camel_case_types` allows an
/// underscore between two characters without case.
fn upper_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    for word in snake.split('_').filter(|word| !word.is_empty()) {
        let digit_meets_digit =
            out.ends_with(|c: char| c.is_ascii_digit()) && word.starts_with(|c: char| c.is_ascii_digit());
        if digit_meets_digit {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Placeholder, digit prefix and `Self` escape shared by type and variant names.
fn finish_upper_camel(mut name: String, placeholder: &str) -> String {
    if name.is_empty() {
        return placeholder.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// `"1"` -> `V1`, `"-1"` -> `Minus1`, `"+2.50"` -> `Plus2_50`; `None` for anything that is
/// not a plain decimal number.
fn numeric_variant(value: &str) -> Option<String> {
    let (prefix, unsigned) = match value.as_bytes().first() {
        Some(b'-') => ("Minus", &value[1..]),
        Some(b'+') => ("Plus", &value[1..]),
        _ => ("V", value),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(integer) || !fraction.is_none_or(all_digits) {
        return None;
    }
    Some(match fraction {
        Some(fraction) => format!("{prefix}{integer}_{fraction}"),
        None => format!("{prefix}{integer}"),
    })
}

/// The word for one symbol of a symbol-only enum value; `None` drops the character.
fn symbol_word(symbol: char) -> Option<&'static str> {
    Some(match symbol {
        '<' => "Lt",
        '>' => "Gt",
        '=' => "Eq",
        '!' => "Not",
        '+' => "Plus",
        '-' => "Minus",
        '*' => "Star",
        '/' => "Slash",
        '\\' => "Backslash",
        '.' => "Dot",
        ',' => "Comma",
        ':' => "Colon",
        ';' => "Semicolon",
        '%' => "Percent",
        '&' => "And",
        '|' => "Or",
        '^' => "Caret",
        '~' => "Tilde",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '?' => "Question",
        '_' => "Underscore",
        '\'' => "Quote",
        '"' => "DoubleQuote",
        '`' => "Backtick",
        '(' => "LParen",
        ')' => "RParen",
        '[' => "LBracket",
        ']' => "RBracket",
        '{' => "LBrace",
        '}' => "RBrace",
        ' ' => "Space",
        _ => return None,
    })
}

/// Replaces everything that cannot be part of an ASCII identifier word with a space, folds
/// accented Latin letters to ASCII, drops apostrophes and softens acronym plurals.
fn ascii_words(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    if text.is_ascii() {
        // The common case, byte by byte.
        for &byte in text.as_bytes() {
            if byte.is_ascii_alphanumeric() {
                out.push(byte);
            } else if byte != b'\'' {
                out.push(b' ');
            }
        }
    } else {
        for ch in text.chars() {
            if ch.is_ascii_alphanumeric() {
                out.push(ch as u8);
            } else if matches!(ch, '\'' | '\u{2019}') {
                // "user's" reads better as "users" than as "user_s".
            } else if let Some(folded) = fold_latin(ch) {
                out.extend_from_slice(folded.as_bytes());
            } else {
                out.push(b' ');
            }
        }
    }
    soften_acronym_plurals(&mut out);
    String::from_utf8(out).expect("only ASCII bytes were pushed")
}

/// `URLs` -> `Urls`, `userIDs` -> `userIds`: heck would otherwise split the plural `s` off as
/// a word of its own (`ur_ls`). In place: only letters inside an uppercase run change case.
fn soften_acronym_plurals(bytes: &mut [u8]) {
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_uppercase() {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && bytes[index].is_ascii_uppercase() {
            index += 1;
        }
        let plural_s = bytes.get(index) == Some(&b's') && !bytes.get(index + 1).is_some_and(u8::is_ascii_lowercase);
        if index - start >= 2 && plural_s {
            bytes[start + 1..index].make_ascii_lowercase();
        }
    }
}

/// ASCII spelling of a Latin-1 / Latin Extended-A letter, keeping its case.
fn fold_latin(ch: char) -> Option<&'static str> {
    Some(match ch {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' => "C",
        'ç' | 'ć' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'Ğ' => "G",
        'ğ' => "g",
        'Ì'..='Ï' | 'Ī' | 'İ' => "I",
        'ì'..='ï' | 'ī' | 'ı' => "i",
        'Ł' => "L",
        'ł' => "l",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ñ' | 'ń' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ř' => "R",
        'ř' => "r",
        'Ś' | 'Ş' | 'Š' => "S",
        'ś' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'Ť' | 'Ţ' => "T",
        'ť' | 'ţ' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Makes any text a valid identifier body for [`ident`]; see its documentation.
fn repair_ident(text: &str) -> String {
    let text = text.strip_prefix("r#").unwrap_or(text);
    let mut name: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    if name.is_empty() {
        return "unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if name == "_" || NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The longest package name: crates.io's limit, and a file name anywhere.
pub const MAX_PACKAGE_NAME_LEN: usize = 64;

/// Why `name` cannot name a generated package, as the "expected ..." half of a diagnostic;
/// `Ok` when it can. The rules are Cargo's for package names (ASCII letters, digits, `-`
/// and `_`, starting with a letter, at most 64 characters), in lowercase (rustc warns about
/// a crate name that is not snake case, and warnings are denied in generated code), and its
/// crate name (`-` as `_`), which the generated code spells as an identifier, must not be a
/// keyword, `_`, a crate every program can name (`std`, `core`, `alloc`, `proc_macro`,
/// `test`), a name Cargo refuses for a binary (the package's command-line client is one:
/// `build`, `deps`, `examples`, `incremental`) or a Windows device name (the build-script
/// module is a file of that name).
pub fn check_package_name(name: &str) -> Result<(), String> {
    const BUILT_IN: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];
    const CARGO_RESERVED: &[&str] = &["build", "deps", "examples", "incremental"];
    const WINDOWS_DEVICES: &[&str] = &[
        "aux", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "con", "lpt1", "lpt2", "lpt3",
        "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "nul", "prn",
    ];
    let rules = "a package name of lowercase ASCII letters, digits, `-` and `_` that starts with a letter";
    if name.is_empty() {
        return Err(rules.to_owned());
    }
    if name.len() > MAX_PACKAGE_NAME_LEN {
        return Err(format!("a package name of at most {MAX_PACKAGE_NAME_LEN} characters"));
    }
    let valid_chars = name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !valid_chars || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(rules.to_owned());
    }
    let krate = name.replace('-', "_");
    let reason = if is_keyword(&krate) {
        "a Rust keyword"
    } else if BUILT_IN.contains(&krate.as_str()) {
        "the name of a built-in crate"
    } else if CARGO_RESERVED.contains(&name) {
        "a name Cargo reserves"
    } else if WINDOWS_DEVICES.contains(&krate.as_str()) {
        "a Windows device name"
    } else {
        return Ok(());
    };
    Err(format!("a package name whose crate name (`{krate}`) is not {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// `snake_case` is heck's `to_snake_case`: every string of up to five characters from an
    /// alphabet with each character class heck looks at, plus the odd inputs.
    #[test]
    fn snake_case_is_hecks() {
        use heck::ToSnakeCase;
        let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', ' ', '-', 'é', 'Σ'];
        let mut inputs: Vec<String> = ODD_INPUTS.iter().map(|s| s.to_string()).collect();
        let mut current = vec![String::new()];
        for _ in 0..5 {
            current = current.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(current.iter().cloned());
        }
        inputs.extend(
            ["HTTPServer", "userIDs", "XMLHttpRequest", "v1Beta2", "ABCdefGHI", "a1B2c3", "already_snake_case"]
                .map(String::from),
        );
        for input in &inputs {
            assert_eq!(snake_case(input), input.to_snake_case(), "for {input:?}");
        }
    }

    /// `ascii_words` as first written (a `char` loop, then a copying pass for acronym
    /// plurals): the byte-wise version must agree with it.
    fn ascii_words_reference(text: &str) -> String {
        let mut folded = String::new();
        for ch in text.chars() {
            if ch.is_ascii_alphanumeric() {
                folded.push(ch);
            } else if matches!(ch, '\'' | '\u{2019}') {
            } else if let Some(latin) = fold_latin(ch) {
                folded.push_str(latin);
            } else {
                folded.push(' ');
            }
        }
        let bytes = folded.as_bytes();
        let mut out = String::new();
        let mut index = 0;
        while index < bytes.len() {
            if !bytes[index].is_ascii_uppercase() {
                out.push(char::from(bytes[index]));
                index += 1;
                continue;
            }
            let start = index;
            while index < bytes.len() && bytes[index].is_ascii_uppercase() {
                index += 1;
            }
            let run = &folded[start..index];
            let plural_s = bytes.get(index) == Some(&b's') && !bytes.get(index + 1).is_some_and(u8::is_ascii_lowercase);
            if run.len() >= 2 && plural_s {
                out.push_str(&run[..1]);
                out.push_str(&run[1..].to_ascii_lowercase());
            } else {
                out.push_str(run);
            }
        }
        out
    }

    #[test]
    fn ascii_words_matches_reference() {
        let alphabet = ['a', 's', 'S', 'A', 'Z', '9', '_', ' ', '\'', '\u{2019}', 'é', 'Σ'];
        let mut inputs: Vec<String> = ODD_INPUTS.iter().map(|s| s.to_string()).collect();
        let mut current = vec![String::new()];
        for _ in 0..5 {
            current = current.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(current.iter().cloned());
        }
        for input in &inputs {
            assert_eq!(ascii_words(input), ascii_words_reference(input), "for {input:?}");
        }
    }

    /// The shortcut for text already in UpperCamelCase gives what the pipeline gives.
    #[test]
    fn plain_upper_camel_shortcut_matches_pipeline() {
        let alphabet = ['a', 'z', 's', 'A', 'Z', 'S', '1'];
        let mut inputs: Vec<String> =
            vec!["Self".into(), "Ab".repeat(32), "Ab".repeat(33), "A".repeat(40), "ConversationMessageRequest".into()];
        let mut current = vec![String::new()];
        for _ in 0..6 {
            current = current.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(current.iter().cloned());
        }
        let mut checked = 0;
        for input in inputs.iter().filter(|i| is_plain_upper_camel(i)) {
            let full = finish_upper_camel(upper_camel(&snake_words(input)), TYPE_PLACEHOLDER);
            assert_eq!(&full, input, "for {input:?}");
            checked += 1;
        }
        assert!(checked > 1000);
        assert!(!is_plain_upper_camel("Self") && !is_plain_upper_camel("HTTPServer") && !is_plain_upper_camel("V1"));
    }

    /// The shortcut for text already in lower_snake words gives what the pipeline gives.
    #[test]
    fn plain_snake_shortcut_matches_pipeline() {
        let alphabet = ['a', 'z', '0', '9', '_'];
        let mut inputs: Vec<String> =
            vec!["a".repeat(MAX_NAME_WORDS_LEN), "ab_".repeat(22), "self".into(), "1st".into()];
        let mut current = vec![String::new()];
        for _ in 0..6 {
            current = current.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            inputs.extend(current.iter().cloned());
        }
        for input in inputs.iter().filter(|i| is_plain_snake(i)) {
            let mut words = snake_case(&ascii_words(input));
            assert!(words.len() <= MAX_NAME_WORDS_LEN);
            words.truncate(MAX_NAME_WORDS_LEN);
            assert_eq!(snake_words(input), words, "for {input:?}");
            assert_eq!(&words, input);
        }
    }

    /// Inputs that have broken identifier generators before: empty, separators only,
    /// keywords in every case, digits, non-ASCII, control characters, raw prefixes.
    const ODD_INPUTS: &[&str] = &[
        "",
        " ",
        "_",
        "__",
        "-",
        "--",
        ".",
        "r#type",
        "r#",
        "$crate",
        "'",
        "0",
        "1st",
        "2fa_enabled",
        "-1",
        "+1",
        "1.5",
        "-0.25",
        "1e10",
        "v1.2.3",
        "é",
        "Größe",
        "名前",
        "🙂",
        "a\u{0}b",
        "a\nb",
        "\u{202e}evil",
        "X-Request-ID",
        "identityConflicts",
        "getChannelProfile",
        "numberPattern.pattern",
        "filter[fired]",
        "message.conversation_id",
        "{project_id}",
        "user's name",
        "URLs",
        "Self",
        "SELF",
        "self_",
        "Super",
        "CRATE",
        "=",
        "!=",
        ">=",
        "*",
        "__proto__",
        "@type",
        "$ref",
        "#/components",
        "_1",
        "___1___",
    ];

    fn assert_ascii_identifier(name: &str) {
        assert!(name.is_ascii(), "{name:?} is not ASCII");
        assert!(!name.is_empty(), "empty name");
        assert!(!name.starts_with(|c: char| c.is_ascii_digit()), "{name:?} starts with a digit");
        assert!(
            name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{name:?} has a non-identifier character"
        );
        assert!(!NON_RAW_KEYWORDS.contains(&name) && name != "_", "{name:?}");
    }

    /// Every produced name must parse in the position it is used in, as a token built by
    /// `ident` and printed by quote.
    fn assert_parses_in_place(field: &str, type_: &str, variant: &str) {
        let field = ident(field);
        let type_ = ident(type_);
        let variant = ident(variant);
        let file = quote! {
            pub struct #type_ { pub #field: u8 }
            pub enum E { #variant }
            pub fn #field(#field: u8) -> u8 { let #field = #field; #field }
            impl E { pub fn #field(&self) {} }
        };
        if let Err(error) = syn::parse2::<syn::File>(file.clone()) {
            panic!("{error}: {file}");
        }
        syn::parse_str::<syn::Ident>(&field.to_string()).expect("field ident");
        syn::parse_str::<syn::Ident>(&type_.to_string()).expect("type ident");
        syn::parse_str::<syn::Ident>(&variant.to_string()).expect("variant ident");
    }

    #[test]
    fn field_names() {
        let table = [
            ("project_id", "project_id"),
            ("identityConflicts", "identity_conflicts"),
            ("getChannelProfile", "get_channel_profile"),
            ("numberPattern.pattern", "number_pattern_pattern"),
            ("filter[fired]", "filter_fired"),
            ("X-Request-ID", "x_request_id"),
            ("message.conversation_id", "message_conversation_id"),
            ("metadata_json", "metadata_json"),
            ("{project_id}", "project_id"),
            ("foo_bar", "foo_bar"),
            ("fooBar", "foo_bar"),
            ("foo-bar", "foo_bar"),
            ("FooBar", "foo_bar"),
            ("HTTPServer", "http_server"),
            ("userIDs", "user_ids"),
            ("getURLs", "get_urls"),
            ("APIs", "apis"),
            ("user's name", "users_name"),
            ("Größe", "grosse"),
            ("café_id", "cafe_id"),
            ("名前", "field"),
            ("", "field"),
            ("_", "field"),
            ("---", "field"),
            ("1st", "n1st"),
            ("2fa_enabled", "n2fa_enabled"),
            ("_id", "id"),
            ("@type", "type"),
            ("type", "type"),
            ("gen", "gen"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("union", "union"),
            ("r#type", "r_type"),
        ];
        for (wire, expected) in table {
            assert_eq!(field_name(wire), expected, "field_name({wire:?})");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            ("conversation", "Conversation"),
            ("Create a conversation", "CreateAConversation"),
            ("identityConflicts", "IdentityConflicts"),
            ("X-Request-ID", "XRequestId"),
            ("numberPattern.pattern", "NumberPatternPattern"),
            ("message.conversation_id", "MessageConversationId"),
            ("v1.2", "V1_2"),
            ("3d model", "V3dModel"),
            ("self", "Self_"),
            ("Self", "Self_"),
            ("type", "Type"),
            ("", "Value"),
            ("名前", "Value"),
            ("Größe", "Grosse"),
            ("URLs", "Urls"),
        ];
        for (text, expected) in table {
            assert_eq!(type_name(text), expected, "type_name({text:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("WHATSAPP", "Whatsapp"),
            ("CHANNEL_UNSPECIFIED", "ChannelUnspecified"),
            ("KAKAOTALKCHAT", "Kakaotalkchat"),
            ("application/json", "ApplicationJson"),
            ("0", "V0"),
            ("10", "V10"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("1.5", "V1_5"),
            ("-0.25", "Minus0_25"),
            ("1e10", "V1e10"),
            ("v1.2.3", "V1_2_3"),
            ("", "Empty"),
            (" ", "Space"),
            ("=", "Eq"),
            ("!=", "NotEq"),
            (">=", "GtEq"),
            ("<", "Lt"),
            ("*", "Star"),
            ("-", "Minus"),
            ("-created_at", "MinusCreatedAt"),
            ("created_at", "CreatedAt"),
            ("名前", "Value"),
            ("self", "Self_"),
            ("SELF", "Self_"),
            ("type", "Type"),
        ];
        for (value, expected) in table {
            assert_eq!(variant_name(value), expected, "variant_name({value:?})");
        }
    }

    #[test]
    fn long_text_is_cut_at_a_word_boundary() {
        let heading = "Create a conversation creates a new empty conversation in conversation mode \
            it is generally not needed to create a conversation explicitly";
        let field = field_name(heading);
        assert_eq!(field, "create_a_conversation_creates_a_new_empty_conversation_in");
        assert!(type_name(heading).len() <= MAX_NAME_WORDS_LEN);
        assert_eq!(type_name(heading), "CreateAConversationCreatesANewEmptyConversationIn");
        let one_word = "x".repeat(500);
        assert_eq!(field_name(&one_word).len(), MAX_NAME_WORDS_LEN);
        assert_eq!(variant_name(&"1".repeat(500)).len(), 501, "numbers are not words");
    }

    #[test]
    fn constant_names() {
        assert_eq!(constant_name("base url"), "BASE_URL");
        assert_eq!(constant_name("1st"), "N1ST");
        assert_eq!(constant_name(""), "FIELD");
    }

    #[test]
    fn keyword_list_is_sorted_and_complete() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]), "binary search needs order");
        for keyword in [
            "gen", "async", "await", "dyn", "try", "abstract", "become", "box", "do", "final", "macro", "override",
            "priv", "typeof", "unsized", "virtual", "yield",
        ] {
            assert!(is_keyword(keyword), "{keyword}");
        }
        for weak in ["union", "macro_rules", "raw", "safe", "static_", "Type", "types"] {
            assert!(!is_keyword(weak), "{weak}");
        }
    }

    #[test]
    fn every_keyword_becomes_a_usable_identifier() {
        for &keyword in KEYWORDS {
            let field = field_name(keyword);
            let type_ = type_name(keyword);
            let variant = variant_name(keyword);
            for name in [&field, &type_, &variant] {
                assert_ascii_identifier(name);
            }
            assert_parses_in_place(&field, &type_, &variant);
            // Keywords that accept `r#` keep their text so serde needs no rename.
            let token = ident(&field).to_string();
            if NON_RAW_KEYWORDS.contains(&keyword) {
                assert_eq!(token, format!("{}_", keyword.to_ascii_lowercase()), "{keyword}");
            } else {
                assert_eq!(token, format!("r#{keyword}"), "{keyword}");
            }
        }
        // Weak keywords stay plain.
        for weak in ["union", "macro_rules", "raw", "safe"] {
            assert_eq!(ident(&field_name(weak)).to_string(), weak);
            assert_parses_in_place(weak, &type_name(weak), &variant_name(weak));
        }
    }

    #[test]
    fn odd_inputs_give_usable_identifiers() {
        for &input in ODD_INPUTS {
            let field = field_name(input);
            let type_ = type_name(input);
            let variant = variant_name(input);
            let constant = constant_name(input);
            for name in [&field, &type_, &variant, &constant] {
                assert_ascii_identifier(name);
            }
            assert!(field.starts_with(|c: char| c.is_ascii_lowercase()), "{field:?}");
            assert!(type_.starts_with(|c: char| c.is_ascii_uppercase()), "{type_:?}");
            assert!(variant.starts_with(|c: char| c.is_ascii_uppercase()), "{variant:?}");
            assert!(!field.contains("__") && !type_.contains("__"), "{input:?}");
            assert_parses_in_place(&field, &type_, &variant);
        }
    }

    #[test]
    fn ident_repairs_anything() {
        let table = [
            ("type", "r#type"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("union", "union"),
            ("self", "self_"),
            ("Self", "Self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("_", "__"),
            ("", "unnamed"),
            ("1st", "_1st"),
            ("r#type", "r#type"),
            ("a-b", "a_b"),
            ("naïve", "na_ve"),
            ("self_", "self_"),
        ];
        for (text, expected) in table {
            let token = ident(text);
            assert_eq!(token.to_string(), expected, "ident({text:?})");
            syn::parse_str::<syn::Ident>(&token.to_string()).expect("parses");
        }
        for &input in ODD_INPUTS {
            syn::parse_str::<syn::Ident>(&ident(input).to_string()).expect("parses");
        }
    }

    #[test]
    fn unique_names() {
        let mut fields = UniqueNames::new();
        assert_eq!(fields.claim("foo_bar".to_owned()), "foo_bar");
        assert_eq!(fields.claim("foo_bar".to_owned()), "foo_bar_2");
        assert_eq!(fields.claim("foo_bar".to_owned()), "foo_bar_3");
        fields.reserve("client");
        assert!(fields.is_taken("client"));
        assert_eq!(fields.claim("client".to_owned()), "client_2");
        assert_eq!(fields.claim("self_".to_owned()), "self_");
        assert_eq!(fields.claim("self_".to_owned()), "self_2");
        assert_eq!(fields.claim("type".to_owned()), "type");
        assert_eq!(fields.claim("type".to_owned()), "type_2");
        // A literal `x_2` claimed first pushes the generated one along.
        assert_eq!(fields.claim("x_2".to_owned()), "x_2");
        assert_eq!(fields.claim("x".to_owned()), "x");
        assert_eq!(fields.claim("x".to_owned()), "x_3");

        let mut types = UniqueNames::new();
        assert_eq!(types.claim("Value".to_owned()), "Value");
        assert_eq!(types.claim("Value".to_owned()), "Value2");
        assert_eq!(types.claim("V1".to_owned()), "V1");
        assert_eq!(types.claim("V1".to_owned()), "V1_2");
        assert_eq!(types.claim("Self_".to_owned()), "Self_");
        assert_eq!(types.claim("Self_".to_owned()), "Self2");
        for name in ["foo_bar_2", "x_3", "Value2", "V1_2", "Self2", "self2"] {
            assert_ascii_identifier(name);
        }
    }

    /// A scope that outgrows its short list keeps every name it handed out.
    #[test]
    fn large_scopes_stay_unique() {
        let mut names = UniqueNames::new();
        let claimed: Vec<String> = (0..40).map(|_| names.claim("n".to_owned())).collect();
        let expected: Vec<String> = std::iter::once("n".to_owned()).chain((2..=40).map(|k| format!("n_{k}"))).collect();
        assert_eq!(claimed, expected);
        assert!(names.is_taken("n_17") && !names.is_taken("n_41"));
        names.reserve("n_41");
        assert_eq!(names.claim("n".to_owned()), "n_42");
    }

    #[test]
    fn names_equal_after_case_conversion_are_disambiguated() {
        let mut scope = UniqueNames::new();
        let names: Vec<String> =
            ["foo_bar", "fooBar", "foo-bar", "FOO_BAR"].iter().map(|wire| scope.claim(field_name(wire))).collect();
        assert_eq!(names, ["foo_bar", "foo_bar_2", "foo_bar_3", "foo_bar_4"]);
    }

    #[test]
    fn package_names_follow_cargo_and_stay_identifiers() {
        for good in ["a", "sinch-conversation", "acme_chat2", "a-", "union", "fn-api", "std-ext"] {
            assert_eq!(check_package_name(good), Ok(()), "{good}");
        }
        for bad in [
            "", "my sdk", "1abc", "a.b", "fn", "_", "_a", "-a", "self", "crate", "super", "Self", "Acme", "é", "std",
            "core", "test", "build", "deps", "con", "nul", "a\nb", "type", "async", "gen",
        ] {
            assert!(check_package_name(bad).is_err(), "{bad}");
        }
        assert!(check_package_name(&"a".repeat(64)).is_ok());
        assert!(check_package_name(&"a".repeat(65)).is_err());
    }
}

//! The case conversions TypeScript tools apply to SQL names, ported so that codegen names things
//! as those tools do: drizzle-kit pull's property and variable names come from the `camelcase`
//! package (version 7, default options), and class and type names from the same with
//! `pascalCase: true`.

/// `camelcase(name)`: `created_at` -> `createdAt`, `UserID` -> `userId`, `a-b c` -> `aBC`.
pub fn camel_case(name: &str) -> String {
    camelcase(name, false)
}

/// `camelcase(name, { pascalCase: true })`: `experiment_status` -> `ExperimentStatus`.
pub fn pascal_case(name: &str) -> String {
    camelcase(name, true)
}

/// drizzle-orm's `toCamelCase` (its `casing: "camelCase"` option): the words of
/// `[\da-z]+|[A-Z]+(?![a-z])|[A-Z][\da-z]+`, the first lowercased, the others capitalised.
pub fn drizzle_camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().filter(|c| *c != '\'' && *c != '\u{2019}').collect();
    let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let mut words: Vec<String> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = |from: usize, f: &dyn Fn(char) -> bool| chars[from..].iter().take_while(|c| f(**c)).count();
        let word_len = if lower(chars[i]) {
            run(i, &lower)
        } else if chars[i].is_ascii_uppercase() {
            let upper = run(i, &|c: char| c.is_ascii_uppercase());
            let followed_by_lower = chars.get(i + upper).is_some_and(|c| c.is_ascii_lowercase());
            if !followed_by_lower {
                upper
            } else if upper > 1 {
                upper - 1
            } else {
                1 + run(i + 1, &lower)
            }
        } else {
            0
        };
        if word_len == 0 {
            i += 1;
            continue;
        }
        words.push(chars[i..i + word_len].iter().collect());
        i += word_len;
    }
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i == 0 {
            out.push_str(&word.to_lowercase());
        } else {
            let mut cs = word.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(cs.as_str());
            }
        }
    }
    out
}

fn is_separator(c: char) -> bool {
    matches!(c, '_' | '.' | '-' | ' ')
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric() || c == '_'
}

fn lower(c: char) -> String {
    c.to_lowercase().collect()
}

fn upper(c: char) -> String {
    c.to_uppercase().collect()
}

fn is_upper(c: char) -> bool {
    upper(c) == c.to_string() && lower(c) != c.to_string()
}

fn is_lower(c: char) -> bool {
    lower(c) == c.to_string() && upper(c) != c.to_string()
}

fn camelcase(input: &str, pascal: bool) -> String {
    let input = input.trim();
    let chars: Vec<char> = input.chars().collect();
    match chars.as_slice() {
        [] => return String::new(),
        [c] if is_separator(*c) => return String::new(),
        [c] => return if pascal { upper(*c) } else { lower(*c) },
        _ => {}
    }
    let mut chars = chars;
    if input != input.to_lowercase() {
        chars = preserve_camel_case(chars);
    }
    let start = chars.iter().take_while(|c| is_separator(**c)).count();
    let mut text: String = chars[start..].iter().collect::<String>().to_lowercase();
    if pascal && let Some(first) = text.chars().next() {
        text = format!("{}{}", upper(first), &text[first.len_utf8()..]);
    }
    post_process(&text)
}

/// camelcase's `preserveCamelCase`: a `-` before each word that starts inside a run of letters
/// (`fooBar` -> `foo-Bar`, `XMLHttp` -> `XML-Http`).
fn preserve_camel_case(mut s: Vec<char>) -> Vec<char> {
    let (mut last_lower, mut last_upper, mut last_last_upper) = (false, false, false);
    let mut index = 0;
    while index < s.len() {
        let character = s[index];
        let last_last_preserved = if index > 2 { s[index - 3] == '-' } else { true };
        if last_lower && is_upper(character) {
            s.insert(index, '-');
            last_lower = false;
            last_last_upper = last_upper;
            last_upper = true;
            index += 1;
        } else if last_upper && last_last_upper && is_lower(character) && !last_last_preserved {
            s.insert(index - 1, '-');
            last_last_upper = last_upper;
            last_upper = false;
            last_lower = true;
        } else {
            last_lower = is_lower(character);
            last_last_upper = last_upper;
            last_upper = is_upper(character);
        }
        index += 1;
    }
    s
}

/// camelcase's `postProcess`: `[_.\- ]+(identifier char|$)` becomes the char uppercased, then a
/// letter after digits is uppercased (`a1b` -> `a1B`).
fn post_process(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    'outer: while i < chars.len() {
        if is_separator(chars[i]) {
            let run = chars[i..].iter().take_while(|c| is_separator(**c)).count();
            // The regex is greedy and backtracks: the longest run followed by an identifier
            // character (which may be a `_` of the run itself) or the end.
            for len in (1..=run).rev() {
                match chars.get(i + len) {
                    None => {
                        i += len;
                        continue 'outer;
                    }
                    Some(&c) if is_identifier_char(c) => {
                        out.extend(c.to_uppercase());
                        i += len + 1;
                        continue 'outer;
                    }
                    Some(_) => {}
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    let mut result = String::with_capacity(out.len());
    for (i, c) in out.iter().enumerate() {
        if i > 0 && out[i - 1].is_ascii_digit() && c.is_alphabetic() {
            result.extend(c.to_uppercase());
        } else {
            result.push(*c);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_matches_the_camelcase_package() {
        // Expected values from camelcase@7 (drizzle-kit 0.31's copy) under node.
        let cases = [
            ("created_at", "createdAt"),
            ("id", "id"),
            ("UserID", "userId"),
            ("XMLHttpRequest", "xmlHttpRequest"),
            ("user name", "userName"),
            ("a-b c", "aBC"),
            ("_private", "private"),
            ("col_1st_place", "col1StPlace"),
            ("1st", "1St"),
            ("already_camelCase", "alreadyCamelCase"),
            ("ALLCAPS", "allcaps"),
            ("x", "x"),
            ("__", ""),
            ("a__b", "aB"),
        ];
        for (input, expected) in cases {
            assert_eq!(camel_case(input), expected, "camelcase({input:?})");
        }
        assert_eq!(pascal_case("experiment_status"), "ExperimentStatus");
        assert_eq!(drizzle_camel_case("created_at"), "createdAt");
        assert_eq!(drizzle_camel_case("UserID"), "userID");
        assert_eq!(drizzle_camel_case("col_1st_place"), "col1stPlace");
        assert_eq!(camel_case("a__!"), "a_!");
        assert_eq!(camel_case("Déjà_vu"), "déjàVu");
    }
}

//! serde's messages about a file that does not have the scenario's shape ("invalid type: string
//! \"fifty\", expected f64", "unknown field `tilt`, expected one of …"), said in Italian. serde
//! writes them from a few fixed templates (`serde::de::Error`'s provided methods and the
//! `Unexpected` and `Expected` texts); each is translated with what it quotes kept as written.
//! A message of no known template is returned as it is. The same for serde_json's messages
//! about the text's syntax ([`syntax_italian`]).

/// `msg` (one of serde's data errors, without the position) in Italian.
pub fn italian(msg: &str) -> String {
    let split = |rest: &str| {
        rest.split_once(", expected ")
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    if let Some((found, wanted)) = msg.strip_prefix("invalid type: ").and_then(split) {
        return format!(
            "tipo non valido: {}, atteso {}",
            unexpected(&found),
            expected(&wanted)
        );
    }
    if let Some((found, wanted)) = msg.strip_prefix("invalid value: ").and_then(split) {
        return format!(
            "valore non valido: {}, atteso {}",
            unexpected(&found),
            expected(&wanted)
        );
    }
    if let Some((n, wanted)) = msg.strip_prefix("invalid length ").and_then(split) {
        return format!("lunghezza non valida ({n}), attesa {}", expected(&wanted));
    }
    for (prefix, what, allowed) in [
        (
            "unknown field ",
            "campo sconosciuto",
            "i campi ammessi sono",
        ),
        (
            "unknown variant ",
            "valore sconosciuto",
            "quelli ammessi sono",
        ),
    ] {
        let Some(rest) = msg.strip_prefix(prefix) else {
            continue;
        };
        // The name is quoted and may hold ", ": split where serde's own words begin.
        let tail = [", expected one of ", ", expected ", ", there are no "]
            .iter()
            .find_map(|sep| rest.find(sep).map(|i| (i, *sep)));
        return match tail {
            Some((i, sep)) => {
                let (name, words) = (&rest[..i], &rest[i + sep.len()..]);
                let tail = match sep {
                    ", expected one of " => format!("{allowed} {words}"),
                    ", expected " => format!("atteso {}", words.replace("` or `", "` oppure `")),
                    _ => "qui non ce ne sono".to_string(),
                };
                format!("{what} {name}; {tail}")
            }
            None => format!("{what} {rest}"),
        };
    }
    if let Some(name) = msg.strip_prefix("missing field ") {
        return format!("manca il campo {name}");
    }
    if let Some(name) = msg.strip_prefix("duplicate field ") {
        return format!("campo ripetuto {name}");
    }
    msg.to_string()
}

/// serde_json's message about the text itself (its syntax: `ErrorCode`'s texts) in Italian.
pub fn syntax_italian(msg: &str) -> String {
    let it = match msg {
        "EOF while parsing a list" => "il file finisce dentro una lista [ … ]",
        "EOF while parsing an object" => "il file finisce dentro un oggetto { … }",
        "EOF while parsing a string" => "il file finisce dentro un testo tra virgolette",
        "EOF while parsing a value" => "il file finisce dove serve un valore",
        "expected `:`" => "manca «:» dopo il nome del campo",
        "expected `,` or `]`" => "atteso «,» oppure «]»",
        "expected `,` or `}`" => "atteso «,» oppure «}»",
        "expected ident" => "parola non riconosciuta (ammesse true, false, null)",
        "expected value" => "atteso un valore",
        "invalid escape" => "sequenza di escape non valida",
        "invalid number" => "numero non valido",
        "number out of range" => "numero fuori dall'intervallo rappresentabile",
        "invalid unicode code point" => "carattere Unicode non valido",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "carattere di controllo (a capo, tabulazione…) dentro un testo tra virgolette"
        }
        "key must be a string" => "il nome di un campo dev'essere tra virgolette",
        "lone leading surrogate in hex escape" => "escape Unicode incompleto",
        "unexpected end of hex escape" => "escape Unicode incompleto",
        "trailing comma" => "virgola di troppo prima della chiusura",
        "trailing characters" => "altro testo dopo la fine dello scenario",
        "recursion limit exceeded" => "annidamento troppo profondo",
        _ => return msg.to_string(),
    };
    it.to_string()
}

/// What serde found (`Unexpected`'s text): its kind in Italian, its value as written.
fn unexpected(found: &str) -> String {
    const KINDS: [(&str, &str); 8] = [
        ("boolean", "vero/falso"),
        ("integer", "intero"),
        ("floating point", "numero decimale"),
        ("string", "testo"),
        ("character", "carattere"),
        ("sequence", "lista"),
        ("map", "oggetto"),
        ("unit value", "null"),
    ];
    for (en, it) in KINDS {
        if let Some(rest) = found.strip_prefix(en) {
            if rest.is_empty() || rest.starts_with(' ') {
                return format!("{it}{rest}");
            }
        }
    }
    found.to_string()
}

/// What serde expected (`Expected`'s text): the Rust types and serde's phrases in words.
fn expected(wanted: &str) -> String {
    match wanted {
        "f64" | "f32" => "un numero".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "un numero intero non negativo".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "un numero intero".into(),
        "a string" | "a borrowed string" | "a char" => "un testo".into(),
        "a boolean" => "vero o falso (true/false)".into(),
        "a sequence" => "una lista [ … ]".into(),
        "a map" => "un oggetto { … }".into(),
        w if w.starts_with("struct ") => "un oggetto { … }".into(),
        w if w.starts_with("a tuple of size ") => {
            format!("una lista di {} elementi", &w["a tuple of size ".len()..])
        }
        w if w.starts_with("an array of length ") => {
            format!(
                "una lista di {} elementi",
                &w["an array of length ".len()..]
            )
        }
        // Alternatives written by hand ("string or map"): each in words.
        w if w.contains(" or ") && !w.contains('`') => w
            .split(" or ")
            .map(|k| match k {
                "string" => "un testo".to_string(),
                "map" => "un oggetto { … }".to_string(),
                "number" => "un numero".to_string(),
                "sequence" => "una lista [ … ]".to_string(),
                k => expected(k),
            })
            .collect::<Vec<_>>()
            .join(" o "),
        w => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::italian;

    /// The templates serde writes, from real messages of the scenario reader.
    #[test]
    fn serde_messages_in_italian() {
        let cases = [
            (
                "invalid type: string \"fifty\", expected f64",
                "tipo non valido: testo \"fifty\", atteso un numero",
            ),
            (
                "invalid type: floating point `2.5`, expected u32",
                "tipo non valido: numero decimale `2.5`, atteso un numero intero non negativo",
            ),
            (
                "invalid type: map, expected a sequence",
                "tipo non valido: oggetto, atteso una lista [ … ]",
            ),
            (
                "invalid type: null, expected struct Plant",
                "tipo non valido: null, atteso un oggetto { … }",
            ),
            (
                "invalid value: integer `-3`, expected u32",
                "valore non valido: intero `-3`, atteso un numero intero non negativo",
            ),
            (
                "unknown field `tilt`, expected one of `id`, `kwp`",
                "campo sconosciuto `tilt`; i campi ammessi sono `id`, `kwp`",
            ),
            (
                "unknown field `x`, expected `id`",
                "campo sconosciuto `x`; atteso `id`",
            ),
            (
                "unknown variant `sun`, expected one of `isotropic`, `perez`",
                "valore sconosciuto `sun`; quelli ammessi sono `isotropic`, `perez`",
            ),
            (
                "unknown field `a, b`, expected one of `id`, `kwp`",
                "campo sconosciuto `a, b`; i campi ammessi sono `id`, `kwp`",
            ),
            (
                "unknown variant `x`, expected `on` or `off`",
                "valore sconosciuto `x`; atteso `on` oppure `off`",
            ),
            (
                "invalid type: integer `3`, expected string or map",
                "tipo non valido: intero `3`, atteso un testo o un oggetto { … }",
            ),
            ("missing field `members`", "manca il campo `members`"),
            ("duplicate field `kwp`", "campo ripetuto `kwp`"),
            (
                "invalid length 2, expected a tuple of size 3",
                "lunghezza non valida (2), attesa una lista di 3 elementi",
            ),
            ("something else", "something else"),
        ];
        for (en, it) in cases {
            assert_eq!(italian(en), it, "{en}");
        }
    }

    /// serde_json's syntax messages, as it writes them (checked on real parses).
    #[test]
    fn syntax_messages_in_italian() {
        for (text, it) in [
            ("{\"a\": }", "atteso un valore"),
            ("{\"a\": 1} x", "altro testo dopo la fine dello scenario"),
            ("{a: 1}", "il nome di un campo dev'essere tra virgolette"),
            ("{\"a\" 1}", "manca «:» dopo il nome del campo"),
            ("{\"a\": 1 \"b\": 2}", "atteso «,» oppure «}»"),
            ("[1 2]", "atteso «,» oppure «]»"),
            ("{\"a\": [1, 2", "il file finisce dentro una lista [ … ]"),
            ("{\"a\": 1,", "il file finisce dove serve un valore"),
            (
                "{\"a\": \"x\ty\"}",
                "carattere di controllo (a capo, tabulazione…) dentro un testo tra virgolette",
            ),
            ("{\"a\": \"\\q\"}", "sequenza di escape non valida"),
            ("{\"a\": 1.}", "numero non valido"),
            (
                "{\"a\": tru}",
                "parola non riconosciuta (ammesse true, false, null)",
            ),
            ("{\"a\": 1,}", "virgola di troppo prima della chiusura"),
        ] {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let msg = e.to_string();
            let msg = msg
                .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
                .unwrap_or(&msg);
            assert_eq!(super::syntax_italian(msg), it, "{text}: {msg}");
        }
    }
}

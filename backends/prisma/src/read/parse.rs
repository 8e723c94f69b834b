//! Tokens to [`ast`](super::ast) blocks: a small recursive-descent parser. Fields and
//! attributes end at the end of their line, except inside parentheses and brackets.

use super::ast::{Arg, Attribute, Block, BlockKind, CallArgs, Field, Pos, Value};
use super::lex::{Tok, Token};

/// A syntax error and where it is.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub message: String,
    pub pos: Pos,
}

struct Parser<'a> {
    tokens: &'a [Token],
    i: usize,
}

pub fn parse(tokens: &[Token]) -> Result<Vec<Block>, ParseError> {
    let mut p = Parser { tokens, i: 0 };
    let mut blocks = Vec::new();
    let mut docs = Vec::new();
    while let Some(token) = p.peek() {
        match &token.tok {
            Tok::Newline => p.i += 1,
            Tok::Doc(text) => {
                docs.push(text.clone());
                p.i += 1;
            }
            Tok::Ident(_) => {
                let mut block = p.block()?;
                block.docs = std::mem::take(&mut docs);
                blocks.push(block);
            }
            _ => return Err(p.error_here("expected a block (`model`, `enum`, `datasource`, `generator`)")),
        }
    }
    Ok(blocks)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn pos(&self) -> Pos {
        self.peek().map(|t| t.pos).or_else(|| self.tokens.last().map(|t| t.pos)).unwrap_or_default()
    }

    fn error_here(&self, message: impl Into<String>) -> ParseError {
        let found = match self.peek().map(|t| &t.tok) {
            None => "the end of the file".to_string(),
            Some(Tok::Newline) => "the end of the line".to_string(),
            Some(Tok::Ident(s)) => format!("`{s}`"),
            Some(Tok::String(s)) => format!("\"{s}\""),
            Some(Tok::Number(n)) => n.clone(),
            Some(Tok::Doc(_)) => "a `///` comment".to_string(),
            Some(Tok::Punct(c)) => format!("`{c}`"),
        };
        ParseError { message: format!("{}, found {found}", message.into()), pos: self.pos() }
    }

    fn is_punct(&self, c: char) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Punct(p), .. }) if *p == c)
    }

    fn expect_punct(&mut self, c: char) -> Result<(), ParseError> {
        if self.is_punct(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error_here(format!("expected `{c}`")))
        }
    }

    fn ident(&mut self, what: &str) -> Result<(String, Pos), ParseError> {
        match self.peek() {
            Some(Token { tok: Tok::Ident(name), pos }) => {
                let out = (name.clone(), *pos);
                self.i += 1;
                Ok(out)
            }
            _ => Err(self.error_here(format!("expected {what}"))),
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek().map(|t| &t.tok), Some(Tok::Newline)) {
            self.i += 1;
        }
    }

    fn end_of_line(&mut self) -> Result<(), ParseError> {
        match self.peek().map(|t| &t.tok) {
            Some(Tok::Newline) => {
                self.i += 1;
                Ok(())
            }
            None | Some(Tok::Punct('}')) => Ok(()),
            _ => Err(self.error_here("expected the end of the line")),
        }
    }

    fn block(&mut self) -> Result<Block, ParseError> {
        let (keyword, keyword_pos) = self.ident("a block keyword")?;
        let kind = match keyword.as_str() {
            "model" => BlockKind::Model,
            "view" => BlockKind::View,
            "enum" => BlockKind::Enum,
            "datasource" => BlockKind::Datasource,
            "generator" => BlockKind::Generator,
            "type" => BlockKind::Type,
            other => {
                return Err(ParseError {
                    message: format!(
                        "`{other}` does not start a block (expected model, view, enum, datasource, generator or type)"
                    ),
                    pos: keyword_pos,
                });
            }
        };
        let (name, pos) = self.ident(&format!("the {keyword}'s name"))?;
        self.expect_punct('{')?;
        let mut block = Block {
            kind,
            name,
            pos,
            docs: Vec::new(),
            fields: Vec::new(),
            attributes: Vec::new(),
            settings: Vec::new(),
        };
        let mut docs = Vec::new();
        loop {
            let Some(token) = self.peek() else {
                return Err(ParseError {
                    message: format!("the {keyword} `{}` is never closed with `}}`", block.name),
                    pos,
                });
            };
            match &token.tok {
                Tok::Newline => self.i += 1,
                Tok::Doc(text) => {
                    docs.push(text.clone());
                    self.i += 1;
                }
                Tok::Punct('}') => {
                    self.i += 1;
                    return Ok(block);
                }
                Tok::Punct('@') => {
                    let attr_pos = token.pos;
                    self.i += 1;
                    if !self.is_punct('@') {
                        return Err(ParseError {
                            message: "a field attribute (`@...`) must follow a field; block attributes start with `@@`"
                                .into(),
                            pos: attr_pos,
                        });
                    }
                    self.i += 1;
                    block.attributes.push(self.attribute(attr_pos)?);
                    self.end_of_line()?;
                }
                Tok::Ident(_) => match kind {
                    BlockKind::Datasource | BlockKind::Generator => {
                        let (key, key_pos) = self.ident("a setting")?;
                        self.expect_punct('=')?;
                        let value = self.value()?;
                        block.settings.push((key, value, key_pos));
                        self.end_of_line()?;
                    }
                    _ => {
                        let mut field = self.field(kind == BlockKind::Enum)?;
                        field.docs = std::mem::take(&mut docs);
                        block.fields.push(field);
                        self.end_of_line()?;
                    }
                },
                _ => return Err(self.error_here(format!("expected a field or `}}` in the {keyword} `{}`", block.name))),
            }
        }
    }

    fn field(&mut self, enum_value: bool) -> Result<Field, ParseError> {
        let (name, pos) = self.ident("a field name")?;
        let mut field = Field {
            name,
            pos,
            ty: String::new(),
            unsupported: None,
            optional: false,
            list: false,
            attributes: Vec::new(),
            docs: Vec::new(),
        };
        if !enum_value {
            let (ty, _) = self.ident(&format!("the type of field `{}`", field.name))?;
            if ty == "Unsupported" {
                self.expect_punct('(')?;
                match self.peek().map(|t| t.tok.clone()) {
                    Some(Tok::String(s)) => {
                        field.unsupported = Some(s);
                        self.i += 1;
                    }
                    _ => return Err(self.error_here("expected the database type as a string in Unsupported(...)")),
                }
                self.expect_punct(')')?;
            }
            field.ty = ty;
            if self.is_punct('[') {
                self.i += 1;
                self.expect_punct(']')?;
                field.list = true;
            }
            if self.is_punct('?') {
                self.i += 1;
                field.optional = true;
            }
        }
        while self.is_punct('@') {
            let attr_pos = self.pos();
            self.i += 1;
            field.attributes.push(self.attribute(attr_pos)?);
        }
        Ok(field)
    }

    /// After the `@` or `@@`: `name`, `db.VarChar`, with optional arguments.
    fn attribute(&mut self, pos: Pos) -> Result<Attribute, ParseError> {
        let (mut name, _) = self.ident("an attribute name")?;
        while self.is_punct('.') {
            self.i += 1;
            let (part, _) = self.ident("an attribute name after `.`")?;
            name = format!("{name}.{part}");
        }
        let args = if self.is_punct('(') { self.arguments()? } else { Vec::new() };
        let args = args.into_iter().map(|(name, value)| Arg { name, value }).collect();
        Ok(Attribute { name, pos, args })
    }

    /// `( [name:] value, ... )`, newlines allowed inside.
    fn arguments(&mut self) -> Result<CallArgs, ParseError> {
        self.expect_punct('(')?;
        let mut args = Vec::new();
        loop {
            self.skip_newlines();
            if self.is_punct(')') {
                self.i += 1;
                return Ok(args);
            }
            let named = matches!(self.peek().map(|t| &t.tok), Some(Tok::Ident(_)))
                && matches!(self.tokens.get(self.i + 1).map(|t| &t.tok), Some(Tok::Punct(':')));
            let name = if named {
                let (name, _) = self.ident("an argument name")?;
                self.i += 1;
                Some(name)
            } else {
                None
            };
            self.skip_newlines();
            args.push((name, self.value()?));
            self.skip_newlines();
            if self.is_punct(',') {
                self.i += 1;
            } else if !self.is_punct(')') {
                return Err(self.error_here("expected `,` or `)`"));
            }
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        let Some(token) = self.peek() else {
            return Err(self.error_here("expected a value"));
        };
        match token.tok.clone() {
            Tok::String(s) => {
                self.i += 1;
                Ok(Value::String(s))
            }
            Tok::Number(n) => {
                self.i += 1;
                Ok(Value::Number(n))
            }
            Tok::Ident(name) => {
                self.i += 1;
                if self.is_punct('(') { Ok(Value::Call(name, self.arguments()?)) } else { Ok(Value::Ident(name)) }
            }
            Tok::Punct('[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_newlines();
                    if self.is_punct(']') {
                        self.i += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.skip_newlines();
                    if self.is_punct(',') {
                        self.i += 1;
                    } else if !self.is_punct(']') {
                        return Err(self.error_here("expected `,` or `]`"));
                    }
                }
            }
            _ => Err(self.error_here("expected a value")),
        }
    }
}

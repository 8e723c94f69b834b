//! How one column's values are made: its kind (from the type, the checks, the plan and the name)
//! and the generation of an ordinary value, a unique one (from an ordinal), or an edge case.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use codegen_core::{ColumnType, Dialect, IntWidth, LobSize};
use rand::rngs::ChaCha8Rng;

use crate::checks::{Bound, ColumnRules, Literal};
use crate::fakes::{Locale, TextKind};
use crate::rng::{below, between, chance, mix64, unit};
use crate::value::Value;

/// What kind of value a column holds, with its limits.
#[derive(Debug, Clone)]
pub enum Kind {
    Int {
        lo: i64,
        hi: i64,
    },
    Float {
        lo: f64,
        hi: f64,
    },
    Decimal {
        lo: f64,
        hi: f64,
        scale: u32,
    },
    Bool,
    Text {
        kind: Option<TextKind>,
        min_len: u64,
        max_len: Option<u64>,
        fixed: bool,
    },
    /// One of a list (an enum, an `IN` check, a plan's `values`), with weights.
    Choice {
        values: Vec<String>,
        weights: Vec<u32>,
    },
    Bytes {
        min_len: u64,
        max_len: u64,
    },
    Bits {
        length: u32,
        varying: bool,
    },
    Date {
        lo: NaiveDate,
        hi: NaiveDate,
    },
    Time,
    Timestamp {
        lo: NaiveDateTime,
        hi: NaiveDateTime,
        tz: bool,
    },
    Year {
        lo: i64,
        hi: i64,
    },
    Interval,
    Uuid,
    Json,
    Set {
        values: Vec<String>,
    },
    Array(Box<Kind>),
    /// A database type kept as written, with a sample in its text form.
    Raw(RawKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    Inet,
    Cidr,
    MacAddr,
    Money,
    TsVector,
    Xml,
    Point,
    Geometry,
    IntRange,
    DateRange,
}

/// A column's generator.
#[derive(Debug, Clone)]
pub struct ValueGen {
    pub kind: Kind,
    pub locale: Locale,
    /// `BIT(n)` on MySQL is written as a number, elsewhere as a bit string.
    pub dialect: Dialect,
}

/// The default window of generated instants: three years up to `now`.
pub const HISTORY_DAYS: i64 = 3 * 365;

impl Kind {
    /// The kind for a column type; `None` for a type with no generator (the caller explains).
    pub fn for_type(
        ty: &ColumnType,
        enums: &dyn Fn(&codegen_core::QualifiedName) -> Option<Vec<String>>,
        dialect: Dialect,
        now: NaiveDateTime,
    ) -> Option<Kind> {
        let history = now - Duration::days(HISTORY_DAYS);
        // MySQL's TIMESTAMP holds 1970-2038 only; keep instants inside it everywhere.
        Some(match ty {
            ColumnType::Integer { width, unsigned } => {
                let (min, max) = int_range(*width, *unsigned);
                Kind::Int { lo: min.max(if *unsigned { 0 } else { 1 }).min(max), hi: max }
            }
            ColumnType::Decimal { precision, scale } => {
                let scale = scale.unwrap_or(if precision.is_some() { 0 } else { 2 });
                let digits = precision.unwrap_or(18).saturating_sub(scale).min(15);
                let max = 10f64.powi(digits as i32) - 10f64.powi(-(scale as i32));
                Kind::Decimal { lo: 0.0, hi: max.max(0.0), scale }
            }
            ColumnType::Real | ColumnType::Double => Kind::Float { lo: 0.0, hi: 1000.0 },
            ColumnType::Bool => Kind::Bool,
            ColumnType::Text { size } => Kind::Text {
                kind: None,
                min_len: 0,
                max_len: match size {
                    Some(LobSize::Tiny) => Some(255),
                    _ if dialect == Dialect::Mysql => Some(65_535 / 4),
                    _ => None,
                },
                fixed: false,
            },
            ColumnType::Varchar { length, .. } => {
                Kind::Text { kind: None, min_len: 0, max_len: length.map(u64::from), fixed: false }
            }
            ColumnType::Char { length, .. } => {
                Kind::Text { kind: None, min_len: 0, max_len: Some(u64::from(length.unwrap_or(1))), fixed: true }
            }
            ColumnType::Bytes { size } => {
                Kind::Bytes { min_len: 0, max_len: if *size == Some(LobSize::Tiny) { 64 } else { 32 } }
            }
            ColumnType::Binary { length, varying } => {
                let n = u64::from(length.unwrap_or(16));
                Kind::Bytes { min_len: if *varying { 0 } else { n }, max_len: n.min(64) }
            }
            ColumnType::Bit { length, varying } => Kind::Bits { length: length.unwrap_or(1), varying: *varying },
            ColumnType::Date => Kind::Date { lo: history.date(), hi: now.date() },
            ColumnType::Time { .. } => Kind::Time,
            ColumnType::Timestamp { .. } => Kind::Timestamp { lo: history, hi: now, tz: false },
            ColumnType::TimestampTz { .. } => Kind::Timestamp { lo: history, hi: now, tz: true },
            ColumnType::Year => Kind::Year { lo: 1950, hi: i64::from(chrono::Datelike::year(&now)) },
            ColumnType::Interval => Kind::Interval,
            ColumnType::Uuid => Kind::Uuid,
            ColumnType::Json | ColumnType::Jsonb => Kind::Json,
            ColumnType::Enum { name } => {
                let values = enums(name)?;
                let weights = vec![1; values.len()];
                Kind::Choice { values, weights }
            }
            ColumnType::Set { values } => Kind::Set { values: values.clone() },
            ColumnType::Array { element } => Kind::Array(Box::new(Kind::for_type(element, enums, dialect, now)?)),
            ColumnType::Other { raw } => raw_kind(raw)?,
        })
    }

    /// Narrow the kind to what the checks allow.
    pub fn apply_rules(&mut self, rules: &ColumnRules) {
        if let Some(allowed) = &rules.allowed {
            match self {
                Kind::Choice { values, weights } => {
                    let kept: Vec<(String, u32)> = values
                        .iter()
                        .zip(weights.iter())
                        .filter(|(v, _)| allowed.contains(v))
                        .map(|(v, w)| (v.clone(), *w))
                        .collect();
                    *values = kept.iter().map(|(v, _)| v.clone()).collect();
                    *weights = kept.iter().map(|(_, w)| *w).collect();
                }
                _ => {
                    *self = Kind::Choice { values: allowed.clone(), weights: vec![1; allowed.len()] };
                }
            }
            return;
        }
        match self {
            Kind::Int { lo, hi } | Kind::Year { lo, hi } => {
                if let Some(b) = num_bound(&rules.min) {
                    *lo = (*lo).max(if b.1 { b.0.ceil() as i64 } else { b.0.floor() as i64 + 1 });
                }
                if let Some(b) = num_bound(&rules.max) {
                    *hi = (*hi).min(if b.1 { b.0.floor() as i64 } else { b.0.ceil() as i64 - 1 });
                }
            }
            Kind::Float { .. } | Kind::Decimal { .. } => {
                let step = match self {
                    Kind::Decimal { scale, .. } => 10f64.powi(-(*scale as i32)),
                    _ => 0.01,
                };
                let (Kind::Float { lo, hi } | Kind::Decimal { lo, hi, .. }) = self else { return };
                if let Some(b) = num_bound(&rules.min) {
                    *lo = lo.max(if b.1 { b.0 } else { b.0 + step });
                    if *lo > *hi {
                        *hi = *lo;
                    }
                }
                if let Some(b) = num_bound(&rules.max) {
                    *hi = hi.min(if b.1 { b.0 } else { b.0 - step });
                    if *lo > *hi {
                        *lo = b.0.min(*hi);
                    }
                }
            }
            Kind::Text { min_len, max_len, .. } => {
                if let Some(m) = rules.min_len {
                    *min_len = (*min_len).max(m);
                }
                if let Some(m) = rules.max_len {
                    *max_len = Some(max_len.map_or(m, |old| old.min(m)));
                }
            }
            Kind::Date { lo, hi } => {
                if let Some(d) = text_bound(&rules.min).and_then(|t| parse_date(&t)) {
                    *lo = (*lo).max(d);
                }
                if let Some(d) = text_bound(&rules.max).and_then(|t| parse_date(&t)) {
                    *hi = (*hi).min(d);
                }
            }
            Kind::Timestamp { lo, hi, .. } => {
                if let Some(t) = text_bound(&rules.min).and_then(|t| crate::plan::parse_instant(&t)) {
                    *lo = (*lo).max(t);
                }
                if let Some(t) = text_bound(&rules.max).and_then(|t| crate::plan::parse_instant(&t)) {
                    *hi = (*hi).min(t);
                }
            }
            _ => {}
        }
    }

    /// How many distinct values the kind can take, when that is a limit worth checking.
    pub fn capacity(&self) -> Option<u64> {
        match self {
            Kind::Int { lo, hi } | Kind::Year { lo, hi } => {
                Some((*hi as i128 - *lo as i128 + 1).clamp(0, u64::MAX as i128) as u64)
            }
            Kind::Decimal { lo, hi, scale } => {
                Some((((hi - lo) * 10f64.powi(*scale as i32)).floor().max(0.0) as u64).saturating_add(1))
            }
            Kind::Bool => Some(2),
            Kind::Choice { values, weights } => {
                Some(weights.iter().zip(values).filter(|(w, _)| **w > 0).count() as u64)
            }
            Kind::Text { max_len: Some(n), .. } if *n < 8 => Some(36u64.saturating_pow(*n as u32)),
            Kind::Bytes { max_len, .. } if *max_len < 8 => Some(256u64.saturating_pow(*max_len as u32)),
            Kind::Bits { length, .. } if *length < 64 => Some(1u64 << length),
            Kind::Date { lo, hi } => Some((*hi - *lo).num_days().max(0) as u64 + 1),
            Kind::Timestamp { lo, hi, .. } => Some((*hi - *lo).num_seconds().max(0) as u64 + 1),
            _ => None,
        }
    }
}

fn num_bound(bound: &Option<Bound>) -> Option<(f64, bool)> {
    match bound {
        Some(Bound { value: Literal::Number(n), inclusive }) => Some((*n, *inclusive)),
        Some(Bound { value: Literal::Text(t), inclusive }) => t.parse().ok().map(|n| (n, *inclusive)),
        None => None,
    }
}

fn text_bound(bound: &Option<Bound>) -> Option<String> {
    match bound {
        Some(Bound { value: Literal::Text(t), .. }) => Some(t.clone()),
        _ => None,
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

pub fn int_range(width: IntWidth, unsigned: bool) -> (i64, i64) {
    let bits = match width {
        IntWidth::Tiny => 8,
        IntWidth::Small => 16,
        IntWidth::Medium => 24,
        IntWidth::Int => 32,
        IntWidth::Big => 64,
    };
    if unsigned {
        (0, if bits == 64 { i64::MAX } else { (1i64 << bits) - 1 })
    } else if bits == 64 {
        (i64::MIN, i64::MAX)
    } else {
        (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1)
    }
}

fn raw_kind(raw: &str) -> Option<Kind> {
    let lower = raw.to_ascii_lowercase();
    let base = lower.split('(').next().unwrap_or_default().trim();
    Some(match base {
        "citext" | "name" | "character" | "nvarchar" | "ntext" | "clob" | "string" | "varchar2" => {
            Kind::Text { kind: None, min_len: 0, max_len: None, fixed: false }
        }
        "inet" => Kind::Raw(RawKind::Inet),
        "cidr" => Kind::Raw(RawKind::Cidr),
        "macaddr" | "macaddr8" => Kind::Raw(RawKind::MacAddr),
        "money" => Kind::Raw(RawKind::Money),
        "tsvector" => Kind::Raw(RawKind::TsVector),
        "xml" => Kind::Raw(RawKind::Xml),
        "point" => Kind::Raw(RawKind::Point),
        "geometry" | "geography" => Kind::Raw(RawKind::Geometry),
        "int4range" | "int8range" | "numrange" => Kind::Raw(RawKind::IntRange),
        "daterange" | "tsrange" | "tstzrange" => Kind::Raw(RawKind::DateRange),
        "oid" => Kind::Int { lo: 1, hi: 1_000_000 },
        _ => return None,
    })
}

/// Name hints for numbers: what range a column called `age` or `rating` would hold.
pub fn numeric_hint(column: &str) -> Option<(f64, f64)> {
    let c = column.to_ascii_lowercase();
    let has = |w: &str| c == w || c.ends_with(&format!("_{w}")) || c.starts_with(&format!("{w}_"));
    Some(match () {
        _ if has("age") => (18.0, 90.0),
        _ if has("year") => (1950.0, 2025.0),
        _ if has("rating") || has("stars") || has("score") => (1.0, 5.0),
        _ if c.contains("percent") || has("pct") => (0.0, 100.0),
        _ if has("quantity") || has("qty") || c.contains("units") => (1.0, 20.0),
        _ if c.ends_with("_count") || has("count") => (0.0, 500.0),
        _ if c.contains("price")
            || c.contains("amount")
            || c.contains("total")
            || c.contains("cost")
            || c.contains("salary") =>
        {
            (1.0, 500.0)
        }
        _ if has("latitude") || has("lat") => (-90.0, 90.0),
        _ if has("longitude") || has("lng") || has("lon") => (-180.0, 180.0),
        _ if has("weight") || has("priority") || has("level") => (1.0, 10.0),
        _ if has("position") || has("sort_order") || has("rank") || has("seq") => (1.0, 100.0),
        _ if has("duration") || has("length") || has("minutes") || has("seconds") => (1.0, 240.0),
        _ => return None,
    })
}

/// Narrow a numeric kind to a realistic default range, inside what the type and checks allow.
pub fn apply_realistic_range(kind: &mut Kind, hint: Option<(f64, f64)>) {
    let (want_lo, want_hi) = hint.unwrap_or((1.0, 1000.0));
    match kind {
        Kind::Int { lo, hi } => {
            let (a, b) = (want_lo as i64, want_hi as i64);
            if b >= *lo && a <= *hi {
                *lo = (*lo).max(a);
                *hi = (*hi).min(b);
            } else if *hi - *lo > 1000 && *lo >= 0 {
                *hi = *lo + 1000;
            }
        }
        Kind::Float { lo, hi } | Kind::Decimal { lo, hi, .. } if want_hi >= *lo && want_lo <= *hi => {
            *lo = lo.max(want_lo);
            *hi = hi.min(want_hi);
        }
        _ => {}
    }
}

impl ValueGen {
    /// An ordinary value.
    pub fn generate(&self, rng: &mut ChaCha8Rng) -> Value {
        self.generate_kind(&self.kind, rng)
    }

    fn generate_kind(&self, kind: &Kind, rng: &mut ChaCha8Rng) -> Value {
        match kind {
            Kind::Int { lo, hi } => Value::Int(between(rng, *lo, *hi)),
            Kind::Year { lo, hi } => Value::Int(between(rng, *lo, *hi)),
            Kind::Float { lo, hi } => Value::Float(((lo + unit(rng) * (hi - lo)) * 100.0).round() / 100.0),
            Kind::Decimal { lo, hi, scale } => {
                let factor = 10f64.powi(*scale as i32);
                let (a, b) = ((lo * factor).ceil() as i64, (hi * factor).floor() as i64);
                Value::Decimal(decimal_text(between(rng, a, b.max(a)), *scale))
            }
            Kind::Bool => Value::Bool(chance(rng, 0.5)),
            Kind::Text { kind, min_len, max_len, fixed } => {
                let text = match kind {
                    Some(k) => k.generate(rng, self.locale),
                    None => TextKind::Sentence.generate(rng, self.locale),
                };
                Value::Text(fit_text(text, *min_len, *max_len, *fixed, rng))
            }
            Kind::Choice { values, weights } => Value::Text(pick_weighted(values, weights, rng).to_string()),
            Kind::Bytes { min_len, max_len } => {
                let n = between(rng, *min_len as i64, (*max_len).max(*min_len) as i64) as usize;
                let mut bytes = vec![0u8; n];
                rand::Rng::fill_bytes(rng, &mut bytes);
                Value::Bytes(bytes)
            }
            Kind::Bits { length, varying } => {
                let n = if *varying { between(rng, 1, i64::from(*length).max(1)) as u32 } else { *length };
                let bits: String = (0..n).map(|_| if chance(rng, 0.5) { '1' } else { '0' }).collect();
                self.bits(bits)
            }
            Kind::Date { lo, hi } => {
                let days = (*hi - *lo).num_days().max(0);
                Value::Date(*lo + Duration::days(between(rng, 0, days)))
            }
            Kind::Time => {
                let seconds = between(rng, 6 * 3600, 22 * 3600) as u32;
                Value::Time(NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or_default())
            }
            Kind::Timestamp { lo, hi, tz } => self.instant(*lo, *hi, *tz, rng),
            Kind::Interval => Value::Interval(format!("{} days {:02}:00:00", between(rng, 0, 30), between(rng, 0, 23))),
            Kind::Uuid => Value::Uuid(uuid_v4(rng.next_u64_pair())),
            Kind::Json => {
                let word = TextKind::Word.generate(rng, Locale::En);
                let n = between(rng, 1, 100);
                let flag = chance(rng, 0.5);
                Value::Json(serde_json::json!({ "label": word, "count": n, "enabled": flag }).to_string())
            }
            Kind::Set { values } => {
                let chosen: Vec<&str> = values.iter().filter(|_| chance(rng, 0.4)).map(String::as_str).collect();
                Value::Text(chosen.join(","))
            }
            Kind::Array(element) => {
                let n = between(rng, 0, 3);
                Value::Array((0..n).map(|_| self.generate_kind(element, rng)).collect())
            }
            Kind::Raw(raw) => Value::Raw(raw_sample(*raw, rng)),
        }
    }

    fn bits(&self, bits: String) -> Value {
        Value::Bits(bits)
    }

    fn instant(&self, lo: NaiveDateTime, hi: NaiveDateTime, tz: bool, rng: &mut ChaCha8Rng) -> Value {
        let span = (hi - lo).num_seconds().max(0);
        let t = lo + Duration::seconds(between(rng, 0, span));
        if tz { Value::TimestampTz(t) } else { Value::Timestamp(t) }
    }

    /// An instant in `[lo, hi]` of this column's kind (for dates that tell a story).
    pub fn instant_between(&self, lo: NaiveDateTime, hi: NaiveDateTime, rng: &mut ChaCha8Rng) -> Option<Value> {
        match &self.kind {
            Kind::Timestamp { lo: min, hi: max, tz } => {
                let (lo, hi) = (lo.max(*min), hi.min(*max));
                (lo <= hi).then(|| self.instant(lo, hi, *tz, rng))
            }
            Kind::Date { lo: min, hi: max } => {
                let (lo, hi) = (lo.date().max(*min), hi.date().min(*max));
                (lo <= hi).then(|| Value::Date(lo + Duration::days(between(rng, 0, (hi - lo).num_days()))))
            }
            _ => None,
        }
    }

    /// The `k`-th distinct value (`k` below [`Kind::capacity`]), made to look like the others:
    /// text gets the ordinal as a suffix, numbers and instants step from the lower bound.
    pub fn unique(&self, k: u64, rng: &mut ChaCha8Rng) -> Value {
        match &self.kind {
            Kind::Int { lo, .. } | Kind::Year { lo, .. } => Value::Int(lo.saturating_add(k as i64)),
            Kind::Decimal { lo, scale, .. } => {
                let factor = 10f64.powi(*scale as i32);
                Value::Decimal(decimal_text((lo * factor).ceil() as i64 + k as i64, *scale))
            }
            Kind::Float { lo, .. } => Value::Float(lo.ceil() + k as f64),
            Kind::Bool => Value::Bool(k % 2 == 1),
            Kind::Choice { values, weights } => {
                let live: Vec<&String> = values.iter().zip(weights).filter(|(_, w)| **w > 0).map(|(v, _)| v).collect();
                Value::Text(live[(k as usize) % live.len().max(1)].clone())
            }
            Kind::Text { kind, min_len, max_len, fixed } => {
                let base = match kind {
                    Some(k) => k.generate(rng, self.locale),
                    None => TextKind::Title.generate(rng, self.locale),
                };
                Value::Text(unique_text(&base, k, *min_len, *max_len, *fixed))
            }
            Kind::Bytes { max_len, .. } => {
                let width = (*max_len as usize).clamp(1, 8);
                Value::Bytes(k.to_be_bytes()[8 - width..].to_vec())
            }
            Kind::Bits { length, .. } => {
                let n = (*length).min(63);
                self.bits((0..n).rev().map(|i| if k >> i & 1 == 1 { '1' } else { '0' }).collect())
            }
            Kind::Date { lo, .. } => Value::Date(*lo + Duration::days(k as i64)),
            Kind::Timestamp { lo, tz, .. } => {
                let t = *lo + Duration::seconds(k as i64);
                if *tz { Value::TimestampTz(t) } else { Value::Timestamp(t) }
            }
            Kind::Uuid => {
                let (hi, _) = rng.next_u64_pair();
                Value::Uuid(unique_uuid(hi, k))
            }
            Kind::Json => Value::Json(serde_json::json!({ "id": k }).to_string()),
            Kind::Raw(RawKind::Inet) => Value::Raw(format!("10.{}.{}.{}", (k >> 16) & 255, (k >> 8) & 255, k & 255)),
            _ => self.generate(rng),
        }
    }

    /// An edge case of the column: empty, longest, boundary or non-ASCII.
    pub fn edge_case(&self, rng: &mut ChaCha8Rng) -> Option<Value> {
        match &self.kind {
            Kind::Text { min_len, max_len, fixed, .. } => Some(Value::Text(match below(rng, 3) {
                0 if *min_len == 0 && !*fixed => String::new(),
                1 => {
                    let n = max_len.unwrap_or(1000).min(1000) as usize;
                    "x".repeat(n.max(*min_len as usize))
                }
                _ => fit_text("Zoë Ångström-Øvergård, 東京 — naïve café".to_string(), *min_len, *max_len, *fixed, rng),
            })),
            Kind::Int { lo, hi } => Some(Value::Int(if chance(rng, 0.5) { *lo } else { *hi })),
            Kind::Decimal { lo, hi, scale } => {
                let factor = 10f64.powi(*scale as i32);
                let v = if chance(rng, 0.5) { (lo * factor).ceil() } else { (hi * factor).floor() };
                Some(Value::Decimal(decimal_text(v as i64, *scale)))
            }
            Kind::Date { lo, hi } => Some(Value::Date(if chance(rng, 0.5) { *lo } else { *hi })),
            Kind::Timestamp { lo, hi, tz } => {
                let t = if chance(rng, 0.5) { *lo } else { *hi };
                Some(if *tz { Value::TimestampTz(t) } else { Value::Timestamp(t) })
            }
            _ => None,
        }
    }
}

trait PairRng {
    fn next_u64_pair(&mut self) -> (u64, u64);
}

impl PairRng for ChaCha8Rng {
    fn next_u64_pair(&mut self) -> (u64, u64) {
        (rand::Rng::next_u64(self), rand::Rng::next_u64(self))
    }
}

fn uuid_v4((hi, lo): (u64, u64)) -> u128 {
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
    (u128::from(hi) << 64) | u128::from(lo)
}

/// A version-4 UUID whose last 48 bits are a bijection of `k`: distinct for distinct ordinals.
fn unique_uuid(random: u64, k: u64) -> u128 {
    let node = mix48(k);
    let lo = (0b10u64 << 62) | ((random & 0x3fff) << 48) | node;
    let hi = ((random >> 14) & !0xf000) | 0x4000;
    (u128::from(hi) << 64) | u128::from(lo)
}

/// A bijection on 48 bits (xor-shift-multiply rounds, each invertible modulo 2^48).
fn mix48(mut x: u64) -> u64 {
    const MASK: u64 = (1 << 48) - 1;
    x &= MASK;
    for _ in 0..2 {
        x ^= x >> 23;
        x = x.wrapping_mul(0x9e37_79b9_7f4b) & MASK;
    }
    x
}

fn decimal_text(units: i64, scale: u32) -> String {
    if scale == 0 {
        return units.to_string();
    }
    let sign = if units < 0 { "-" } else { "" };
    let abs = units.unsigned_abs();
    let factor = 10u64.pow(scale);
    format!("{sign}{}.{:0width$}", abs / factor, abs % factor, width = scale as usize)
}

fn pick_weighted<'a>(values: &'a [String], weights: &[u32], rng: &mut ChaCha8Rng) -> &'a str {
    let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    if total == 0 || values.is_empty() {
        return values.first().map_or("", String::as_str);
    }
    let mut x = below(rng, total);
    for (v, w) in values.iter().zip(weights) {
        if x < u64::from(*w) {
            return v;
        }
        x -= u64::from(*w);
    }
    &values[values.len() - 1]
}

/// Cut or pad text to the column's lengths (in characters).
fn fit_text(text: String, min_len: u64, max_len: Option<u64>, fixed: bool, rng: &mut ChaCha8Rng) -> String {
    let mut text = text;
    if let Some(max) = max_len {
        let max = max as usize;
        if text.chars().count() > max {
            text = text.chars().take(max).collect::<String>().trim_end().to_string();
        }
    }
    let want = if fixed { 0 } else { min_len as usize };
    while text.chars().count() < want.max(if fixed { 1 } else { 0 }) {
        text.push((b'a' + below(rng, 26) as u8) as char);
    }
    text
}

/// `base` made distinct by the ordinal `k`: the first keeps the base, the others end in their
/// number, and the base never ends in a digit, so two ordinals never give the same text.
pub fn unique_text(base: &str, k: u64, min_len: u64, max_len: Option<u64>, fixed: bool) -> String {
    let suffix = if k == 0 { String::new() } else { k.to_string() };
    let (local, domain) = match base.split_once('@') {
        Some((l, d)) => (l, format!("@{d}")),
        None => (base, String::new()),
    };
    let max = max_len.map(|m| m as usize);
    let keep = max.map_or(usize::MAX, |m| m.saturating_sub(suffix.len() + domain.chars().count()));
    let mut head: String = local.chars().take(keep).collect();
    while head.ends_with(|c: char| c.is_ascii_digit() || c.is_whitespace()) {
        head.pop();
    }
    let separator = if suffix.is_empty() || head.is_empty() || !domain.is_empty() { "" } else { " " };
    let mut text = format!("{head}{separator}{suffix}{domain}");
    if let Some(m) = max
        && text.chars().count() > m
    {
        // Too short for the base: the ordinal alone, in base 36 (the capacity check allowed it).
        text = base36(k, m);
    }
    if text.is_empty() {
        text = base36(k, max.unwrap_or(8).max(1));
    }
    while (text.chars().count() as u64) < min_len && !fixed {
        text.insert(0, 'x');
    }
    text
}

fn base36(mut k: u64, width: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(k % 36) as usize]);
        k /= 36;
        if k == 0 {
            break;
        }
    }
    while out.len() < width.min(1) {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn raw_sample(kind: RawKind, rng: &mut ChaCha8Rng) -> String {
    let n = |rng: &mut ChaCha8Rng, hi: i64| between(rng, 0, hi);
    match kind {
        RawKind::Inet => format!("10.{}.{}.{}", n(rng, 255), n(rng, 255), n(rng, 254) + 1),
        RawKind::Cidr => format!("10.{}.0.0/16", n(rng, 255)),
        RawKind::MacAddr => {
            let b: Vec<String> = (0..6).map(|_| format!("{:02x}", n(rng, 255))).collect();
            b.join(":")
        }
        RawKind::Money => format!("{}.{:02}", n(rng, 999), n(rng, 99)),
        RawKind::TsVector => {
            let words: Vec<String> = (0..3).map(|_| TextKind::Word.generate(rng, Locale::En)).collect();
            words.join(" ")
        }
        RawKind::Xml => format!("<item id=\"{}\"/>", n(rng, 1000)),
        RawKind::Point => format!("({},{})", n(rng, 100), n(rng, 100)),
        RawKind::Geometry => format!("POINT({} {})", n(rng, 100), n(rng, 100)),
        RawKind::IntRange => {
            let lo = n(rng, 100);
            format!("[{lo},{})", lo + n(rng, 100) + 1)
        }
        RawKind::DateRange => "[2024-01-01,2024-02-01)".to_string(),
    }
}

/// A number in `[0, 1)` — re-exported for the row generator's null and edge-case rates.
pub fn roll(rng: &mut ChaCha8Rng) -> f64 {
    unit(rng)
}

/// A keyed 64-bit mix, re-exported for permutation keys.
pub fn key_of(a: u64, b: u64) -> u64 {
    mix64(a ^ mix64(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_text_never_repeats_and_respects_lengths() {
        let mut seen = std::collections::BTreeSet::new();
        for k in 0..2000 {
            let base = if k % 2 == 0 { "Alpha 12" } else { "Alpha" };
            let text = unique_text(base, k, 0, Some(10), false);
            assert!(text.chars().count() <= 10, "{text}");
            assert!(seen.insert(text.to_lowercase()), "{text} repeated");
        }
        assert_eq!(unique_text("ann.lee@example.com", 3, 0, None, false), "ann.lee3@example.com");
        assert_eq!(decimal_text(-1234, 2), "-12.34");
    }

    #[test]
    fn unique_uuids_are_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for k in 0..100_000 {
            assert!(seen.insert(unique_uuid(42, k)));
        }
    }
}

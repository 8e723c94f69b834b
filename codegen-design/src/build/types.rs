//! An attribute's type, chosen from its name (or its stated kind) and the target dialect.

use codegen_core::{ColumnType, Dialect, IntWidth};

use crate::options::DesignOptions;
use crate::spec::{AttributeKind, AttributeSpec};

/// The kind an attribute's name says it holds (`email`, `price`, `is_active`, `birth_date`).
pub fn kind_of(attribute: &AttributeSpec) -> AttributeKind {
    if let Some(kind) = attribute.kind {
        return kind;
    }
    if !attribute.values.is_empty() {
        return AttributeKind::Enum;
    }
    kind_from_name(&attribute.name)
}

fn kind_from_name(name: &str) -> AttributeKind {
    use AttributeKind as K;
    let last = name.rsplit('_').next().unwrap_or(name);
    let first = name.split('_').next().unwrap_or(name);
    if name == "email" || last == "email" {
        return K::Email;
    }
    if matches!(last, "url" | "website" | "homepage" | "link" | "uri") {
        return K::Url;
    }
    if matches!(first, "is" | "has" | "can" | "should" | "allow" | "allows")
        || matches!(
            last,
            "enabled" | "active" | "verified" | "flag" | "confirmed" | "visible" | "public" | "paid" | "available"
        )
    {
        return K::Boolean;
    }
    if name.starts_with("date_of") || matches!(last, "date" | "birthday" | "dob" | "on" | "day") {
        return K::Date;
    }
    if matches!(last, "at" | "timestamp" | "time" | "datetime" | "deadline") {
        return K::Timestamp;
    }
    if matches!(
        last,
        "price"
            | "amount"
            | "cost"
            | "total"
            | "balance"
            | "fee"
            | "salary"
            | "subtotal"
            | "tax"
            | "discount"
            | "revenue"
            | "budget"
            | "payment"
            | "wage"
            | "charge"
            | "fine"
            | "deposit"
            | "rent"
            | "refund"
    ) {
        return K::Money;
    }
    if name.starts_with("number_of")
        || matches!(
            last,
            "count"
                | "quantity"
                | "qty"
                | "stock"
                | "capacity"
                | "seats"
                | "copies"
                | "inventory"
                | "views"
                | "attempts"
        )
    {
        return K::Count;
    }
    if matches!(
        last,
        "rating"
            | "score"
            | "year"
            | "age"
            | "duration"
            | "minutes"
            | "seconds"
            | "hours"
            | "days"
            | "position"
            | "rank"
            | "version"
            | "floor"
            | "weight"
            | "order"
            | "priority_level"
            | "level"
            | "points"
    ) && last != "weight"
    {
        return K::Integer;
    }
    if matches!(
        last,
        "latitude"
            | "longitude"
            | "lat"
            | "lng"
            | "lon"
            | "temperature"
            | "humidity"
            | "pressure"
            | "voltage"
            | "value"
            | "reading"
            | "measurement"
            | "weight"
            | "height"
            | "width"
            | "length"
            | "depth"
            | "speed"
            | "altitude"
            | "battery"
            | "current"
            | "power"
            | "distance"
    ) {
        return K::Float;
    }
    if matches!(last, "percent" | "percentage" | "rate" | "ratio") {
        return K::Decimal;
    }
    if matches!(
        last,
        "settings"
            | "preferences"
            | "metadata"
            | "config"
            | "configuration"
            | "payload"
            | "properties"
            | "attributes"
            | "options"
            | "data"
            | "details"
            | "specs"
            | "extra"
            | "context"
    ) {
        return K::Json;
    }
    if matches!(last, "uuid" | "guid") {
        return K::Uuid;
    }
    if matches!(
        last,
        "description"
            | "bio"
            | "body"
            | "content"
            | "notes"
            | "note"
            | "comment"
            | "comments"
            | "message"
            | "text"
            | "summary"
            | "biography"
            | "instructions"
            | "hypothesis"
            | "abstract"
            | "review"
            | "diagnosis"
            | "reason"
            | "feedback"
            | "answer"
            | "question"
            | "transcript"
            | "remarks"
    ) {
        return K::LongText;
    }
    K::Text
}

/// The neutral type of a kind in a dialect (enums are typed by the caller).
pub fn column_type(kind: AttributeKind, dialect: Dialect, options: &DesignOptions) -> ColumnType {
    use AttributeKind as K;
    let short_text = |length: u32| match dialect {
        // MySQL cannot index or make unique a TEXT column without a prefix: short values are VARCHAR.
        Dialect::Mysql => ColumnType::varchar(Some(length)),
        _ => ColumnType::TEXT,
    };
    match kind {
        K::Text | K::Enum => short_text(255),
        K::Email => short_text(320),
        K::Url => short_text(2048),
        K::LongText => ColumnType::TEXT,
        K::Integer | K::Count => ColumnType::Integer { width: IntWidth::Int, unsigned: false },
        K::Money => ColumnType::Decimal { precision: Some(options.money.0), scale: Some(options.money.1) },
        K::Decimal => ColumnType::Decimal { precision: Some(7), scale: Some(4) },
        K::Float => ColumnType::Double,
        K::Boolean => ColumnType::Bool,
        K::Date => ColumnType::Date,
        K::Timestamp => ColumnType::TimestampTz { precision: None },
        K::Time => ColumnType::Time { precision: None },
        K::Json => match dialect {
            Dialect::Postgres => ColumnType::Jsonb,
            _ => ColumnType::Json,
        },
        K::Uuid => ColumnType::Uuid,
    }
}

/// Whether a kind is a count or an amount that is never negative.
pub fn never_negative(kind: AttributeKind) -> bool {
    matches!(kind, AttributeKind::Count | AttributeKind::Money)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_choose_kinds() {
        let kind = |n: &str| kind_from_name(n);
        assert_eq!(kind("email"), AttributeKind::Email);
        assert_eq!(kind("unit_price"), AttributeKind::Money);
        assert_eq!(kind("is_active"), AttributeKind::Boolean);
        assert_eq!(kind("birth_date"), AttributeKind::Date);
        assert_eq!(kind("recorded_at"), AttributeKind::Timestamp);
        assert_eq!(kind("stock_count"), AttributeKind::Count);
        assert_eq!(kind("settings"), AttributeKind::Json);
        assert_eq!(kind("display_name"), AttributeKind::Text);
        assert_eq!(kind("weight"), AttributeKind::Float);
    }
}

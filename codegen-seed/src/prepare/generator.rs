//! Which generator an ordinary column gets: from the plan, the column's name, type, domain and
//! checks; a range the checks leave empty is an error naming the check.

use super::*;

pub(super) fn default_null_rate(column: &Column) -> f64 {
    let n = column.name.to_ascii_lowercase();
    if n.starts_with("deleted") || n.starts_with("archived") || n.ends_with("_deleted_at") || n == "removed_at" {
        0.9
    } else {
        0.1
    }
}

/// The generator of an ordinary column.
pub(super) fn column_generator(
    cx: &TableContext<'_>,
    column: &Column,
    plan: Option<&ColumnPlan>,
    rules: &TableRules,
    enums: &dyn Fn(&QualifiedName) -> Option<Vec<String>>,
) -> Result<ValueGen, Diagnostic> {
    let tname = cx.table.name.to_string();
    let object = format!("{tname}.{}", column.name);
    let ty = match &column.ty {
        ColumnType::Other { raw } => match domain_of(cx.schema, raw).and_then(|(base, _)| base_type(&base)) {
            Some(base) => base,
            None => column.ty.clone(),
        },
        other => other.clone(),
    };
    let mut kind = Kind::for_type(&ty, enums, cx.options.dialect, cx.now).ok_or_else(|| {
        Diagnostic::error(format!(
            "{object} is of type `{}`, for which codegen has no value generator",
            column.declared_type
        ))
        .with_object(object.clone())
        .with_help(format!(
            "give it values in the plan: [tables.{tname}.columns] {} = {{ values = [...] }} or {{ sql = \"...\" }}",
            column.name
        ))
    })?;
    let column_rules = rules.columns.get(&column.name).cloned().unwrap_or_default();
    if column_rules.min.is_none() && column_rules.max.is_none() && column_rules.allowed.is_none() {
        apply_realistic_range(&mut kind, numeric_hint(&column.name));
    } else if let (Some(_), None) | (None, Some(_)) = (&column_rules.min, &column_rules.max) {
        // One bound from a check: the other from the name's realistic range, if it fits.
        apply_realistic_range(&mut kind, numeric_hint(&column.name).or(Some((0.0, 1000.0))));
    }
    kind.apply_rules(&column_rules);
    if let Kind::Text { kind: text_kind, .. } = &mut kind {
        *text_kind = infer_text(&cx.table.name.name, &column.name);
    }
    if let Some(plan) = plan {
        if let Some(generator) = &plan.generator {
            let chosen = TextKind::by_name(&generator.value).ok_or_else(|| {
                let names: Vec<String> = TextKind::NAMES.iter().map(|(n, _)| n.to_string()).collect();
                Diagnostic::error(format!("unknown generator `{}` for {object}", generator.value))
                    .at(generator.location.clone())
                    .with_object(object.clone())
                    .with_help(suggest(&generator.value, &names))
            })?;
            match &mut kind {
                Kind::Text { kind, .. } => *kind = Some(chosen),
                _ => {
                    return Err(Diagnostic::error(format!(
                        "generator `{}` makes text, but {object} is `{}`",
                        generator.value, column.declared_type
                    ))
                    .at(generator.location.clone())
                    .with_object(object)
                    .with_help("use `min`/`max` for numbers and dates, or `values`"));
                }
            }
        }
        if let Some(values) = &plan.values {
            let allowed: Option<Vec<String>> = match &kind {
                Kind::Choice { values, .. } => Some(values.clone()),
                _ => None,
            };
            for (value, _) in &values.value {
                if let Some(allowed) = &allowed
                    && !allowed.contains(value)
                {
                    return Err(Diagnostic::error(format!("`{value}` is not a value {object} can hold"))
                        .at(values.location.clone())
                        .with_object(object)
                        .with_help(suggest(value, allowed)));
                }
            }
            if let Kind::Text { max_len: Some(max), .. } = &kind
                && let Some((long, _)) = values.value.iter().find(|(v, _)| v.chars().count() as u64 > *max)
            {
                return Err(Diagnostic::error(format!("`{long}` is longer than {object} allows ({max} characters)"))
                    .at(values.location.clone())
                    .with_object(object));
            }
            kind = Kind::Choice {
                values: values.value.iter().map(|(v, _)| v.clone()).collect(),
                weights: values.value.iter().map(|(_, w)| *w).collect(),
            };
        }
        if plan.min.is_some() || plan.max.is_some() {
            let mut bounds = crate::checks::ColumnRules::default();
            let lit = |t: &str| match t.parse::<f64>() {
                Ok(n) => crate::checks::Literal::Number(n),
                Err(_) => crate::checks::Literal::Text(t.to_string()),
            };
            bounds.min = plan.min.as_ref().map(|m| crate::checks::Bound { value: lit(&m.value), inclusive: true });
            bounds.max = plan.max.as_ref().map(|m| crate::checks::Bound { value: lit(&m.value), inclusive: true });
            if let (Kind::Int { .. } | Kind::Decimal { .. } | Kind::Float { .. }, Some(b)) = (&kind, &plan.min) {
                let _ = b;
            }
            // The plan's range replaces the realistic default, inside what the type allows.
            kind = Kind::for_type(&ty, enums, cx.options.dialect, cx.now).unwrap_or(kind);
            if let Kind::Text { .. } = kind {
                return Err(Diagnostic::error(format!("`min`/`max` are for numbers and dates; {object} is text"))
                    .at(plan.min.as_ref().or(plan.max.as_ref()).and_then(|m| m.location.clone()))
                    .with_object(object));
            }
            kind.apply_rules(&bounds);
            kind.apply_rules(&column_rules);
        }
    }
    if let Kind::Choice { values, weights } = &kind
        && (values.is_empty() || weights.iter().all(|w| *w == 0))
        && !column.nullable
    {
        return Err(Diagnostic::error(format!("no value satisfies the checks of {object}"))
            .with_object(object)
            .with_help("the checks allow no value of the column's type: fix the CHECK or the plan's values"));
    }
    if empty_range(&kind) {
        return Err(Diagnostic::error(format!("the checks of {object} leave no value in its type's range"))
            .with_object(object)
            .with_help("check the CHECK constraint's bounds against the column type"));
    }
    Ok(ValueGen { kind, locale: cx.locale, dialect: cx.options.dialect })
}

fn empty_range(kind: &Kind) -> bool {
    match kind {
        Kind::Int { lo, hi } | Kind::Year { lo, hi } => lo > hi,
        Kind::Float { lo, hi } | Kind::Decimal { lo, hi, .. } => lo > hi,
        Kind::Text { min_len, max_len: Some(max), .. } => min_len > max,
        Kind::Date { lo, hi } => lo > hi,
        Kind::Timestamp { lo, hi, .. } => lo > hi,
        _ => false,
    }
}

//! Jekyll's `date` filter for the `liquid` crate.
//!
//! liquid-lib's `date` reads a few text formats (`2024-03-05 10:20:30`, `5 Mar 2024 …`, a
//! Unix time) and gives any other input back unchanged, without a word. Jekyll also reads
//! what front matter holds most often: a YAML date (`date: 2024-03-05`, which reaches the
//! page as that text) and an ISO 8601 / RFC 3339 time (`2024-03-05T10:20:30Z`). Those are
//! read here first (a date alone is midnight UTC); everything else goes the crate's way.

use liquid::model::Value as LiquidValue;
use liquid_core::model::DateTime;
use liquid_core::{
    Display_filter, Expression, Filter, FilterParameters, FilterReflection, FromFilterParameters,
    ParseFilter, Runtime, ValueView,
};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

#[derive(Debug, FilterParameters)]
struct DateArgs {
    #[parameter(description = "The format to write the date in.", arg_type = "str")]
    format: Expression,
}

#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "date",
    description = "Writes a date or time in the given format, as Jekyll does.",
    parameters(DateArgs),
    parsed(DateFilter)
)]
pub struct Date;

#[derive(Debug, FromFilterParameters, Display_filter)]
#[name = "date"]
struct DateFilter {
    #[parameters]
    args: DateArgs,
}

impl Filter for DateFilter {
    fn evaluate(
        &self,
        input: &dyn ValueView,
        runtime: &dyn Runtime,
    ) -> liquid_core::Result<LiquidValue> {
        let args = self.args.evaluate(runtime)?;
        let date = input.as_scalar().and_then(|scalar| {
            iso_date_time(scalar.to_kstr().trim()).or_else(|| scalar.to_date_time())
        });
        match date {
            Some(date) if !args.format.is_empty() => date
                .format(args.format.as_str())
                .map(LiquidValue::scalar)
                .map_err(|_| {
                    liquid_core::Error::with_msg(format!(
                        "Invalid date-format string: {}",
                        args.format
                    ))
                }),
            _ => Ok(input.to_value()),
        }
    }
}

/// A YAML date (`2024-03-05`) or an RFC 3339 time (`2024-03-05T10:20:30Z`,
/// `2024-03-05 10:20:30+02:00`), as the `liquid` crate's own date type.
fn iso_date_time(text: &str) -> Option<DateTime> {
    let time = time::OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| time::OffsetDateTime::parse(&text.replacen(' ', "T", 1), &Rfc3339))
        .or_else(|_| {
            time::Date::parse(text, format_description!("[year]-[month]-[day]"))
                .map(|date| date.midnight().assume_utc())
        })
        .ok()?;
    // The crate reads its own serialized form back.
    let written = time
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory][offset_minute]"
        ))
        .ok()?;
    DateTime::from_str(&written)
}

#[cfg(test)]
mod tests {
    /// Found by a red-team review: a YAML date or an ISO time came back unchanged.
    #[test]
    fn yaml_dates_and_iso_times_are_formatted_as_in_jekyll() {
        let parser = liquid::ParserBuilder::with_stdlib()
            .filter(super::Date)
            .build()
            .unwrap();
        for (input, format, jekyll) in [
            ("2024-03-05", "%B %-d, %Y", "March 5, 2024"),
            ("2024-03-05T10:20:30Z", "%Y %H:%M", "2024 10:20"),
            ("2024-03-05T10:20:30+02:00", "%H %z", "10 +0200"),
            ("2024-03-05 10:20:30", "%d/%m", "05/03"),
            ("13 Jun 2016 02:30:00 +0300", "%Y-%m-%d", "2016-06-13"),
            ("not a date", "%Y", "not a date"),
            ("2024-02-30", "%Y", "2024-02-30"),
        ] {
            let template = parser
                .parse(&format!("{{{{ d | date: \"{format}\" }}}}"))
                .unwrap();
            let out = template.render(&liquid::object!({ "d": input })).unwrap();
            assert_eq!(out, jekyll, "{input} {format}");
        }
    }
}

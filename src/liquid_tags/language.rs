//! The Liquid the engine understands: Jekyll's tags, blocks and filters, each bounded.
//!
//! Liquid's standard library as the `liquid` crate has it, with these differences:
//!
//! * `include` is Jekyll's ([`super::include`]); `for` and `tablerow` walk ranges without
//!   collecting them and count their turns ([`super::loops`]);
//! * `render` (Liquid 5, which Jekyll does not have) is refused: its partials recursed
//!   without a bound, and the process overflowed its stack;
//! * every filter call counts as a step of the page's budget (so that a chain of costly
//!   filters meets the time bound too), and a call that could write more than
//!   [`MAX_FILTER_OUTPUT`] is refused before it runs: `s | replace: "a", s` on a 60,000-byte
//!   `s` asked for 3.6 GB at once; `uniq`, whose cost grows with the square of its items,
//!   takes at most [`MAX_QUADRATIC_ITEMS`].

use super::loops::take_steps;
use liquid::model::Value as LiquidValue;
use liquid_core::parser::FilterArguments;
use liquid_core::{
    Expression, Filter, FilterReflection, Language, ParseFilter, ParseTag, Renderable, Result,
    Runtime, TagReflection, TagTokenIter, ValueView,
};
use liquid_lib::stdlib;
use std::fmt;

/// The most one filter call may be about to write, counted before it runs from the lengths
/// of its input and arguments.
pub const MAX_FILTER_OUTPUT: usize = 256 << 20;

/// The most items a filter whose cost grows with their square (`uniq`) may take: 10,000
/// items are 50 million comparisons, a fraction of a second.
pub const MAX_QUADRATIC_ITEMS: usize = 10_000;

/// A parser builder with the language described above; the caller adds the site's own
/// filters (through [`bounded`]) and the includes.
pub fn builder() -> liquid::ParserBuilder {
    let builder = liquid::ParserBuilder::new()
        .tag(stdlib::AssignTag)
        .tag(stdlib::BreakTag)
        .tag(stdlib::ContinueTag)
        .tag(stdlib::CycleTag)
        .tag(stdlib::IncrementTag)
        .tag(stdlib::DecrementTag)
        .tag(super::include::IncludeTag)
        .tag(RenderRefused)
        .block(stdlib::RawBlock)
        .block(stdlib::IfBlock)
        .block(stdlib::UnlessBlock)
        .block(stdlib::IfChangedBlock)
        .block(super::loops::ForBlock)
        .block(super::loops::TableRowBlock)
        .block(stdlib::CommentBlock)
        .block(stdlib::CaptureBlock)
        .block(stdlib::CaseBlock);
    let filters: Vec<Box<dyn ParseFilter>> = vec![
        Box::new(stdlib::Abs),
        Box::new(stdlib::Append),
        Box::new(stdlib::AtLeast),
        Box::new(stdlib::AtMost),
        Box::new(stdlib::Capitalize),
        Box::new(stdlib::Ceil),
        Box::new(stdlib::Compact),
        Box::new(stdlib::Concat),
        Box::new(stdlib::Default),
        Box::new(stdlib::DividedBy),
        Box::new(stdlib::Downcase),
        Box::new(stdlib::Escape),
        Box::new(stdlib::EscapeOnce),
        Box::new(stdlib::First),
        Box::new(stdlib::Floor),
        Box::new(stdlib::Join),
        Box::new(stdlib::Last),
        Box::new(stdlib::Lstrip),
        Box::new(stdlib::Map),
        Box::new(stdlib::Minus),
        Box::new(stdlib::Modulo),
        Box::new(stdlib::NewlineToBr),
        Box::new(stdlib::Plus),
        Box::new(stdlib::Prepend),
        Box::new(stdlib::Remove),
        Box::new(stdlib::RemoveFirst),
        Box::new(stdlib::Replace),
        Box::new(stdlib::ReplaceFirst),
        Box::new(stdlib::Reverse),
        Box::new(stdlib::Round),
        Box::new(stdlib::Rstrip),
        Box::new(stdlib::Size),
        Box::new(stdlib::Slice),
        Box::new(stdlib::Sort),
        Box::new(stdlib::SortNatural),
        Box::new(stdlib::Split),
        Box::new(stdlib::Strip),
        Box::new(stdlib::StripHtml),
        Box::new(stdlib::StripNewlines),
        Box::new(stdlib::Times),
        Box::new(stdlib::Truncate),
        Box::new(stdlib::TruncateWords),
        Box::new(stdlib::Uniq),
        Box::new(stdlib::Upcase),
        Box::new(stdlib::UrlDecode),
        Box::new(stdlib::UrlEncode),
        Box::new(stdlib::Where),
    ];
    filters
        .into_iter()
        .fold(builder, |builder, filter| builder.filter(bounded(filter)))
}

/// `filter`, each call of it counted and checked.
pub fn bounded(filter: Box<dyn ParseFilter>) -> Bounded {
    Bounded(filter)
}

#[derive(Clone)]
pub struct Bounded(Box<dyn ParseFilter>);

impl ParseFilter for Bounded {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        let positional: Vec<Expression> = arguments.positional.collect();
        let keyword: Vec<(&str, Expression)> = arguments.keyword.collect();
        let sizes = positional
            .iter()
            .chain(keyword.iter().map(|(_, e)| e))
            .cloned()
            .collect();
        let inner = self.0.parse(FilterArguments {
            positional: Box::new(positional.into_iter()),
            keyword: Box::new(keyword.into_iter()),
        })?;
        Ok(Box::new(BoundedFilter {
            inner,
            arguments: sizes,
            quadratic: self.0.reflection().name() == "uniq",
        }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self.0.reflection()
    }
}

#[derive(Debug)]
struct BoundedFilter {
    inner: Box<dyn Filter>,
    /// The arguments, to measure before the call.
    arguments: Vec<Expression>,
    /// Whether its cost grows with the square of the items (the crate's `uniq` compares
    /// each item with every one kept so far).
    quadratic: bool,
}

impl fmt::Display for BoundedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl Filter for BoundedFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<LiquidValue> {
        take_steps(1, &|| format!("| {}", self.inner))?;
        let (length, items) = match (input.as_scalar(), input.as_array()) {
            (Some(scalar), _) => {
                let length = scalar.to_kstr().len();
                (length, length)
            }
            (_, Some(array)) => (0, usize::try_from(array.size()).unwrap_or(0)),
            _ => (0, 0),
        };
        let arguments: usize = self
            .arguments
            .iter()
            .filter_map(|argument| argument.try_evaluate(runtime))
            .filter_map(|value| value.as_scalar().map(|s| s.to_kstr().len()))
            .sum();
        // What `replace`, `join` or `append` could write at most: the input, and each
        // argument once per character or item of it.
        let bound = length.saturating_add(arguments.saturating_mul(items.saturating_add(1)));
        if bound > MAX_FILTER_OUTPUT {
            return Err(liquid_core::Error::with_msg(format!(
                "a filter could write {} MiB here (an input of {length} bytes or {items} \
                 items, arguments of {arguments} bytes), more than the {} MiB one filter may",
                bound >> 20,
                MAX_FILTER_OUTPUT >> 20
            )));
        }
        if self.quadratic && items > MAX_QUADRATIC_ITEMS {
            return Err(liquid_core::Error::with_msg(format!(
                "this filter compares every item with every other, and is given {items} items \
                 (at most {MAX_QUADRATIC_ITEMS})"
            )));
        }
        self.inner.evaluate(input, runtime)
    }
}

/// `{% render %}`, refused when the template is parsed.
#[derive(Clone, Copy, Debug, Default)]
struct RenderRefused;

impl TagReflection for RenderRefused {
    fn tag(&self) -> &'static str {
        "render"
    }

    fn description(&self) -> &'static str {
        "Liquid 5's render tag, which Jekyll does not have."
    }
}

impl ParseTag for RenderRefused {
    fn parse(
        &self,
        _arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        Err(liquid_core::Error::with_msg(
            "`{% render %}` is Liquid 5's, which Jekyll does not have: use `{% include %}`",
        ))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

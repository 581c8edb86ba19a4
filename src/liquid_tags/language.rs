//! The Liquid the engine understands: Jekyll's tags, blocks and filters, each bounded.
//!
//! Liquid's standard library as the `liquid` crate has it, with these differences:
//!
//! * `include` is Jekyll's ([`super::include`]); `for` and `tablerow` walk ranges without
//!   collecting them and count their turns ([`super::loops`]);
//! * `render` (Liquid 5, which Jekyll does not have) is refused: its partials recursed
//!   without a bound, and the process overflowed its stack;
//! * every filter call counts as a step of the page's budget (so that a chain of costly
//!   filters meets the time bound too), and a call that could make more than
//!   [`MAX_FILTER_OUTPUT`] bytes or [`MAX_FILTER_ITEMS`] items is refused before it runs
//!   ([`Growth`]): `s | replace: "a", s` on a 60,000-byte `s` asked for 3.6 GB at once, and
//!   `a | concat: a` in a loop doubles; `uniq`, whose cost grows with the square of its
//!   items, takes at most [`MAX_QUADRATIC_ITEMS`];
//! * `capture` counts what it captures against the page's output budget (doubling a string
//!   at each `capture` in a loop asked for gigabytes).

use super::loops::{PageOutput, output_exceeded, take_steps};
use liquid::model::Value as LiquidValue;
use liquid_core::error::ResultLiquidExt;
use liquid_core::model::KString;
use liquid_core::parser::FilterArguments;
use liquid_core::{
    BlockReflection, Expression, Filter, FilterReflection, Language, ParseBlock, ParseFilter,
    ParseTag, Renderable, Result, Runtime, TagBlock, TagReflection, TagTokenIter, Template,
    ValueView,
};
use liquid_lib::stdlib;
use std::fmt;
use std::io::Write;

/// The most one filter call may be about to write, counted before it runs from the lengths
/// of its input and arguments.
pub const MAX_FILTER_OUTPUT: usize = 64 << 20;

/// The most items one filter call may make (an array of a million small values is some
/// 50 MB).
pub const MAX_FILTER_ITEMS: usize = 1_000_000;

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
        .block(CaptureBlock)
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
            growth: Growth::of(self.0.reflection().name()),
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
    growth: Growth,
}

/// How a filter's output or cost grows with its input and arguments.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Growth {
    /// At most the input and the arguments together (`append`, `concat`, `sort`...), or a
    /// few times the input (`escape`: each step of a chain adds, it does not multiply).
    Adds,
    /// The arguments once per character or item of the input: `replace`, `join`.
    Multiplies,
    /// One item per piece of the input: `split`.
    Splits,
    /// Its cost grows with the square of the items: the crate's `uniq` compares each item
    /// with every one kept so far.
    Quadratic,
}

impl Growth {
    fn of(name: &str) -> Growth {
        match name {
            "replace" | "join" => Growth::Multiplies,
            "split" => Growth::Splits,
            "uniq" => Growth::Quadratic,
            _ => Growth::Adds,
        }
    }
}

/// A value's size as the bounds count it: a text's bytes, or an array's items.
#[derive(Default, Clone, Copy)]
struct Size {
    bytes: usize,
    items: usize,
}

impl Size {
    fn of(value: &dyn ValueView) -> Size {
        if let Some(scalar) = value.as_scalar() {
            Size {
                bytes: scalar.to_kstr().len(),
                items: 0,
            }
        } else if let Some(array) = value.as_array() {
            Size {
                bytes: 0,
                items: usize::try_from(array.size()).unwrap_or(0),
            }
        } else {
            Size::default()
        }
    }
}

impl fmt::Display for BoundedFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl Filter for BoundedFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<LiquidValue> {
        take_steps(1, &|| format!("| {}", self.inner))?;
        let input_size = Size::of(input);
        let arguments = self
            .arguments
            .iter()
            .filter_map(|argument| argument.try_evaluate(runtime))
            .fold(Size::default(), |sum, value| {
                let size = Size::of(value.as_view());
                Size {
                    bytes: sum.bytes.saturating_add(size.bytes),
                    items: sum.items.saturating_add(size.items),
                }
            });
        let pieces = input_size.bytes.max(input_size.items).saturating_add(1);
        let (bytes, items) = match self.growth {
            Growth::Adds | Growth::Quadratic => (
                input_size.bytes.saturating_add(arguments.bytes),
                input_size.items.saturating_add(arguments.items),
            ),
            Growth::Multiplies => (
                input_size
                    .bytes
                    .saturating_add(arguments.bytes.saturating_mul(pieces)),
                input_size.items,
            ),
            Growth::Splits => (
                input_size.bytes,
                input_size.bytes / arguments.bytes.max(1) + 1,
            ),
        };
        if bytes > MAX_FILTER_OUTPUT || items > MAX_FILTER_ITEMS {
            return Err(liquid_core::Error::with_msg(format!(
                "this filter could make {} (from an input of {} bytes or {} items and \
                 arguments of {} bytes or {} items), more than one filter may ({} MiB, {} items)",
                if bytes > MAX_FILTER_OUTPUT {
                    format!("{} MiB", bytes >> 20)
                } else {
                    format!("{items} items")
                },
                input_size.bytes,
                input_size.items,
                arguments.bytes,
                arguments.items,
                MAX_FILTER_OUTPUT >> 20,
                MAX_FILTER_ITEMS
            )));
        }
        if self.growth == Growth::Quadratic && input_size.items > MAX_QUADRATIC_ITEMS {
            return Err(liquid_core::Error::with_msg(format!(
                "this filter compares every item with every other, and is given {} items \
                 (at most {MAX_QUADRATIC_ITEMS})",
                input_size.items
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

/// `{% capture name %}…{% endcapture %}`, as liquid-lib's, with what it keeps counted
/// against the page's output budget (a string doubled at each `capture` in a loop asked
/// for gigabytes in a few dozen turns).
#[derive(Clone, Copy, Debug, Default)]
struct CaptureBlock;

impl BlockReflection for CaptureBlock {
    fn start_tag(&self) -> &str {
        "capture"
    }

    fn end_tag(&self) -> &str {
        "endcapture"
    }

    fn description(&self) -> &str {
        "Keeps what its body writes in a variable, within the page's output budget."
    }
}

impl ParseBlock for CaptureBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let id: KString = arguments
            .expect_next("Identifier expected")?
            .expect_identifier()
            .into_result()?
            .to_owned()
            .into();
        arguments.expect_nothing()?;
        let template = Template::new(
            tokens
                .parse_all(options)
                .trace_with(|| format!("{{% capture {id} %}}").into())?,
        );
        tokens.assert_empty();
        Ok(Box::new(Capture { id, template }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct Capture {
    id: KString,
    template: Template,
}

impl Renderable for Capture {
    fn render_to(&self, _writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let mut captured = PageOutput::default();
        let rendered = self.template.render_to(&mut captured, runtime);
        if captured.over {
            return Err(liquid_core::Error::with_msg(output_exceeded(&format!(
                " (counting what `{{% capture {} %}}` keeps)",
                self.id
            ))));
        }
        rendered.trace_with(|| format!("{{% capture {} %}}", self.id).into())?;
        runtime.set_global(self.id.clone(), LiquidValue::scalar(captured.into_string()));
        Ok(())
    }
}

//! Liquid's `{% for %}` and `{% tablerow %}`, with their work bounded.
//!
//! The `liquid` crate's own loops (liquid-lib 0.26, MIT OR Apache-2.0, from which these are
//! adapted: same syntax, same `forloop` and `tablerow` objects) first collect every value
//! of a range into memory, so `{% for i in (1..3000000000) %}` in an include asks for some
//! 100 GB and the process is killed; and nothing stops loops inside loops, or an include
//! that includes another ten times, ten levels down. Here a range is walked without being
//! collected, and every turn of a loop and every include rendered counts against one
//! budget per page, [`MAX_STEPS`] and [`MAX_SECONDS`]: past it, the tag is an error about
//! the page, and the page keeps the tag as written.
//!
//! Where liquid-lib differs from Jekyll's Liquid, these follow Jekyll: `offset` and `limit`
//! select the items from `offset` up to `offset + limit` (liquid-lib pads with `nil`). A
//! hash is walked in the order of its keys: liquid-lib walks its hash map's order, which
//! changes from run to run; Jekyll walks the order the YAML was written in, which the
//! front matter reader does not keep (it holds keys in order).

use liquid_core::error::{ResultLiquidExt, ResultLiquidReplaceExt};
use liquid_core::model::{KString, KStringRef, ObjectView, Value, ValueCow, ValueView};
use liquid_core::parser::{BlockElement, TryMatchToken};
use liquid_core::runtime::{Interrupt, InterruptRegister, StackFrame};
use liquid_core::{
    BlockReflection, Error, Expression, Language, ParseBlock, Renderable, Result, Runtime,
    TagBlock, TagTokenIter, Template,
};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;

/// How many loop turns, includes and filter calls the Liquid of one page may take: a loop over every
/// page of a large site, inside a loop over a few hundred data entries, stays well under it.
pub const MAX_STEPS: u64 = 1_000_000;

/// How long the Liquid of one page may run. A safety net for loops whose every turn is
/// costly (sorting a large list at each turn): a page that needs it is reported, and for a
/// page just at the limit, whether it passes can depend on the machine.
pub const MAX_SECONDS: u64 = 10;

/// The Liquid work of the page being rendered on this thread (each page renders on one
/// thread, from [`start_page`] to its last tag).
struct PageWork {
    steps: u64,
    written: usize,
    started: std::time::Instant,
}

thread_local! {
    static PAGE: std::cell::RefCell<PageWork> = std::cell::RefCell::new(PageWork {
        steps: 0,
        written: 0,
        started: std::time::Instant::now(),
    });
}

/// Starts counting the Liquid work of a new page on this thread.
pub fn start_page() {
    PAGE.with(|page| {
        *page.borrow_mut() = PageWork {
            steps: 0,
            written: 0,
            started: std::time::Instant::now(),
        }
    });
}

/// How much the Liquid of one page may write, with what `{% capture %}` keeps: an include
/// of the size of a large page is a few hundred KB.
pub const MAX_OUTPUT: usize = 16 << 20;

/// What a tag of the page writes (or a `capture` keeps), counted as it is written against
/// the page's [`MAX_OUTPUT`]; past it, writing fails and `over` is set.
#[derive(Default)]
pub struct PageOutput {
    pub text: Vec<u8>,
    pub over: bool,
}

impl PageOutput {
    pub fn into_string(self) -> String {
        String::from_utf8(self.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

impl std::io::Write for PageOutput {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let fits = PAGE.with(|page| {
            let mut page = page.borrow_mut();
            let fits = page.written.saturating_add(bytes.len()) <= MAX_OUTPUT;
            if fits {
                page.written += bytes.len();
            }
            fits
        });
        if !fits {
            self.over = true;
            return Err(std::io::Error::other("the page's output limit"));
        }
        self.text.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The message for a page whose Liquid wrote too much; `by` says what wrote last.
pub fn output_exceeded(by: &str) -> String {
    format!(
        "the page's Liquid wrote more than {} MiB{by}, and was stopped there",
        MAX_OUTPUT >> 20
    )
}

/// Counts `n` steps of the page's work (a loop turn, an include, a filter call), or fails once the
/// budget of steps or time is spent.
pub fn take_steps(n: u64, what: &dyn Fn() -> String) -> Result<()> {
    PAGE.with(|page| {
        let mut page = page.borrow_mut();
        page.steps = page.steps.saturating_add(n);
        if page.steps > MAX_STEPS {
            return Err(Error::with_msg(format!(
                "the page's Liquid took more than {MAX_STEPS} loop turns, includes and filter \
                 calls, and was stopped at `{}`: a loop over a range this large, or includes \
                 inside loops?",
                what()
            )));
        }
        if page.started.elapsed().as_secs() >= MAX_SECONDS {
            return Err(Error::with_msg(format!(
                "the page's Liquid ran for more than {MAX_SECONDS} s, and was stopped at `{}`: \
                 loops or filters that do much work?",
                what()
            )));
        }
        Ok(())
    })
}

/// What a loop walks: values held in memory, or a range of integers walked as counted.
enum Items<'r> {
    Values(Vec<ValueCow<'r>>),
    Counted { start: i64, len: u64 },
}

impl Items<'_> {
    fn len(&self) -> u64 {
        match self {
            Items::Values(values) => values.len() as u64,
            Items::Counted { len, .. } => *len,
        }
    }

    /// The item at `index` (below [`Items::len`]).
    fn get(&self, index: u64) -> ValueCow<'_> {
        match self {
            Items::Values(values) => ValueCow::Borrowed(values[index as usize].as_view()),
            // `start + index` stays within the range, itself within i64.
            Items::Counted { start, .. } => {
                ValueCow::Owned(Value::scalar(start.wrapping_add(index as i64)))
            }
        }
    }
}

/// The items of a loop after `offset`, `limit` and `reversed`, as Jekyll's Liquid selects
/// them: the items from index `offset` up to (not including) `offset + limit`, then
/// reversed. (liquid-lib pads a `limit` beyond the last item with `nil`, and reads a
/// negative number as a very large one.)
struct Selection<'r> {
    items: Items<'r>,
    first: u64,
    len: u64,
    reversed: bool,
}

impl Selection<'_> {
    fn new(items: Items<'_>, limit: Option<i64>, offset: i64, reversed: bool) -> Selection<'_> {
        let all = i128::from(items.len());
        let from = i128::from(offset);
        let to = limit.map_or(all, |limit| (from + i128::from(limit)).min(all));
        let first = from.clamp(0, all);
        let len = (to - first).max(0);
        Selection {
            items,
            first: first as u64,
            len: len as u64,
            reversed,
        }
    }

    fn get(&self, turn: u64) -> ValueCow<'_> {
        let position = if self.reversed {
            self.len - 1 - turn
        } else {
            turn
        };
        self.items.get(self.first + position)
    }
}

#[derive(Clone, Debug)]
enum RangeExpression {
    Array(Expression),
    Counted(Expression, Expression),
}

impl RangeExpression {
    fn parse(arguments: &mut TagTokenIter<'_>) -> Result<RangeExpression> {
        let range = arguments.expect_next("Array or range expected.")?;
        Ok(match range.expect_value() {
            TryMatchToken::Matches(array) => RangeExpression::Array(array),
            TryMatchToken::Fails(range) => match range.expect_range() {
                TryMatchToken::Matches((start, stop)) => RangeExpression::Counted(start, stop),
                TryMatchToken::Fails(range) => return range.raise_error().into_err(),
            },
        })
    }

    fn evaluate<'r>(&'r self, runtime: &'r dyn Runtime) -> Result<Evaluated<'r>> {
        match self {
            RangeExpression::Array(array) => array.evaluate(runtime).map(Evaluated::Array),
            RangeExpression::Counted(start, stop) => {
                let start = int_argument(start, runtime, "start")?;
                let stop = int_argument(stop, runtime, "end")?;
                let len = if stop < start {
                    0
                } else {
                    (i128::from(stop) - i128::from(start) + 1).min(i128::from(u64::MAX)) as u64
                };
                Ok(Evaluated::Counted { start, len })
            }
        }
    }
}

/// A loop's range, evaluated.
enum Evaluated<'r> {
    Array(ValueCow<'r>),
    Counted { start: i64, len: u64 },
}

impl Evaluated<'_> {
    fn items(&self) -> Result<Items<'_>> {
        Ok(match self {
            Evaluated::Array(array) => Items::Values(values_of(array.as_view())?),
            Evaluated::Counted { start, len } => Items::Counted {
                start: *start,
                len: *len,
            },
        })
    }
}

impl fmt::Display for RangeExpression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeExpression::Array(array) => write!(f, "{array}"),
            RangeExpression::Counted(start, stop) => write!(f, "({start}..{stop})"),
        }
    }
}

/// An array's values; an object's `[key, value]` pairs, by key; nothing for `nil` or empty.
fn values_of(array: &dyn ValueView) -> Result<Vec<ValueCow<'_>>> {
    if let Some(array) = array.as_array() {
        Ok(array.values().map(ValueCow::Borrowed).collect())
    } else if let Some(object) = array.as_object() {
        // The `liquid` crate's objects are hash maps, walked in an order that changes from
        // run to run; here in the order of their keys, the same on every run. (Jekyll
        // walks the order the YAML was written in, which is not kept.)
        let mut pairs: Vec<_> = object.iter().collect();
        pairs.sort_by(|(a, _), (b, _)| a.cmp(b));
        Ok(pairs
            .into_iter()
            .map(|(key, value)| {
                Value::Array(vec![Value::scalar(key.into_owned()), value.to_value()]).into()
            })
            .collect())
    } else if array.is_state() || array.is_nil() {
        Ok(Vec::new())
    } else {
        Err(unexpected_value("array", array.type_name()))
    }
}

fn int_argument(argument: &Expression, runtime: &dyn Runtime, name: &str) -> Result<i64> {
    let value = argument.evaluate(runtime)?;
    value
        .as_scalar()
        .and_then(|v| v.to_integer())
        .ok_or_else(|| unexpected_value("whole number", value.type_name()))
        .context_key_with(|| name.to_owned().into())
        .value_with(|| value.to_kstr().into_owned())
}

fn unexpected_value(expected: &str, found: &str) -> Error {
    Error::with_msg(format!("Expected {expected}, found `{found}`"))
}

/// `limit: n` or `offset: n` (and `cols: n`), after its name.
fn parse_attribute(arguments: &mut TagTokenIter<'_>) -> Result<Expression> {
    arguments
        .expect_next("\":\" expected.")?
        .expect_str(":")
        .into_result_custom_msg("\":\" expected.")?;
    arguments
        .expect_next("Value expected.")?
        .expect_value()
        .into_result()
}

fn evaluate_attribute(
    attribute: &Option<Expression>,
    runtime: &dyn Runtime,
) -> Result<Option<i64>> {
    let Some(attribute) = attribute else {
        return Ok(None);
    };
    let value = attribute.evaluate(runtime)?;
    let number = value
        .as_scalar()
        .and_then(|s| s.to_integer())
        .ok_or_else(|| unexpected_value("whole number", value.type_name()))?;
    Ok(Some(number))
}

/// What `{% for %}` and `{% tablerow %}` hold before their body: `name in range` and the
/// parameters after it (`cols` for `tablerow`, `reversed` for `for`).
#[derive(Debug)]
struct LoopHead {
    tag: &'static str,
    var_name: KString,
    range: RangeExpression,
    cols: Option<Expression>,
    limit: Option<Expression>,
    offset: Option<Expression>,
    reversed: bool,
}

impl LoopHead {
    fn parse(tag: &'static str, arguments: &mut TagTokenIter<'_>) -> Result<LoopHead> {
        let var_name = arguments
            .expect_next("Identifier expected.")?
            .expect_identifier()
            .into_result()?;
        arguments
            .expect_next("\"in\" expected.")?
            .expect_str("in")
            .into_result_custom_msg("\"in\" expected.")?;
        let mut head = LoopHead {
            tag,
            var_name: KString::from_ref(var_name),
            range: RangeExpression::parse(arguments)?,
            cols: None,
            limit: None,
            offset: None,
            reversed: false,
        };
        while let Some(token) = arguments.next() {
            match (tag, token.as_str()) {
                (_, "limit") => head.limit = Some(parse_attribute(arguments)?),
                (_, "offset") => head.offset = Some(parse_attribute(arguments)?),
                ("for", "reversed") => head.reversed = true,
                ("tablerow", "cols") => head.cols = Some(parse_attribute(arguments)?),
                _ => {
                    let expected = if tag == "for" {
                        "\"limit\", \"offset\" or \"reversed\" expected."
                    } else {
                        "\"cols\", \"limit\" or \"offset\" expected."
                    };
                    return token.raise_custom_error(expected).into_err();
                }
            }
        }
        arguments.expect_nothing()?;
        Ok(head)
    }

    /// The tag as errors quote it.
    fn trace(&self) -> String {
        let mut written = format!("{{% {} {} in {}", self.tag, self.var_name, self.range);
        for (name, value) in [
            ("cols", &self.cols),
            ("limit", &self.limit),
            ("offset", &self.offset),
        ] {
            if let Some(value) = value {
                written.push_str(&format!(" {name}:{value}"));
            }
        }
        if self.reversed {
            written.push_str(" reversed");
        }
        written + " %}"
    }

    /// The items the loop walks, after `offset`, `limit` and `reversed`.
    fn select<'r>(&self, items: Items<'r>, runtime: &dyn Runtime) -> Result<Selection<'r>> {
        let limit = evaluate_attribute(&self.limit, runtime)?;
        let offset = evaluate_attribute(&self.offset, runtime)?.unwrap_or(0);
        Ok(Selection::new(items, limit, offset, self.reversed))
    }
}

#[derive(Copy, Clone, Debug, Default)]
pub struct ForBlock;

impl BlockReflection for ForBlock {
    fn start_tag(&self) -> &str {
        "for"
    }

    fn end_tag(&self) -> &str {
        "endfor"
    }

    fn description(&self) -> &str {
        "Renders its body for each item of an array or a range, within the steps budget."
    }
}

impl ParseBlock for ForBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let head = LoopHead::parse("for", &mut arguments)?;

        let mut item_template = Vec::new();
        let mut else_template = None;
        while let Some(element) = tokens.next()? {
            match element {
                BlockElement::Tag(mut tag) if tag.name() == "else" => {
                    tag.tokens().expect_nothing()?;
                    else_template = Some(tokens.parse_all(options)?);
                    break;
                }
                BlockElement::Tag(tag) => item_template.push(tag.parse(&mut tokens, options)?),
                element => item_template.push(element.parse(&mut tokens, options)?),
            }
        }
        tokens.assert_empty();
        Ok(Box::new(For {
            head,
            item_template: Template::new(item_template),
            else_template: else_template.map(Template::new),
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct For {
    head: LoopHead,
    item_template: Template,
    else_template: Option<Template>,
}

impl Renderable for For {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let head = &self.head;
        let range = head
            .range
            .evaluate(runtime)
            .trace_with(|| head.trace().into())?;
        let selection = head.select(range.items()?, runtime)?;
        if selection.len == 0 {
            if let Some(else_template) = &self.else_template {
                else_template
                    .render_to(writer, runtime)
                    .trace("{{% else %}}")
                    .trace_with(|| head.trace().into())?;
            }
            return Ok(());
        }
        let parentloop = runtime.try_get(&[liquid_core::model::Scalar::new("forloop")]);
        let parentloop = parentloop.as_ref().map(|v| v.as_view());
        for turn in 0..selection.len {
            take_steps(1, &|| head.trace())?;
            let item = selection.get(turn);
            let forloop = ForloopObject::new(turn, selection.len, parentloop);
            let mut root = HashMap::<KStringRef<'_>, &dyn ValueView>::new();
            root.insert("forloop".into(), &forloop);
            root.insert(head.var_name.as_ref(), &item);
            let scope = StackFrame::new(runtime, &root);
            self.item_template
                .render_to(writer, &scope)
                .trace_with(|| head.trace().into())
                .context_key("index")
                .value_with(|| format!("{}", turn + 1).into())?;
            // At the end of the body a `continue` needs nothing more; a `break` ends the loop.
            let interrupt = scope.registers().get_mut::<InterruptRegister>().reset();
            if let Some(Interrupt::Break) = interrupt {
                break;
            }
        }
        Ok(())
    }
}

/// A count as the loop objects hold it: an i64, at most its largest value.
fn clamp(count: u64) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}

#[derive(Debug, Clone, ValueView, ObjectView)]
struct ForloopObject<'p> {
    length: i64,
    parentloop: Option<&'p dyn ValueView>,
    index0: i64,
    index: i64,
    rindex0: i64,
    rindex: i64,
    first: bool,
    last: bool,
}

impl<'p> ForloopObject<'p> {
    fn new(turn: u64, len: u64, parentloop: Option<&'p dyn ValueView>) -> Self {
        // A range may hold more numbers than an i64 counts (`(0..9223372036854775807)`):
        // the counts stop at its largest value.
        let (i, len) = (clamp(turn), clamp(len));
        Self {
            length: len,
            parentloop,
            index0: i,
            index: i.saturating_add(1),
            rindex0: len.saturating_sub(i).saturating_sub(1),
            rindex: len.saturating_sub(i),
            first: i == 0,
            last: i == len.saturating_sub(1),
        }
    }
}

#[derive(Copy, Clone, Debug, Default)]
pub struct TableRowBlock;

impl BlockReflection for TableRowBlock {
    fn start_tag(&self) -> &str {
        "tablerow"
    }

    fn end_tag(&self) -> &str {
        "endtablerow"
    }

    fn description(&self) -> &str {
        "Renders an HTML table row by row, within the steps budget."
    }
}

impl ParseBlock for TableRowBlock {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        mut tokens: TagBlock<'_, '_>,
        options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let head = LoopHead::parse("tablerow", &mut arguments)?;
        let item_template = Template::new(tokens.parse_all(options)?);
        tokens.assert_empty();
        Ok(Box::new(TableRow {
            head,
            item_template,
        }))
    }

    fn reflection(&self) -> &dyn BlockReflection {
        self
    }
}

#[derive(Debug)]
struct TableRow {
    head: LoopHead,
    item_template: Template,
}

impl Renderable for TableRow {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let head = &self.head;
        let range = head
            .range
            .evaluate(runtime)
            .trace_with(|| head.trace().into())?;
        let cols = evaluate_attribute(&head.cols, runtime)?;
        let selection = head.select(range.items()?, runtime)?;
        let len = selection.len;
        for turn in 0..len {
            take_steps(1, &|| head.trace())?;
            // `cols: 0` divides by zero in liquid-lib; here it is one row.
            let cols = cols.filter(|&c| c > 0).map_or(len, |c| c as u64);
            let tablerow = TableRowObject::new(turn, len, turn % cols, cols);
            let item = selection.get(turn);
            let mut root = HashMap::<KStringRef<'_>, &dyn ValueView>::new();
            root.insert("tablerow".into(), &tablerow);
            root.insert(head.var_name.as_ref(), &item);
            if tablerow.col_first {
                write!(writer, "<tr class=\"row{}\">", turn / cols + 1)
                    .replace("Failed to render")?;
            }
            write!(writer, "<td class=\"col{}\">", turn % cols + 1).replace("Failed to render")?;
            let scope = StackFrame::new(runtime, &root);
            self.item_template
                .render_to(writer, &scope)
                .trace_with(|| head.trace().into())
                .context_key("index")
                .value_with(|| format!("{}", turn + 1).into())?;
            write!(writer, "</td>").replace("Failed to render")?;
            if tablerow.col_last {
                write!(writer, "</tr>").replace("Failed to render")?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, ValueView, ObjectView)]
struct TableRowObject {
    length: i64,
    index0: i64,
    index: i64,
    rindex0: i64,
    rindex: i64,
    first: bool,
    last: bool,
    col0: i64,
    col: i64,
    col_first: bool,
    col_last: bool,
}

impl TableRowObject {
    fn new(turn: u64, len: u64, col: u64, cols: u64) -> Self {
        let (i, len, col, cols) = (clamp(turn), clamp(len), clamp(col), clamp(cols));
        let last = i == len.saturating_sub(1);
        Self {
            length: len,
            index0: i,
            index: i.saturating_add(1),
            rindex0: len.saturating_sub(i).saturating_sub(1),
            rindex: len.saturating_sub(i),
            first: i == 0,
            last,
            col0: col,
            col: col.saturating_add(1),
            col_first: col == 0,
            col_last: col == cols.saturating_sub(1) || last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parser: &liquid::Parser, template: &str) -> Result<String> {
        let globals = liquid::object!({
            "list": ["a", "b", "c", "d"],
            "map": { "k": 1, "l": 2 },
            "n": 3,
            "m": -2,
            "nothing": liquid::model::Value::Nil,
        });
        start_page();
        parser.parse(template)?.render(&globals)
    }

    /// The loops give what liquid-lib's give, on every parameter and object they have.
    #[test]
    fn loops_render_as_the_liquid_crate_renders_them() {
        let reference = liquid::ParserBuilder::with_stdlib().build().unwrap();
        let bounded = liquid::ParserBuilder::with_stdlib()
            .block(ForBlock)
            .block(TableRowBlock)
            .build()
            .unwrap();
        let cases = [
            "{% for i in (1..5) %}{{ i }}{% endfor %}",
            "{% for i in (m..n) %}{{ i }},{% endfor %}",
            "{% for i in (5..1) %}{{ i }}{% else %}empty{% endfor %}",
            "{% for i in (1..6) reversed %}{{ i }}{% endfor %}",
            "{% for i in (1..6) offset:2 %}{{ i }}{% endfor %}",
            "{% for i in (1..6) limit:2 %}{{ i }}{% endfor %}",
            "{% for i in (1..6) offset:2 limit:3 reversed %}{{ i }}{% endfor %}",
            "{% for i in (1..5) offset:9 %}{{ i }}{% else %}none{% endfor %}",
            "{% for x in list %}{{ forloop.index }}{{ forloop.index0 }}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.first }}{{ forloop.last }}{{ forloop.length }}{{ x }};{% endfor %}",
            "{% for x in list %}{% for y in (1..2) %}{{ forloop.parentloop.index }}{{ x }}{{ y }} {% endfor %}{% endfor %}",
            "{% for x in list %}{% if x == 'b' %}{% continue %}{% endif %}{% if x == 'd' %}{% break %}{% endif %}{{ x }}{% endfor %}",
            "{% for x in nothing %}{{ x }}{% else %}nil{% endfor %}",
            "{% for x in missing %}{{ x }}{% else %}missing{% endfor %}",
            "{% for x in n %}{{ x }}{% endfor %}",
            "{% for i in (1..list) %}{{ i }}{% endfor %}",
            "{% for i in (1..3) step:2 %}{{ i }}{% endfor %}",
            "{% tablerow x in list cols:3 %}{{ x }}{{ tablerow.col }}{{ tablerow.col_first }}{{ tablerow.col_last }}{{ tablerow.index }}{% endtablerow %}",
            "{% tablerow i in (1..7) cols:2 offset:1 limit:4 %}{{ i }}{{ tablerow.rindex }}{{ tablerow.last }}{% endtablerow %}",
            "{% tablerow x in list %}{{ x }}{{ tablerow.length }}{% endtablerow %}",
        ];
        for case in cases {
            let expected = render(&reference, case).map_err(|e| e.to_string());
            let got = render(&bounded, case).map_err(|e| e.to_string());
            match (&expected, &got) {
                (Ok(expected), Ok(got)) => assert_eq!(got, expected, "{case}"),
                // Errors read alike in their first line (the trace around them may differ).
                (Err(expected), Err(got)) => assert_eq!(
                    got.lines().next(),
                    expected.lines().next(),
                    "{case}\n{got}\n{expected}"
                ),
                _ => panic!("{case}: {got:?} where the liquid crate gives {expected:?}"),
            }
        }
    }

    /// Where liquid-lib differs from Jekyll's Liquid, the loops follow Jekyll: the items
    /// from `offset` up to `offset + limit`, never padded with `nil`; a negative `limit`
    /// selects nothing, a negative `offset` starts before the first item.
    #[test]
    fn offset_and_limit_select_as_in_jekyll() {
        let parser = liquid::ParserBuilder::with_stdlib()
            .block(ForBlock)
            .block(TableRowBlock)
            .build()
            .unwrap();
        for (case, jekyll) in [
            (
                "{% for i in (1..5) offset:3 limit:4 %}[{{ i }}]{% endfor %}",
                "[4][5]",
            ),
            (
                "{% for i in (1..5) offset:3 limit:4 %}{{ forloop.length }}{% endfor %}",
                "22",
            ),
            (
                "{% for i in (1..5) offset:3 limit:4 reversed %}[{{ i }}]{% endfor %}",
                "[5][4]",
            ),
            (
                "{% for x in list offset:1 limit:5 reversed %}[{{ x }}]{% endfor %}",
                "[d][c][b]",
            ),
            (
                "{% for i in (1..5) limit:-1 %}{{ i }}{% else %}none{% endfor %}",
                "none",
            ),
            (
                "{% for i in (1..5) offset:-1 limit:3 %}{{ i }}{% endfor %}",
                "12",
            ),
            ("{% for i in (1..5) offset:m %}{{ i }}{% endfor %}", "12345"),
            // More numbers than an i64 counts: the counts stop at its largest value.
            (
                "{% for i in (-9223372036854775808..9223372036854775807) %}{{ forloop.length }} {{ forloop.rindex }}{% break %}{% endfor %}",
                "9223372036854775807 9223372036854775807",
            ),
            (
                "{% for i in (-9223372036854775808..9223372036854775807) offset:-1 limit:3 %}{{ i }},{% endfor %}",
                "-9223372036854775808,-9223372036854775807,",
            ),
            (
                "{% tablerow i in (1..3) offset:2 limit:5 %}{{ i }}{% endtablerow %}",
                "<tr class=\"row1\"><td class=\"col1\">3</td></tr>",
            ),
        ] {
            assert_eq!(render(&parser, case).unwrap(), jekyll, "{case}");
        }
    }

    /// An object is walked in the order of its keys, on every run (the `liquid` crate walks
    /// its hash map's order, which changes from run to run).
    #[test]
    fn an_object_is_walked_in_key_order() {
        let parser = liquid::ParserBuilder::with_stdlib()
            .block(ForBlock)
            .build()
            .unwrap();
        let template = "{% for pair in map %}{{ pair[0] }}={{ pair[1] }};{% endfor %}";
        for _ in 0..20 {
            let globals = liquid::object!({ "map": { "k": 1, "l": 2, "a": 3, "z": 4, "m": 5 } });
            let out = parser.parse(template).unwrap().render(&globals).unwrap();
            assert_eq!(out, "a=3;k=1;l=2;m=5;z=4;");
        }
    }

    /// A range is walked, not collected: a loop that breaks early over a range of a hundred
    /// billion numbers takes four turns (liquid-lib would ask for terabytes first).
    #[test]
    fn a_huge_range_is_walked_not_collected() {
        let parser = liquid::ParserBuilder::with_stdlib()
            .block(ForBlock)
            .build()
            .unwrap();
        let out = render(
            &parser,
            "{% for i in (1..100000000000) %}{% if i > 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
        )
        .unwrap();
        assert_eq!(out, "123");
        let too_long = render(&parser, "{% for i in (1..100000000000) %}{% endfor %}")
            .unwrap_err()
            .to_string();
        assert!(
            too_long.contains(&format!(
                "the page's Liquid took more than {MAX_STEPS} loop turns, includes and filter calls, and was stopped at `{{% for i in (1..100000000000) %}}`"
            )),
            "{too_long}"
        );
        // Loops inside loops share the budget.
        let nested = render(
            &parser,
            "{% for i in (1..2000) %}{% for j in (1..2000) %}{% endfor %}{% endfor %}",
        )
        .unwrap_err()
        .to_string();
        assert!(
            nested.contains("loop turns, includes and filter calls"),
            "{nested}"
        );
        // The tags of one page share the budget; each page starts from zero.
        let template = parser
            .parse("{% for i in (1..600000) %}{% endfor %}done")
            .unwrap();
        for _ in 0..2 {
            start_page();
            assert_eq!(template.render(&liquid::object!({})).unwrap(), "done");
            let second = template.render(&liquid::object!({})).unwrap_err();
            assert!(second.to_string().contains("loop turns"), "{second}");
        }
    }
}

//! Jekyll's `{% include name.html key=value %}` for the `liquid` crate.
//!
//! As `liquid_lib::jekyll::IncludeTag` parses it, but the parameters are an `include`
//! object whose missing keys are `nil`, as in Jekyll: an include that tests
//! `{% if include.title %}` renders when called without a title. As in Jekyll, an include
//! given no parameters sees the `include` of the one that includes it (at the top, `nil`).
//! Includes nest at most [`MAX_DEPTH`] deep, so that one that includes itself, directly or
//! through others, is an error about the page rather than a stack overflow.

use super::lax::LaxObject;
use liquid::model::{KString, KStringRef, Object};
use liquid_core::error::ResultLiquidExt;
use liquid_core::parser::TryMatchToken;
use liquid_core::runtime::StackFrame;
use liquid_core::{
    Expression, Language, ParseTag, Renderable, Result, Runtime, TagReflection, TagTokenIter,
    ValueView,
};
use std::collections::HashMap;
use std::io::Write;

/// How deep includes may nest. Just the Docs nests three or four; Jekyll stops at 100, but
/// each level holds a render's stack frames, and the pages render on threads with small
/// stacks.
pub const MAX_DEPTH: usize = 16;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of include nesting, given back when dropped (also when a render unwinds).
struct Nested;

impl Nested {
    fn enter(name: &str) -> Result<Nested> {
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_DEPTH {
            return Err(liquid_core::Error::with_msg(format!(
                "includes nest more than {MAX_DEPTH} deep at `{name}`: an include that \
                 includes itself, directly or through others? Jekyll stops on it too"
            )));
        }
        DEPTH.with(|d| d.set(depth + 1));
        Ok(Nested)
    }
}

impl Drop for Nested {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct IncludeTag;

impl TagReflection for IncludeTag {
    fn tag(&self) -> &'static str {
        "include"
    }

    fn description(&self) -> &'static str {
        "Renders a file of `_includes` with `include.*` set from the parameters."
    }
}

impl ParseTag for IncludeTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> Result<Box<dyn Renderable>> {
        let name = arguments.expect_next("the name of a file in `_includes` expected")?;
        let name = match name.expect_identifier() {
            TryMatchToken::Matches(name) => name.to_string(),
            // A quoted name (`"cards/note.html"`, as the Liquid stage writes every name).
            TryMatchToken::Fails(name) => name.as_str().trim_matches('"').to_owned(),
        };
        let mut parameters = Vec::new();
        while let Ok(next) = arguments.expect_next("") {
            let key = next.expect_identifier().into_result()?.to_owned();
            arguments
                .expect_next("\"=\" expected")?
                .expect_str("=")
                .into_result_custom_msg("expected \"=\" after a parameter's name")?;
            let value = arguments
                .expect_next("a value expected")?
                .expect_value()
                .into_result()?;
            parameters.push((KString::from(key), value));
        }
        arguments.expect_nothing()?;
        Ok(Box::new(Include {
            name: Expression::with_literal(name),
            parameters,
        }))
    }

    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

#[derive(Debug)]
struct Include {
    name: Expression,
    parameters: Vec<(KString, Expression)>,
}

impl Renderable for Include {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> Result<()> {
        let name = partial_name(&self.name.evaluate(runtime)?.render().to_string());
        super::loops::take_steps(1, &|| format!("{{% include {name} %}}"))?;
        let _nested = Nested::enter(&name)?;
        let partial = runtime
            .partials()
            .get(&name)
            .trace_with(|| format!("{{% include {name} %}}").into())?;
        if self.parameters.is_empty() {
            return partial
                .render_to(writer, runtime)
                .trace_with(|| format!("{{% include {name} %}}").into());
        }
        let mut include = Object::new();
        for (key, value) in &self.parameters {
            let value = value
                .try_evaluate(runtime)
                .map_or(liquid::model::Value::Nil, |v| v.into_owned());
            include.insert(key.clone(), value);
        }
        let mut frame = HashMap::<KStringRef<'_>, &dyn ValueView>::new();
        frame.insert(KStringRef::from_static("include"), LaxObject::new(&include));
        let scope = StackFrame::new(runtime, &frame);
        partial
            .render_to(writer, &scope)
            .trace_with(|| format!("{{% include {name} %}}").into())
    }
}

/// The name under which the engine holds `_includes/<name>`: Jekyll reads `./x.html` and
/// `d//y.html` as `x.html` and `d/y.html`.
fn partial_name(name: &str) -> String {
    name.split('/')
        .filter(|segment| !segment.is_empty() && *segment != ".")
        .collect::<Vec<_>>()
        .join("/")
}

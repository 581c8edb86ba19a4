//! Jekyll's `{% include name.html key=value %}` for the `liquid` crate.
//!
//! As `liquid_lib::jekyll::IncludeTag` parses it, but the parameters are an `include`
//! object whose missing keys are `nil`, as in Jekyll: an include that tests
//! `{% if include.title %}` renders when called without a title. As in Jekyll, an include
//! given no parameters sees the `include` of the one that includes it (at the top, `nil`).

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
            TryMatchToken::Fails(name) => name.as_str().to_owned(),
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
        let name = self.name.evaluate(runtime)?.render().to_string();
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

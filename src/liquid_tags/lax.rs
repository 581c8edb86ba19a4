//! Jekyll's forgiving lookups for the `liquid` crate.
//!
//! In Jekyll (Ruby Liquid), a variable, key or index that does not exist is `nil`:
//! `page.missing` renders as nothing, `{{ page.missing | default: "x" }}` gives `x`, and
//! `{% if include.title %}` is false when the include was given no `title`. The `liquid`
//! crate instead stops the whole template with "Unknown variable" or "Unknown index". The
//! views here wrap the crate's own values without copying them (`ref_cast`) and answer
//! every missing name, key or index with [`MISSING`], a `nil` that can itself be indexed
//! (`page.a.b` with no `a`).
//!
//! What the crate copies out of these views is plain again: a loop variable or an
//! `assign`ed value is looked up strictly (`{% for x in page.links %}{{ x.missing }}`).
//! Every name is known to [`Globals`], so the crate's `increment`/`decrement` counters,
//! which it keeps below the globals, cannot be read back as variables.

use liquid::model::{Array, Object, Value};
use liquid_core::model::{ArrayView, DisplayCow, KStringCow, ObjectView, State, ValueView};
use ref_cast::RefCast;
use std::fmt;

/// An object whose missing keys are `nil`.
#[derive(Debug, RefCast)]
#[repr(transparent)]
pub struct LaxObject(Object);

/// An array whose missing indexes are `nil`.
#[derive(Debug, RefCast)]
#[repr(transparent)]
struct LaxArray(Array);

/// `nil`, as a missing name, key or index gives it: every key of it is `nil` again.
#[derive(Debug)]
pub struct Missing;

pub static MISSING: Missing = Missing;

/// The names a template starts with (`site`, `page`), every other one `nil`. Names the
/// template sets itself (`assign`, `capture`, loop variables) live in frames above it.
pub struct Globals<'a>(pub Vec<(&'static str, &'a Object)>);

impl LaxObject {
    pub fn new(object: &Object) -> &LaxObject {
        LaxObject::ref_cast(object)
    }
}

/// The value, with the objects and arrays inside it looked up the forgiving way.
fn lax(value: &Value) -> &dyn ValueView {
    match value {
        Value::Object(object) => LaxObject::ref_cast(object),
        Value::Array(array) => LaxArray::ref_cast(array),
        // An empty key (`author:`) may be indexed too (`page.author.name`).
        Value::Nil => &MISSING,
        other => other,
    }
}

/// The `ValueView` methods a wrapper answers as the value it wraps (`self.0`) does.
macro_rules! delegate_to_wrapped {
    () => {
        fn as_debug(&self) -> &dyn fmt::Debug {
            self
        }
        fn render(&self) -> DisplayCow<'_> {
            self.0.render()
        }
        fn source(&self) -> DisplayCow<'_> {
            self.0.source()
        }
        fn type_name(&self) -> &'static str {
            self.0.type_name()
        }
        fn query_state(&self, state: State) -> bool {
            self.0.query_state(state)
        }
        fn to_kstr(&self) -> KStringCow<'_> {
            self.0.to_kstr()
        }
        fn to_value(&self) -> Value {
            self.0.to_value()
        }
    };
}

impl ValueView for LaxObject {
    delegate_to_wrapped!();
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
    fn is_nil(&self) -> bool {
        self.0.is_nil()
    }
}

impl ObjectView for LaxObject {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.0.size()
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        ObjectView::keys(&self.0)
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.0.values().map(lax))
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(
            self.0
                .iter()
                .map(|(k, v)| (KStringCow::from(k.as_ref()), lax(v))),
        )
    }
    fn contains_key(&self, index: &str) -> bool {
        self.0.contains_key(index)
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        match self.0.get(index) {
            Some(value) => Some(lax(value)),
            // Left to the crate, which answers `size` with the number of keys.
            None if index == "size" => None,
            None => Some(&MISSING),
        }
    }
}

impl ValueView for LaxArray {
    delegate_to_wrapped!();
    fn as_array(&self) -> Option<&dyn ArrayView> {
        Some(self)
    }
}

impl ArrayView for LaxArray {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.0.size()
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(self.0.iter().map(lax))
    }
    fn contains_key(&self, index: i64) -> bool {
        self.0.contains_key(index)
    }
    fn get(&self, index: i64) -> Option<&dyn ValueView> {
        // As the crate counts: a negative index from the end.
        let at = if index < 0 {
            index + self.size()
        } else {
            index
        };
        let value = usize::try_from(at)
            .ok()
            .and_then(|at| self.0.as_slice().get(at));
        Some(value.map_or(&MISSING, lax))
    }
}

impl ValueView for Missing {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Borrowed(&"")
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Borrowed(&"nil")
    }
    fn type_name(&self) -> &'static str {
        "nil"
    }
    fn query_state(&self, state: State) -> bool {
        Value::Nil.query_state(state)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_static("")
    }
    fn to_value(&self) -> Value {
        Value::Nil
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
    fn is_nil(&self) -> bool {
        true
    }
}

impl ObjectView for Missing {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        0
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(std::iter::empty())
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(std::iter::empty())
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(std::iter::empty())
    }
    fn contains_key(&self, _index: &str) -> bool {
        false
    }
    fn get<'s>(&'s self, _index: &str) -> Option<&'s dyn ValueView> {
        Some(&MISSING)
    }
}

impl fmt::Debug for Globals<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

impl ValueView for Globals<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Borrowed(&"")
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Borrowed(&"")
    }
    fn type_name(&self) -> &'static str {
        "object"
    }
    fn query_state(&self, state: State) -> bool {
        matches!(state, State::Truthy)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_static("")
    }
    fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(name, object)| ((*name).into(), Value::Object((*object).clone())))
                .collect(),
        )
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for Globals<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        self.0.len() as i64
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(self.0.iter().map(|(name, _)| KStringCow::from_static(name)))
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new(
            self.0
                .iter()
                .map(|(_, v)| LaxObject::new(v) as &dyn ValueView),
        )
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(self.0.iter().map(|(name, v)| {
            (
                KStringCow::from_static(name),
                LaxObject::new(v) as &dyn ValueView,
            )
        }))
    }
    /// Every name: the crate looks no further than this frame (so an unknown name is
    /// `nil`, not an error).
    fn contains_key(&self, _index: &str) -> bool {
        true
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        Some(match self.0.iter().find(|(name, _)| *name == index) {
            Some((_, value)) => LaxObject::new(value),
            None => &MISSING,
        })
    }
}

//! The services catalog: a YAML file (by default `_data/services.yml` in the book's source,
//! where Jekyll keeps site data) mapping each service name to its description.
//!
//! ```yaml
//! AWS Secrets Manager: Helps you protect secrets needed to access your applications.
//! AWS IAM:
//!   description: Enables you to manage access to AWS services and resources securely.
//! ```

use crate::frontmatter;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Service name -> description.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub services: BTreeMap<String, String>,
}

impl Catalog {
    /// Parses the catalog. Errors carry the line (1-based) when known.
    pub fn parse(text: &str) -> Result<Catalog, (Option<usize>, String)> {
        let map = frontmatter::parse_yaml(text, 1).map_err(|e| (Some(e.line), e.message))?;
        let mut services = BTreeMap::new();
        for (name, value) in map {
            let description = match &value {
                Value::String(s) => s.clone(),
                Value::Object(fields) => match fields.get("description") {
                    Some(Value::String(s)) => s.clone(),
                    _ => {
                        return Err((
                            Some(frontmatter::key_line(text, &name).saturating_sub(1).max(1)),
                            format!("service `{name}` needs a `description` text"),
                        ));
                    }
                },
                _ => {
                    return Err((
                        Some(frontmatter::key_line(text, &name).saturating_sub(1).max(1)),
                        format!("service `{name}` must map to a description text"),
                    ));
                }
            };
            services.insert(name, description);
        }
        Ok(Catalog { services })
    }

    pub fn load(path: &Path) -> Result<Catalog, (Option<usize>, String)> {
        let text = crate::paths::read_text_file(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "the file does not exist; create it (one `Name: description` line per service), or give each card its description (description=\"...\" or a body)".to_string()
                }
                std::io::ErrorKind::PermissionDenied => "cannot read it: permission denied".to_string(),
                std::io::ErrorKind::InvalidData => "cannot read it: it is not UTF-8 text".to_string(),
                _ => format!("cannot read it: {}", crate::paths::without_os_code(&e.to_string())),
            };
            (None, why)
        })?;
        Self::parse(&text)
    }

    pub fn description(&self, name: &str) -> Option<&str> {
        self.services.get(name).map(String::as_str)
    }

    /// Catalog names close to `name`, for "did you mean".
    pub fn closest(&self, name: &str) -> Vec<&str> {
        crate::suggest::closest(name, self.services.keys().map(String::as_str), 3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_entry_forms() {
        let c = Catalog::parse("A: one\nB:\n  description: two\n").unwrap();
        assert_eq!(c.description("A"), Some("one"));
        assert_eq!(c.description("B"), Some("two"));
        assert_eq!(c.closest("a"), ["A"]);
    }

    #[test]
    fn bad_entries_name_the_line() {
        let err = Catalog::parse("A: one\nB: [x]\n").unwrap_err();
        assert_eq!(err.0, Some(2));
        assert!(err.1.contains("`B`"));
    }
}

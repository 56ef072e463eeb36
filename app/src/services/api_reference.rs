//! X-API: the reference page's content, read from the served OpenAPI document, so the page and
//! the document never disagree.

use crate::dto::{ApiField, ApiOperation, ApiReference, ApiSchema};
use serde_json::Value;

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// `#/components/schemas/Referral` → `Referral`; arrays as `Name[]`; others by their type.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(choices) = schema.get("oneOf").or(schema.get("anyOf")).and_then(Value::as_array) {
        return choices.iter().map(type_of).filter(|t| t != "null").collect::<Vec<_>>().join(" | ");
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "array" => format!("{}[]", schema.get("items").map(type_of).unwrap_or_default()),
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts.iter().map(text).filter(|t| t != "null").collect::<Vec<_>>().join(" | "),
        _ => "any".into(),
    }
}

fn body_type(content: Option<&Value>) -> Option<String> {
    let content = content?.as_object()?;
    content.values().next().and_then(|c| c.get("schema")).map(type_of)
}

pub fn reference(doc: &Value) -> ApiReference {
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in ["get", "post", "patch", "put", "delete"] {
            let Some(op) = item.get(method) else { continue };
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| ApiField { name: text(&p["name"]), kind: text(&p["in"]), required: p["required"].as_bool().unwrap_or(false), description: text(&p["description"]) })
                .collect();
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(code, r)| (code.clone(), text(&r["description"]), body_type(r.get("content"))))
                .collect();
            operations.push(ApiOperation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(&op["summary"]),
                params,
                request: body_type(op.get("requestBody").and_then(|b| b.get("content"))),
                responses,
            });
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            ApiSchema {
                name: name.clone(),
                description: text(&s["description"]),
                properties: s["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(p, v)| ApiField { name: p.clone(), kind: type_of(v), required: required.contains(&p.as_str()), description: text(&v["description"]) })
                    .collect(),
            }
        })
        .collect();
    ApiReference { title: text(&doc["info"]["title"]), description: text(&doc["info"]["description"]), operations, schemas }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_operations_and_schemas() {
        let doc = serde_json::json!({
            "info": { "title": "T", "description": "D" },
            "paths": { "/x/{id}": { "get": { "summary": "Read", "parameters": [{ "name": "id", "in": "path", "required": true }],
                "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/X" } } } } } } } },
            "components": { "schemas": { "X": { "required": ["a"], "properties": {
                "a": { "type": "string" }, "b": { "type": ["integer", "null"] }, "c": { "type": "array", "items": { "$ref": "#/components/schemas/Y" } } } } } }
        });
        let r = reference(&doc);
        assert_eq!(r.operations[0].method, "GET");
        assert_eq!(r.operations[0].responses, [("200".to_string(), "ok".to_string(), Some("X".to_string()))]);
        let kinds: Vec<(&str, &str, bool)> = r.schemas[0].properties.iter().map(|p| (p.name.as_str(), p.kind.as_str(), p.required)).collect();
        assert_eq!(kinds, [("a", "string", true), ("b", "integer", false), ("c", "Y[]", false)]);
    }
}

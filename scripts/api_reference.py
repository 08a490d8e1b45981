"""Write docs/api-reference.md from the committed OpenAPI schema (docs/openapi.json).

    python scripts/api_reference.py            # (re)write docs/api-reference.md
    python scripts/api_reference.py --check    # exit 1 if it is out of date

One section per tag; in each, every operation with its method, path, summary,
parameters, request body and responses by status; then the schemas they use.
Standard library only, and the output depends on nothing but the schema, so the
check is exact.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "docs" / "openapi.json"
DEFAULT_OUTPUT = ROOT / "docs" / "api-reference.md"
METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
UNTAGGED = "other"

Schema = Mapping[str, Any]


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: Schema | None) -> str:
    """A short, readable type: `OrganisationOut`, array of `X`, string (date) or null."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return f"`{ref_name(schema['$ref'])}`"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(dict.fromkeys(type_of(part) for part in schema[key]))
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(str(part) for part in kind)
    if kind == "array":
        return f"array of {type_of(schema.get('items'))}"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def cell(text: object) -> str:
    """Text that is safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def limits(schema: Schema) -> str:
    """Constraints worth knowing when calling: lengths, ranges, patterns."""
    words = {
        "minLength": "min length",
        "maxLength": "max length",
        "minimum": "≥",
        "maximum": "≤",
        "pattern": "pattern",
    }
    parts = []
    for key, word in words.items():
        if key in schema:
            value = f"`{schema[key]}`" if key == "pattern" else schema[key]
            parts.append(f"{word} {value}")
    return "; ".join(parts)


def default_of(schema: Schema) -> str:
    return f"`{json.dumps(schema['default'])}`" if "default" in schema else ""


def tag_order(spec: Schema, operations: Iterable[tuple[str, str, Schema]]) -> list[str]:
    declared = [tag["name"] for tag in spec.get("tags", [])]
    used = {(op.get("tags") or [UNTAGGED])[0] for _, _, op in operations}
    return [tag for tag in declared if tag in used] + sorted(used - set(declared))


def all_operations(spec: Schema) -> list[tuple[str, str, Schema]]:
    found = []
    for path in sorted(spec.get("paths", {})):
        item = spec["paths"][path]
        for method in METHODS:
            if method in item:
                found.append((path, method, item[method]))
    return found


def parameters_table(operation: Schema) -> list[str]:
    params = operation.get("parameters", [])
    if not params:
        return ["Parameters: none.", ""]
    lines = [
        "Parameters:",
        "",
        "| name | in | type | required | default | notes |",
        "|---|---|---|---|---|---|",
    ]
    for param in params:
        schema = param.get("schema", {})
        notes = "; ".join(
            part
            for part in (param.get("description") or schema.get("description", ""), limits(schema))
            if part
        )
        lines.append(
            f"| `{cell(param['name'])}` | {cell(param.get('in', ''))} "
            f"| {cell(type_of(schema))} | {'yes' if param.get('required') else 'no'} "
            f"| {cell(default_of(schema))} | {cell(notes)} |"
        )
    lines.append("")
    return lines


def content_types(content: Mapping[str, Schema]) -> str:
    return ", ".join(
        f"{type_of(media.get('schema'))} ({media_type})" for media_type, media in content.items()
    )


def request_body(operation: Schema) -> list[str]:
    body = operation.get("requestBody")
    if not body:
        return ["Request body: none.", ""]
    required = "required" if body.get("required") else "optional"
    return [f"Request body ({required}): {content_types(body.get('content', {}))}.", ""]


def status_key(status: str) -> tuple[int, str]:
    return (int(status), "") if status.isdigit() else (1000, status)


def responses_table(operation: Schema) -> list[str]:
    lines = ["Responses:", "", "| status | meaning | body |", "|---|---|---|"]
    responses = operation.get("responses", {})
    for status in sorted(responses, key=status_key):
        response = responses[status]
        body = content_types(response.get("content", {})) or "empty"
        lines.append(f"| {cell(status)} | {cell(response.get('description', ''))} | {cell(body)} |")
    lines.append("")
    return lines


def security(operation: Schema, spec: Schema) -> str:
    requirements = operation.get("security", spec.get("security"))
    if not requirements:
        return "Authentication: none."
    names = [name for requirement in requirements for name in requirement]
    return "Authentication: " + " or ".join(f"`{name}`" for name in names) + "."


def operation_section(path: str, method: str, operation: Schema, spec: Schema) -> list[str]:
    lines = [f"### {method.upper()} {path}", ""]
    if operation.get("summary"):
        lines += [cell(operation["summary"]) + ".", ""]
    if operation.get("description"):
        lines += [operation["description"].strip(), ""]
    if operation.get("deprecated"):
        lines += ["**Deprecated.**", ""]
    lines += [security(operation, spec), ""]
    lines += parameters_table(operation)
    lines += request_body(operation)
    lines += responses_table(operation)
    return lines


def used_schemas(spec: Schema, operations: Iterable[tuple[str, str, Schema]]) -> list[str]:
    """Component schemas that the operations' bodies and responses reach, sorted."""
    components = spec.get("components", {}).get("schemas", {})
    pending: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, Mapping):
            if "$ref" in node:
                pending.append(ref_name(node["$ref"]))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for _, _, operation in operations:
        collect(operation.get("requestBody", {}))
        collect(operation.get("responses", {}))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen or name not in components:
            continue
        seen.add(name)
        collect(components[name])
    return sorted(seen)


def schema_section(name: str, schema: Schema) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"].strip(), ""]
    if "enum" in schema:
        lines += [type_of(schema).capitalize() + ".", ""]
        return lines
    properties = schema.get("properties", {})
    if not properties:
        return [*lines, f"Type: {type_of(schema)}.", ""]
    required = set(schema.get("required", []))
    lines += ["| field | type | required | default | notes |", "|---|---|---|---|---|"]
    for field, prop in properties.items():
        notes = "; ".join(part for part in (prop.get("description", ""), limits(prop)) if part)
        lines.append(
            f"| `{cell(field)}` | {cell(type_of(prop))} | {'yes' if field in required else 'no'} "
            f"| {cell(default_of(prop))} | {cell(notes)} |"
        )
    lines.append("")
    return lines


def render(spec: Schema, source: str) -> str:
    info = spec.get("info", {})
    operations = all_operations(spec)
    tags = tag_order(spec, operations)
    schemes = spec.get("components", {}).get("securitySchemes", {})
    lines = [
        "# API reference",
        "",
        f"<!-- Generated by scripts/api_reference.py from {source}. Do not edit by hand: "
        "run `python scripts/api_reference.py`. -->",
        "",
        f"{info.get('title', 'API')}, version {info.get('version', '?')} "
        f"(OpenAPI {spec.get('openapi', '?')}). Conventions, examples and errors: "
        "[guide/api.md](guide/api.md).",
        "",
    ]
    if info.get("description"):
        lines += [info["description"].strip(), ""]
    if schemes:
        lines += ["Authentication schemes:", ""]
        for name, scheme in sorted(schemes.items()):
            if scheme.get("type") == "http":
                how = f"HTTP `{scheme.get('scheme', '')}` (`Authorization` header)"
            else:
                where = f"{scheme.get('in', '')} `{scheme.get('name', '')}`"
                how = f"{scheme.get('type', '')} in {where}"
            lines.append(f"- `{name}`: {how}.")
        lines.append("")
    lines += ["Sections:", ""]
    lines += [f"- [{tag}](#{tag.lower().replace(' ', '-')})" for tag in tags]
    lines += ["- [Schemas](#schemas)", ""]
    for tag in tags:
        lines += [f"## {tag}", ""]
        for path, method, operation in operations:
            if (operation.get("tags") or [UNTAGGED])[0] == tag:
                lines += operation_section(path, method, operation, spec)
    lines += ["## Schemas", ""]
    components = spec.get("components", {}).get("schemas", {})
    for name in used_schemas(spec, operations):
        lines += schema_section(name, components[name])
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="OpenAPI JSON file")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file is out of date"
    )
    args = parser.parse_args(argv)
    try:
        spec = json.loads(args.input.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        print(f"Cannot read the OpenAPI schema {args.input}: {error}", file=sys.stderr)
        return 2
    try:
        source = args.input.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        source = DEFAULT_INPUT.relative_to(ROOT).as_posix()
    current = render(spec, source)
    if args.check:
        written = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if written != current:
            print(
                f"{args.output} is out of date with {args.input}. "
                "Run 'python scripts/api_reference.py' and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} matches {args.input}.")
        return 0
    args.output.write_text(current, encoding="utf-8")
    print(f"Wrote {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

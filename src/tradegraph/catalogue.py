"""Stored SPARQL queries: their grlc decorators, their declared parameters, and binding values.

A stored query is a file `queries/NAME.rq` that is valid SPARQL on its own. It starts with grlc
decorators (`#+ summary: ...`, YAML after `#+ `) and declares its parameters the grlc/BASIL way,
as variables: `?_name` (required) or `?__name` (optional), with a type suffix:

    ?_agreement_iri      an IRI (a full IRI, or a label, short name, slug or ISO code of a resource)
    ?__on_xsd_date       an xsd:date (YYYY-MM-DD)
    ?_n_integer          an xsd:integer
    ?_text / ?_text_string   a plain string

tradegraph's own decorator `#+ parameters:` maps parameter names to descriptions. This module
reads metadata only (no rdflib, so listing queries stays fast); sparql.py binds values and runs
queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tradegraph.errors import InputError, UsageError, one_line
from tradegraph.files import read_text
from tradegraph.project import Layout

# grlc's parameter pattern (CLARIAH/grlc gquery.get_parameters): names cannot hold underscores.
_PARAM = re.compile(
    r"\?(?P<required>_{1,2})(?P<name>[^_\W]+)_?(?P<type>[a-zA-Z0-9]+)?_?(?P<userdefined>[a-zA-Z0-9]+)?"
)
_KINDS = {
    ("", ""): "string",
    ("string", ""): "string",
    ("literal", ""): "string",
    ("iri", ""): "iri",
    ("integer", ""): "integer",
    ("xsd", "integer"): "integer",
    ("xsd", "date"): "date",
    ("xsd", "string"): "string",
}


class _DecoratorLoader(yaml.SafeLoader):
    """YAML without YAML 1.1 booleans, so a parameter named 'on' or 'no' stays a name."""


_DecoratorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str
    kind: str  # iri | date | integer | string
    required: bool
    description: str = ""


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    parameters: tuple[Parameter, ...] = field(default=())

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(f"query {self.name}: unknown parameter '{name}' (parameters: {known})")

    def as_dict(self) -> dict:
        """The query's entry in the catalogue listing (`tradegraph queries --format json`)."""
        return {
            "name": self.name,
            "summary": self.summary,
            "parameters": [
                {
                    "name": p.name,
                    "type": p.kind,
                    "required": p.required,
                    "description": p.description,
                }
                for p in self.parameters
            ],
        }


def read_query(path: Path) -> StoredQuery:
    """Read one .rq file with its decorators and parameters; a broken file is an InputError."""
    text = read_text(path)
    decorators = read_decorators(path, text)
    descriptions = decorators.get("parameters") or {}
    if not isinstance(descriptions, dict):
        raise InputError(f"{path}: '#+ parameters:' must map parameter names to descriptions")
    return StoredQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(decorators.get("summary", "")).strip(),
        description=str(decorators.get("description", "")).strip(),
        parameters=_parameters(path, text, descriptions),
    )


def load_catalogue(layout: Layout) -> dict[str, StoredQuery]:
    """The stored queries in queries/ (not the checks), by name."""
    return {path.stem: read_query(path) for path in layout.query_files}


def load_checks(layout: Layout) -> list[StoredQuery]:
    """The violation checks in queries/checks/: each fails validation when it returns rows."""
    return [read_query(path) for path in layout.check_files]


def find_query(layout: Layout, name_or_file: str) -> StoredQuery:
    """A stored query by name, or any .rq file by path."""
    if name_or_file.endswith(".rq"):
        return read_query(Path(name_or_file))
    path = layout.queries_dir / f"{name_or_file}.rq"
    if "/" in name_or_file or not path.is_file():
        raise UsageError(f"unknown query '{name_or_file}' (see 'tradegraph queries')")
    return read_query(path)


def read_decorators(path: Path, text: str) -> dict:
    """The grlc decorators at the head of a query file (YAML after `#+ `); summary required."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    if not lines:
        raise InputError(f"{path}: no '#+ summary:' decorator")
    try:
        decorators = yaml.load("\n".join(lines), Loader=_DecoratorLoader) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: decorators are not valid YAML: {one_line(str(exc))}") from None
    if not isinstance(decorators, dict) or not decorators.get("summary"):
        raise InputError(f"{path}: no '#+ summary:' decorator")
    return decorators


def _parameters(path: Path, text: str, descriptions: dict) -> tuple[Parameter, ...]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found: dict[str, Parameter] = {}
    for match in _PARAM.finditer(body):
        kind_key = ((match["type"] or "").lower(), (match["userdefined"] or "").lower())
        if kind_key not in _KINDS:
            raise InputError(f"{path}: parameter variable '{match[0]}' has an unknown type")
        variable = match[0][1:]
        name = match["name"]
        previous = found.get(name)
        if previous and previous.variable != variable:
            raise InputError(f"{path}: parameter '{name}' is declared as two different variables")
        found[name] = Parameter(
            name=name,
            variable=variable,
            kind=_KINDS[kind_key],
            required=match["required"] == "_",
            description=str(descriptions.get(name, "")).strip(),
        )
    unknown = set(descriptions) - set(found)
    if unknown:
        raise InputError(f"{path}: '#+ parameters:' describes unknown {sorted(unknown)}")
    return tuple(found.values())

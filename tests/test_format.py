"""Data files are kept in canonical Turtle, so the same facts give the same bytes and git diffs
show only real changes."""

from __future__ import annotations

from rdflib.compare import isomorphic

from tradegraph.curation.format import canonical_file
from tradegraph.parse import load_files


def test_every_shipped_data_file_is_canonical(layout):
    stale = [
        str(path)
        for path in layout.data_files
        if canonical_file(path).text != path.read_text(encoding="utf-8")
    ]
    assert stale == [], "run 'tradegraph format'"


def test_format_keeps_the_header_and_the_triples(invoke, tmp_path):
    path = tmp_path / "messy.ttl"
    path.write_text(
        "# What this file holds.\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:b ex:p 2 . ex:a ex:p 1 .\n"
        "# a comment in the middle is not kept\n"
        "ex:a ex:q ex:b .\n",
        encoding="utf-8",
    )
    before = load_files([path])
    check = invoke("format", "--check", str(path))
    assert check.exit_code == 1
    assert f"not canonical: {path}" in check.output
    assert path.read_text(encoding="utf-8").count("\n") == 5  # --check changes nothing
    assert invoke("format", "--drop-comments", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# What this file holds.\n\n@prefix")
    assert "in the middle" not in text
    assert isomorphic(before, load_files([path]))
    assert invoke("format", "--check", str(path)).exit_code == 0


def test_format_missing_file(invoke, tmp_path):
    result = invoke("format", str(tmp_path / "absent.ttl"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_format_never_drops_a_comment_silently(invoke, tmp_path):
    """Regression: `format ontology/` stripped the ontology's section comments."""
    keeps = tmp_path / "a.ttl"
    keeps.write_text("@prefix ex: <http://example.org/> .\nex:b ex:p 2 . ex:a ex:p 1 .\n")
    commented = tmp_path / "b.ttl"
    before = "# header\n@prefix ex: <http://example.org/> .\n\n# Section\nex:b ex:p 2 .\n"
    commented.write_text(before, encoding="utf-8")
    result = invoke("format", str(tmp_path))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"tradegraph: error: {commented}:4: a comment after the leading comment block, which "
        "canonical Turtle would drop; nothing was rewritten (move it into the header, or pass "
        "--drop-comments)"
    ]
    assert commented.read_text(encoding="utf-8") == before
    assert keeps.read_text(encoding="utf-8").startswith("@prefix ex: <http://example.org/> .\nex:b")


def test_format_refuses_the_ontology_and_changes_nothing(invoke, layout):
    before = [path.read_bytes() for path in layout.ontology_files]
    result = invoke("format", *map(str, layout.ontology_files))
    assert result.exit_code == 2 and "a comment after the leading comment block" in result.output
    assert [path.read_bytes() for path in layout.ontology_files] == before

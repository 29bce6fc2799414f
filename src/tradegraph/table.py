"""The aligned text table people read in a terminal; free of rdflib so that listing commands
(tradegraph queries) start fast."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

WRAP = 44  # widest column in the human table; longer text wraps


def aligned(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An aligned text table; cells wider than WRAP wrap onto further lines."""
    wrapped = [[textwrap.wrap(cell, WRAP) or [""] for cell in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in wrapped:
        for i, lines in enumerate(row):
            widths[i] = max(widths[i], *(len(line) for line in lines))
    out = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in wrapped:
        height = max(len(lines) for lines in row)
        for n in range(height):
            parts = [
                (lines[n] if n < len(lines) else "").ljust(w)
                for lines, w in zip(row, widths, strict=True)
            ]
            out.append("  ".join(parts).rstrip())
    return "\n".join(out)

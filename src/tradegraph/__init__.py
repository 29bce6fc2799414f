"""tradegraph: an open knowledge graph of cybersecurity and digital-trade provisions in trade
agreements and WTO negotiations.

`tradegraph.Project` (api.py) is the library: one object per checkout, a method per command.
Data flows one way: files -> one parse (parse.py) -> validation -> the cached store and the
engines -> stored queries, exports, pushes -> rendered output. See README, "Architecture".
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Project", "__version__"]

if TYPE_CHECKING:
    from tradegraph.api import Project


def __getattr__(name: str) -> Any:
    # Imported on first use, so `import tradegraph` (and the CLI's --help) stays cheap.
    if name == "Project":
        from tradegraph.api import Project

        return Project
    raise AttributeError(f"module 'tradegraph' has no attribute {name!r}")

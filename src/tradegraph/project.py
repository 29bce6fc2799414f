"""Where tradegraph's files live. The only module that knows the layout of the repository."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tradegraph.errors import InputError

ROOT_ENV = "TRADEGRAPH_ROOT"
_MARKER = Path("ontology") / "tradegraph.ttl"


@dataclass(frozen=True)
class Project:
    """A checkout of the tradegraph repository: ontology, shapes, data and stored queries."""

    root: Path

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology and its concept schemes (not the shapes)."""
        return [self.root / "ontology" / "tradegraph.ttl", self.root / "ontology" / "concepts.ttl"]

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def context_file(self) -> Path:
        """The JSON-LD context that JSON-LD exports are compacted with."""
        return self.root / "ontology" / "context.jsonld"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def data_files(self) -> list[Path]:
        return sorted(self.data_dir.rglob("*.ttl"))

    @property
    def curated_agreement_files(self) -> list[Path]:
        return sorted((self.data_dir / "agreements").glob("*.ttl"))

    @property
    def census_dir(self) -> Path:
        """The census importer's output: one file per agreement, regenerated, never edited."""
        return self.data_dir / "census"

    @property
    def census_readings_file(self) -> Path:
        """The curators' readings of the census screen's hits, the importer's curated input."""
        return self.data_dir / "readings" / "census-screen.yaml"

    @property
    def countries_file(self) -> Path:
        return self.data_dir / "countries.ttl"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def checks_dir(self) -> Path:
        return self.queries_dir / "checks"


def locate(root: Path | None = None) -> Project:
    """Find the project: an explicit root, then $TRADEGRAPH_ROOT, then the checkout this package
    was installed from (editable install), then the current directory and its parents."""
    candidates: list[Path] = []
    if root is not None:
        candidates.append(Path(root))
    elif os.environ.get(ROOT_ENV):
        candidates.append(Path(os.environ[ROOT_ENV]))
    else:
        candidates.append(Path(__file__).resolve().parents[2])
        cwd = Path.cwd().resolve()
        candidates.extend([cwd, *cwd.parents])
    for candidate in candidates:
        if (candidate / _MARKER).is_file():
            return Project(candidate.resolve())
    where = candidates[0] if (root is not None or os.environ.get(ROOT_ENV)) else Path.cwd()
    raise InputError(f"{where}: not a tradegraph project (no {_MARKER}); set {ROOT_ENV}")


def read_text(path: Path) -> str:
    """A project file's text; a missing or unreadable file is an InputError naming it."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so readers see the old file or the new one, never half of one."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(f"{path}: directory {directory} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private: give it the old file's mode, or the umask's.
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc}") from None

"""What several test modules share. Test modules import from here, never from one another (nor
from conftest.py, which holds the fixtures)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

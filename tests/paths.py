"""Where the tests find the project's files and the shared data beside the checkout."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"  # benchmarks and seeds; tests that read them skip without it
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"

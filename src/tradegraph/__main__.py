"""python -m tradegraph: the same command line as the tradegraph script."""

from tradegraph.cli import main

main()

"""`python -m normalize` runs the `corpus` command line."""

from normalize.cli import main

main()

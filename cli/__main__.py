"""`python -m cli ...` runs the `tidtam` command line."""

from cli.main import main

main()

"""The `tidtam` command line: the top layer that starts the web, the workers and the emulator."""

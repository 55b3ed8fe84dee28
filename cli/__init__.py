"""The `tidtam` command line: the top layer that starts the web, the workers and the emulator."""

import os

# pythainlp (the grammar, the PDF renderer) would create ~/pythainlp-data on import: it only
# needs its bundled word list, so it runs read-only.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

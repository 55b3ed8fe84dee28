"""conversations: the report conversation engine, Thai input and the command grammar."""

import os

# pythainlp would create ~/pythainlp-data on import; the bundled word list is all we read.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

"""Photos as evidence: image checks and cleaning (pure), and where the bytes are kept."""

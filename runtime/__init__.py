"""What a process builds at start (settings, Redis, queue, database, LINE client, media store)."""

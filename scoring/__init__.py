"""Edge / cloud / hybrid inference decision engine: pure Python, no UI."""

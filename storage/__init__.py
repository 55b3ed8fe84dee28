"""Storage: typed models, engine and sessions, migrations and small repositories."""

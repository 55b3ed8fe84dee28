"""The dashboard: server-rendered pages of the same Flask app, scoped like every other way out."""

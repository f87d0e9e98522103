"""The Django project: settings from the environment, SQLite by default."""

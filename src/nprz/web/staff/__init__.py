"""The progress round for signed-in users: log in, fill in, review, publish."""

"""The annual progress report and the area documents, generated from the store."""

"""The public web dashboard: overview, goals, indicator and area pages, downloads and the API."""

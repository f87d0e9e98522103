"""`make bench`: how fast the monitor is on this machine. Not part of the package (it is not
shipped in the wheel); run each benchmark from the repository root with the project's venv,
e.g. `.venv/bin/python -m benchmarks.web`. See benchmarks/README.md for what each measures.
"""


class BenchError(Exception):
    """Setup went wrong (data, server, load generator, a page that is not 200); the message
    is Dutch and says what to do where it can."""

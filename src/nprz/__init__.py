"""nprz-monitor: monitoring and progress reporting for area programmes, each one defined as
data (`nprz.programmes`)."""

__version__ = "0.1.0"

"""nprz-monitor: monitoring and progress reporting for the Nationaal Programma Rotterdam Zuid."""

__version__ = "0.1.0"

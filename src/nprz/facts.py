"""The checks' facts of a report year: the monitor's figures and printed texts
(`nprz.monitor.facts`) with the progress round's texts and counts
(`nprz.interventions.facts`). Above both apps, so the monitor never imports the
interventions."""

from __future__ import annotations

from nprz.checks.facts import Facts
from nprz.interventions.facts import intervention_counts, progress_texts
from nprz.monitor.facts import report_facts as monitor_facts


def report_facts(report_year: int) -> Facts:
    return monitor_facts(report_year, progress_texts(report_year), intervention_counts(report_year))

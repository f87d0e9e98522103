"""The summary at the front of the report: the year at a glance (`nprz.presenters.summary`),
with the programme's foreword when its definition has one."""

from __future__ import annotations

from nprz import programmes
from nprz.monitor.targets import TargetRow
from nprz.presenters.summary import change_text, mover_text, summary_of
from nprz.reports.document import Facts, Section, Text


def summary_section(year: int, rows: list[TargetRow]) -> Section:
    definition = programmes.definition()
    found = summary_of(year, rows)
    section = Section("samenvatting", f"Samenvatting {year}", new_page=True)
    if definition.texts.introduction:
        section.add(Text(definition.texts.introduction))
    section.add(Text(found.headline), Text(found.since))
    facts: list[tuple[str, str]] = []
    if found.turned_red:
        facts.append(("Rood geworden", "; ".join(change_text(c) for c in found.turned_red)))
    if found.turned_green:
        facts.append(("Groen geworden", "; ".join(change_text(c) for c in found.turned_green)))
    if found.risers:
        facts.append(("Meeste vooruitgang", "; ".join(mover_text(m) for m in found.risers)))
    if found.fallers:
        facts.append(("Meeste achteruitgang", "; ".join(mover_text(m) for m in found.fallers)))
    for line in found.paths:
        facts.append((line.title, line.sentence))
    if facts:
        section.add(Facts(tuple(facts)))
    return section

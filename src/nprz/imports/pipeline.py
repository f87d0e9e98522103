"""One way in for every delivery: inspect → read → file under a report year → check → plan,
and only then, on request, apply. `nprz import file|cbs` and the upload page both call this,
so what one door checks, shows and writes, the other does too.

1. **Inspect** the raw bytes (`nprz.imports.safety`): an upload by its size, name and content;
   a file on disk by its content only (a workbook is opened by the same openpyxl).
2. **Read** them into a `Delivery` (`nprz.imports.files`, or the CBS reader for a StatLine
   table), with at most a few problems kept per code and the rest counted.
3. **Report year**: the user's choice, else the proposal of `nprz.imports.report_year`, with
   the reason; both doors show it before anything is written.
4. **Check** against the store (`store.check`) and **plan** ("was → wordt", `store.plan`);
   name the recorded report editions whose figures the delivery changes
   (`revisions.editions_touched`).
5. **Apply** (`store.apply`): one new vintage, all or nothing, only without errors.

Nothing is written before step 5, and step 5 writes only what steps 1-4 examined.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ParamSpec, TypeVar

from nprz.core.problems import Problem, ProblemGroup, Severity, Tally, count, groups
from nprz.imports import files, report_year, safety, store
from nprz.imports.delivery import Codes, Delivery
from nprz.imports.revisions import TouchedEdition, editions_touched
from nprz.monitor import models as m

_P = ParamSpec("_P")
_T = TypeVar("_T")


def _without_cycle_collector(work: Callable[_P, _T]) -> Callable[_P, _T]:
    """Run `work` with Python's cycle collector paused. Reading a delivery makes a few objects
    per cell that all live until the end; the collector, started every 700 new objects, walks
    all of them again each time: a third of the time of reading 50.000 rows. Reference
    counting still frees what is dropped; the collector resumes afterwards (unless it was
    already paused, by another import in another thread or by the caller)."""

    @functools.wraps(work)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return work(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@dataclass(frozen=True)
class ReportYear:
    """The report year a delivery is filed under, and how it came to be that one."""

    year: int
    proposal: report_year.Proposal
    chosen: bool  # the user named it
    later: int  # values that describe a year after `year`

    @property
    def text(self) -> str:
        """One Dutch sentence (or two) for the page and the command line."""
        reason = self.proposal.reason
        if not self.year:
            return f"Geen rapportjaar: {reason}."
        if not self.chosen:
            sentence = f"Rapportjaar {self.year} (voorstel: {reason})."
        elif self.year == self.proposal.year:
            sentence = (
                f"Rapportjaar {self.year}, door u gekozen; dat is ook het voorstel: {reason}."
            )
        elif self.proposal.year:
            sentence = (
                f"Rapportjaar {self.year}, door u gekozen; het voorstel was "
                f"{self.proposal.year}: {reason}."
            )
        else:
            sentence = f"Rapportjaar {self.year}, door u gekozen."
        if self.later:
            what = "waarde beschrijft" if self.later == 1 else "waarden beschrijven"
            sentence += (
                f" Let op: {self.later} {what} een later jaar dan {self.year}; in het rapport "
                f"over {self.year} staan ze dan als nieuwste cijfers."
            )
        return sentence


@dataclass(frozen=True)
class Examination:
    """What a delivery came to before anything is written: every problem (the first few of
    each code, the rest counted), the report year, the plan and the editions it changes."""

    name: str
    inspected: tuple[Problem, ...] = ()  # of the raw bytes (`safety`)
    delivery: Delivery | None = None  # None when the inspection refused the bytes
    year: ReportYear | None = None
    plan: store.Plan | None = None
    touched: tuple[TouchedEdition, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.inspected + (self.delivery.problems if self.delivery else ())

    @property
    def unlisted(self) -> tuple[Tally, ...]:
        return self.delivery.unlisted if self.delivery else ()

    @property
    def error_count(self) -> int:
        return count(self.problems, self.unlisted, Severity.FOUT)

    @property
    def warning_count(self) -> int:
        return count(self.problems, self.unlisted, Severity.WAARSCHUWING)

    @property
    def ok(self) -> bool:
        """Can it be imported: read, checked and planned without a single error."""
        return self.plan is not None and self.error_count == 0

    def groups(self) -> list[ProblemGroup]:
        """The problems per code, errors first: the first few of each and their total."""
        return groups(self.problems, self.unlisted)


@_without_cycle_collector
def examine_upload(
    data: bytes, name: str, *, limit: int, chosen_year: int | None = None
) -> Examination:
    """An uploaded file: inspected as an upload (size, name and content), then read."""
    inspected = tuple(safety.inspect_upload(data, name, max_bytes=limit))
    if any(p.severity is Severity.FOUT for p in inspected):
        return Examination(name, inspected)  # nothing unsafe reaches the reader
    codes = store.codes()
    delivery = files.read_bytes(data, safety.reading_name(name, data), codes)
    return _examine(delivery, codes, chosen_year, inspected, name)


@_without_cycle_collector
def examine_file(path: Path, *, chosen_year: int | None = None) -> Examination:
    """A delivery file on disk (`nprz import file`): its content inspected, then read."""
    codes = store.codes()
    try:
        data = path.read_bytes()
    except OSError:
        return _examine(files.read_delivery(path, codes), codes, chosen_year)  # says why
    inspected = tuple(safety.inspect_content(data, path.name))
    if any(p.severity is Severity.FOUT for p in inspected):
        return Examination(path.name, inspected)
    return _examine(files.read_bytes(data, path.name, codes), codes, chosen_year, inspected)


@_without_cycle_collector
def examine_delivery(delivery: Delivery, *, chosen_year: int | None = None) -> Examination:
    """A delivery another reader made (a CBS StatLine table)."""
    return _examine(delivery, store.codes(), chosen_year)


@_without_cycle_collector
def apply(examination: Examination, user: str = "") -> m.Vintage:
    """Write what was examined as one new vintage. `store.Refused` when it cannot be (an
    error, or the same bytes imported since); nothing is written then."""
    if not examination.ok or examination.delivery is None:
        raise store.Refused(p for p in examination.problems if p.severity is Severity.FOUT)
    return store.apply(examination.delivery, user=user, planned=examination.plan)


def _examine(
    delivery: Delivery,
    codes: Codes,
    chosen_year: int | None,
    inspected: tuple[Problem, ...] = (),
    name: str = "",
) -> Examination:
    year = _report_year(delivery, codes, chosen_year)
    checked = store.check(replace(delivery, report_year=year.year))
    name = name or checked.title
    if not checked.ok:
        return Examination(name, inspected, checked, year)
    plan = store.plan(checked)
    return Examination(name, inspected, checked, year, plan, editions_touched(plan))


def _report_year(delivery: Delivery, codes: Codes, chosen: int | None) -> ReportYear:
    types = {code: known.period_type for code, known in codes.indicators.items()}
    types.update(
        {new.code: new.period_type for new in delivery.indicators if new.code not in types}
    )
    where = "het bestand" if delivery.kind == "bestand" else "de levering"
    proposal = report_year.propose(delivery.values, types, where)
    year = proposal.year if chosen is None else chosen
    later = report_year.later_than(delivery.values, types, year) if year else 0
    return ReportYear(year, proposal, chosen is not None, later)

"""Rows of the store shaped into the API's answers (`nprz.web.api.schemas`), one small
function per answer.

Numbers are JSON numbers, whole ones without ".0"; what is missing is null, never 0. Links are
paths on this server: the answers are cached per path, so they must not carry the host name
of whoever asked first. Every figure passes the publication layer (`nprz.publication`,
decision 010): an observation that disclosure control hides has no value for the public, and
the targets are the publication layer's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet

from nprz import publication
from nprz.core.corrections import Key
from nprz.core.formatting import Numeric, to_decimal
from nprz.monitor import models as m
from nprz.monitor.targets import TargetRow, known_years
from nprz.presenters.addresses import address
from nprz.presenters.indicators import READING_NOTES
from nprz.publication import wording
from nprz.publication.editions import PreviousFigure
from nprz.web.api import schemas as s

PREFIX = "/api/v1/"


def _figure(value: Numeric, places: int = 6) -> int | float:
    """Whole numbers without ".0" (211548, not 211548.0): the same to a parser, plainer to
    a person reading the answer."""
    number = float(to_decimal(value, places))
    return int(number) if number.is_integer() else number


def _number(value: Numeric | None, places: int = 6) -> int | float | None:
    return None if value is None else _figure(value, places)


def _text(value: str) -> str | None:
    """Optional text: empty in the store, null in the API."""
    return value or None


def _codes(areas: QuerySet[m.Area]) -> list[str]:
    return list(dict.fromkeys(area.code for area in areas))


def indicator_fields(indicator: m.Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "naam": indicator.name,
        "pijler": indicator.pillar,
        "rol": indicator.role,
        "eenheid": indicator.unit,
        "decimalen": indicator.decimals,
        "richting": _text(indicator.direction),
        "periodetype": indicator.period_type,
        "url": address(f"{PREFIX}indicatoren/{indicator.code}"),
        "pagina": f"/indicatoren/{indicator.code}/",
    }


def goal(target: m.Target) -> s.IndicatorDoel:
    return s.IndicatorDoel(
        plan=target.plan.code,
        soort=target.kind,
        startgebied=target.start_area.code,
        startperiode=_text(target.start_period),
        referentiegebied=target.reference_area.code if target.reference_area else None,
        referentie_indicator=target.reference_indicator.code
        if target.reference_indicator
        else None,
        norm=_number(target.norm_value),
        niveau=_number(target.level_value),
        # Milestones are stored as [year, "exact value"] pairs (see the model).
        mijlpalen=[
            s.Mijlpaal(jaar=int(year), waarde=_figure(Fraction(value)))
            for year, value in target.milestones
        ],
        tekst=_text(target.text),
    )


def indicator_detail(indicator: m.Indicator) -> s.IndicatorDetail:
    targets = indicator.targets.select_related(
        "plan", "start_area", "reference_area", "reference_indicator"
    ).order_by("plan_id")
    areas = m.Area.objects.filter(observations__indicator=indicator).distinct()
    document = wording.report_name(known_years()[-1]) if wording.public() and known_years() else ""
    return s.IndicatorDetail(
        **indicator_fields(indicator),
        definitie=indicator.definition,
        bron=indicator.source_text,
        # The same notes in the same words as the indicator's page (`indicator_notes`).
        notities=[
            s.Notitie(
                soort=note.kind, tekst=text, bron=_text(wording.source(note.source, document))
            )
            for note in indicator.notes.order_by("id")
            if (text := wording.text_for_reader(note.text))
            and not (wording.public() and note.kind in READING_NOTES)
        ],
        doelen=[goal(target) for target in targets],
        gebieden=_codes(areas),
    )


def area_fields(area: m.Area) -> dict[str, Any]:
    return {
        "code": area.code,
        "naam": area.name,
        "soort": area.kind,
        "cbs_code": _text(area.cbs_code),
        "url": address(f"{PREFIX}gebieden/{area.code}"),
        "pagina": f"/gebieden/{area.code}/",
    }


def area_detail(area: m.Area) -> s.GebiedDetail:
    return s.GebiedDetail(
        **area_fields(area),
        leden=_codes(m.Area.objects.filter(group_links__group=area).order_by("id")),
        onderdeel_van=_codes(m.Area.objects.filter(member_links__member=area).order_by("id")),
    )


def observations_for_reader(cells: Iterable[m.Observation], year: int) -> list[s.Waarneming]:
    """Observations as the reader may see them: a cell disclosure control hides has no
    value, no printed figure and no resolution for the public (`nprz.publication`); an
    analyst sees it, marked as not public. A cell with a known correction of the report of
    `year` carries it. The decision is looked up once for all of them."""
    decision = publication.disclosure()
    public = publication.audience.current() is publication.Audience.PUBLIC
    found = publication.corrections(year)
    return [observation(cell, decision, public, found) for cell in cells]


def observation(
    cell: m.Observation,
    decision: publication.Disclosure,
    public: bool,
    corrections: Mapping[Key, publication.Correction] | None = None,
) -> s.Waarneming:
    fields = _observation_fields(cell)
    key = (cell.indicator.code, cell.area.code, cell.period)
    correction = (corrections or {}).get(key)
    fields["correctie"] = _correction(correction) if correction else None
    hidden = decision.hides(*key)
    if hidden and public:
        fields |= {
            "waarde": None,
            "gedrukt": publication.MASKED,
            "resolutie": None,
            "onderdrukt": True,
        }
    return s.Waarneming(**fields, openbaar=not hidden)


def _correction(correction: publication.Correction) -> s.Correctie:
    source = correction.derived_from
    return s.Correctie(
        gedrukt=correction.printed,
        waarschijnlijk=correction.likely or None,
        reden=correction.why,
        afgeleid_van="@".join(source) if source else None,
        toelichting=correction.note,
    )


def _observation_fields(cell: m.Observation) -> dict[str, Any]:
    return {
        "indicator": cell.indicator.code,
        "gebied": cell.area.code,
        "periode": cell.period,
        "periode_jaar": cell.period_year,
        "waarde": _number(cell.value),
        "gedrukt": cell.printed,
        "resolutie": _number(cell.resolution),
        "status": cell.status,
        "ontbreekt": _text(cell.missing_reason),
        "onderdrukt": cell.suppressed,
        "voetnoot": _text(cell.footnote),
        "levering": cell.vintage.code,
        # The public reads the document and table, an analyst the line (`wording`).
        "bron": wording.source(cell.source, cell.vintage.document, cell.vintage.title),
    }


def target(row: TargetRow, previous: PreviousFigure | None = None) -> s.Doel:
    """A target's row from the publication layer, with the figures `nprz targets` prints
    (rounded to 4 decimals, like its JSON), under Dutch names; `previous` is what the
    previous report published for it."""
    a = row.assessment
    return s.Doel(
        code=row.code,
        naam=row.name,
        pijler=row.pillar,
        rol=row.role,
        eenheid=row.unit,
        richting=_text(row.direction),
        gebied=row.area,
        plan=row.regime,
        referentie=_text(row.reference_area),
        startperiode=_text(row.start_period),
        startwaarde=_number(row.start_value, 4),
        referentiewaarde=_number(row.reference_value, 4),
        actuele_periode=_text(row.current_period),
        actuele_waarde=_number(row.current_value, 4),
        in_te_lopen=_number(a.fraction_due * 100 if a.fraction_due is not None else None, 4),
        doelwaarde=_number(a.target_value, 4),
        ingelopen=_number(a.share_closed * 100 if a.share_closed is not None else None, 4),
        status=a.status.value,
        reden=a.reason.value,
        band=a.bucket.value if a.bucket else None,
        gedrukt_doel=_number(row.published_target, 4),
        gedrukt_ingelopen=_number(row.published_pct_closed, 4),
        vorig_ingelopen=_number(previous.pct_closed, 4) if previous else None,
        vorige_status=previous.status if previous else None,
        openbaar=not row.not_public,
        url=address(f"{PREFIX}indicatoren/{row.code}"),
        pagina=f"/indicatoren/{row.code}/",
    )

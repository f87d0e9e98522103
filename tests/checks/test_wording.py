"""The words around the numbers: titles, legends, page texts, remarks and progress texts
against the figures.

The first half runs the proofreader over the bundled 2024 report; every expected finding was
read against the report (line numbers below). The second half feeds each kind of text a tiny
hand-built `Facts`, once with the contradiction and once without.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from nprz.checks.facts import Facts, Figure, IndicatorFacts, Narrative, PrintedText, TargetFacts
from nprz.checks.findings import Likely, Soort
from nprz.checks.textnumbers import Citable
from nprz.checks.wording import check_narratives, check_wording, same_period
from nprz.core.status import Direction
from nprz.core.trajectory import Regime

from .conftest import Proofread

pytestmark = pytest.mark.django_db

# (code, subject, line, as printed, what the figures say)
EXPECTED = [
    # The stoplight table's pages 2 and 3 are titled 2021 and all three legends name an
    # earlier year (r. 227-405); the finance table is titled 2022 (r. 7275).
    ("tekst-legenda", "stoplicht", 229, "Groen = boven doelniveau 2023", "2024"),
    (
        "tekst-legenda",
        "stoplicht",
        230,
        "Oranje = Positieve ontwikkeling maar nog niet op doelniveau 2023",
        "2024",
    ),
    ("tekst-titel", "stoplicht", 333, "Stand tav doelstelling 2021 2 van 3", "2024"),
    ("tekst-legenda", "stoplicht", 335, "Groen = boven doelniveau 2021", "2024"),
    (
        "tekst-legenda",
        "stoplicht",
        336,
        "Oranje = Positieve ontwikkeling maar nog niet op doelniveau 2021",
        "2024",
    ),
    ("tekst-titel", "stoplicht", 402, "Stand tav doelstelling 2021 3 van 3", "2024"),
    ("tekst-legenda", "stoplicht", 404, "Groen = boven doelniveau 2021", "2024"),
    (
        "tekst-legenda",
        "stoplicht",
        405,
        "Oranje = Positieve ontwikkeling maar nog niet op doelniveau 2021",
        "2024",
    ),
    ("tekst-titel", "financien", 7275, "Financiën programmabureau NPRZ 2022", "2024"),
    # The method's chart and the bucket page (r. 213-215, 461, 467).
    ("tekst-schema", "up2019", 213, "Tussendoel 2022; 25%", "32,5% in 2022"),
    ("tekst-einddoel", "up2019", 215, "Einddoel 2032; 100%", "2031"),
    ("tekst-einddoel", "up2019", 467, "einddoelstelling in 2032", "2031"),
    ("tekst-startjaar", "buckets", 461, "% ingelopen van 2011", None),
    ("tekst-referentie", "buckets", 461, "tov G4", None),
    (
        "tekst-geen-update",
        "vsv-nieuw",
        480,
        "(geen update)",
        "% ingelopen 92,9%, vorig rapport 66,7%",
    ),
    # Numbers in a sentence: the introduction counts 120 interventions, the store 121.
    ("tekst-getal", "interventies", 20, "120", None),
    # The indicator pages (r. 536-1548).
    ("tekst-actueel", "thuisbasis-kinderen-minimum", 555, "Zuid 2024:", "2023"),
    ("tekst-startjaar", "problematische-schuld", 587, "beginwaarde van Zuid in 2020", "2022"),
    ("tekst-soort", "thuiszitters-aandeel", 608, "Doelstelling: Thuiszitters", "indicator"),
    ("tekst-referentie", "thuiszitters-aandeel", 615, "van het verschil met Rotterdam", None),
    (
        "tekst-periode-ingelopen",
        "kinderopvangtoeslag",
        748,
        "Ingelopen tussen 2020 t/m jaar 2022",
        "2020 t/m 2023",
    ),
    ("tekst-soort", "ve-indicatie", 758, "Indicator: Pijler School", "doel"),
    ("tekst-pijler", "ve-indicatie", 758, "Indicator: Pijler School", "thuisbasis"),
    ("tekst-planjaar", "ve-indicatie", 772, "Het doel voor VGR 2023", "2024"),
    ("tekst-referentie", "ve-indicatie", 774, "van het verschil met de G4", "Rotterdam"),
    ("tekst-planjaar", "schoolgewicht", 809, "Het doel voor VGR 2023", "2024"),
    ("tekst-planjaar", "schoolgewicht", 819, "streefniveau van 40% VGR 2023", "2024"),
    ("tekst-legenda", "schoolgewicht", 827, "Streef 2023", "2024"),
    ("tekst-startjaar", "fundamenteel-niveau", 867, "beginwaarde in 2016/17", "2017/18"),
    ("tekst-planjaar", "streefniveau", 891, "streefniveau van 47,5% VGR 2023", "2024"),
    ("tekst-soort", "advies-havo-vwo", 904, "Doelstelling: School", "indicator"),
    ("tekst-actueel", "advies-havo-vwo", 922, "Zuid 2022/23:", "2023/24"),
    ("tekst-planjaar", "advies-havo-vwo", 926, "streefniveau van 47,5% VGR 2023", "2024"),
    ("tekst-planjaar", "vsv-nieuw", 1005, "Voor VGR 2023 is het indicatorniveau", "2024"),
    (
        "tekst-planjaar",
        "zonder-startkwalificatie",
        1046,
        "Voor VGR 2023 is het indicatieniveau",
        "2024",
    ),
    ("tekst-soort", "middelbaar-hoger-opgeleid", 1150, "Indicator: School", "doel"),
    (
        "tekst-planjaar",
        "middelbaar-hoger-opgeleid",
        1159,
        "Voor VGR 2023 is het indicatieniveau",
        "2024",
    ),
    ("tekst-startjaar", "middelbaar-hoger-opgeleid", 1162, "beginwaarde in 2011", "2013"),
    ("tekst-actueel", "middelbaar-hoger-opgeleid", 1164, "Zuid 2022:", "2023"),
    ("tekst-actueel", "werk-kinderen-minimum", 1206, "Zuid 2022:", "2023"),
    (
        "tekst-periode-ingelopen",
        "werk-kinderen-minimum",
        1208,
        "Ingelopen Jaar 2011 t/m jaar 2022",
        "2011 t/m 2023",
    ),
    (
        "tekst-periode-ingelopen",
        "midden-hoge-inkomens",
        1351,
        "Ingelopen Jaar 2011 t/m jaar 2021",
        "2011 t/m 2022",
    ),
    ("tekst-referentie", "kwetsbare-meergezinswoningen", 1382, "verschil met de G4", "Rotterdam"),
    ("tekst-actueel", "kwetsbare-meergezinswoningen", 1386, "Zuid 2023:", "2024"),
    (
        "tekst-periode-ingelopen",
        "kwetsbare-meergezinswoningen",
        1388,
        "Ingelopen Jaar 2011 t/m jaar 2023",
        "2011 t/m 2024",
    ),
    ("tekst-legenda", "tevredenheid-woonsituatie", 1499, "Streef 2023", "2024"),
    # The method's start years against the rows that follow each schedule (r. 208, 218).
    ("tekst-startjaar", "up2019", 208, "NPRZ 2011 + 0,475*(G4 actueel – NPRZ 2011)", None),
    ("tekst-startjaar", "up2023", 218, "gebruiken we startjaar 2022", None),
    # "Nieuwe indicator in UP 2023-2027" for a row computed with the UP 2019-2022 schedule.
    ("tekst-plan", "schoolgewicht", 301, "Nieuwe indicator in UP 2023-2027", "up2019"),
    # Notes on provisional figures: last year's note (2022) and a store without the status.
    (
        "tekst-voorlopig",
        "thuisbasis-kinderen-minimum",
        570,
        "2022* is een voorlopig cijfer",
        "voorlopig: 2023",
    ),
    (
        "tekst-voorlopig",
        "werk-kinderen-minimum",
        1221,
        "2022 is een voorlopig cijfer",
        "voorlopig: 2023",
    ),
    (
        "tekst-voorlopig",
        "werkzamen-techniek",
        1325,
        "2023 is een voorlopig cijfer",
        "23,0% (paginas, 2023): definitief",
    ),
    (
        "tekst-voorlopig",
        "werkzamen-zorg",
        1325,
        "2023 is een voorlopig cijfer",
        "14,4% (paginas, 2023): definitief",
    ),
    # The NPRZ is said to use 15 wijken; its tables and areas have 23.
    ("tekst-getal", "wijken", 36, "15", "23 (wijken van nprz in de gebiedsindeling)"),
]
# Progress texts (our summaries of the report's progress columns) citing a number that none
# of the intervention's KPI values holds: (subject, lines, number, nearest KPI value).
EXPECTED_PROGRESS = [
    ("school-7", "2936-2948", "1000", "1432 (Aantal mentoren en mentees, 2024)"),
    ("werk-4", "4195-4209", "rond 40%", None),
    ("werk-9", "4369-4395", "110", "100 (Lagere caseload bij Mens & Arbeidsontwikkeling"),
    ("wonen-10", "5835-5848", "46", "10 (Woningen voor maatschappelijke beroepen"),
    ("wonen-17a", "6188-6224", "580", "383 (Meldingen meldpunt ongewenst huurgedrag"),
    ("wonen-17a", "6188-6224", "60", "33 (Lopende meldingen"),
]


def _tekst(proofread: Proofread) -> list[tuple[str, str, str]]:
    return sorted(
        (f.code, f.subject, f.where)
        for f in proofread.findings
        if f.soort is Soort.TEKST and f.code != "periode"
    )


def test_every_text_finding_of_2024(proofread: Proofread) -> None:
    expected = [(code, subject, f"rapport r. {line}") for code, subject, line, *_ in EXPECTED]
    expected += [("tekst-getal", s, f"rapport r. {lines}") for s, lines, *_ in EXPECTED_PROGRESS]
    assert len(EXPECTED) == 54
    assert _tekst(proofread) == sorted(expected)


@pytest.mark.parametrize(("code", "subject", "line", "printed", "data"), EXPECTED)
def test_each_text_finding_gives_line_text_and_data(
    proofread: Proofread, code: str, subject: str, line: int, printed: str, data: str | None
) -> None:
    finding = proofread.one(code, subject, f"rapport r. {line}")
    assert finding.published == printed
    if data is not None:
        assert finding.recomputed == data
    assert finding.soort is Soort.TEKST


@pytest.mark.parametrize(("subject", "lines", "number", "nearest"), EXPECTED_PROGRESS)
def test_progress_texts_cite_only_their_figures(
    proofread: Proofread, subject: str, lines: str, number: str, nearest: str | None
) -> None:
    (finding,) = [f for f in proofread.of("tekst-getal", subject) if f.published == number]
    assert finding.where == f"rapport r. {lines}"
    if nearest is not None:
        assert finding.recomputed.startswith(nearest)


def test_the_findings_say_what_the_data_say(proofread: Proofread) -> None:
    schema = proofread.one("tekst-schema", "up2019")
    assert "25% hoort bij 2021" in schema.why
    buckets = proofread.one("tekst-referentie", "buckets")
    assert buckets.what.startswith("De kop noemt G4 voor alle indicatoren van het overzicht; 6 ")
    assert "% koopwoningen (Rotterdam)" in buckets.recomputed
    start = proofread.one("tekst-startjaar", "buckets")
    assert "van het bucketoverzicht; 8 van de 31 beginnen" in start.what
    method = proofread.one("tekst-startjaar", "up2023")
    assert "schema up2023; 4 van de 6 beginnen in een ander jaar" in method.what
    assert "Fundamenteel niveau en hoger (2017/18)" in start.recomputed
    count = proofread.one("tekst-getal", "interventies")
    assert count.recomputed.startswith("121 (interventies in de pijlers")
    thuiszitters = proofread.one("tekst-referentie", "thuiszitters-aandeel")
    assert thuiszitters.recomputed.startswith("Aandeel leerplichtige leerlingen van Zuid")


def test_texts_that_agree_with_the_figures_give_no_finding(proofread: Proofread) -> None:
    texts = proofread.facts.texts
    assert len(texts) == 335
    found = {(f.subject, f.where, f.published) for f in proofread.findings}
    agreeing = [t for t in texts if (t.subject, t.source, t.printed) not in found]
    # e.g. "NB: Zelfde als rapportage vorig jaar" (r. 821): % ingelopen 11,9% both years;
    # "Tussendoel 2024; 47,5%" (r. 216); "Totaal 121" (r. 1605); all 31 bucket markers.
    # "2023 is voorlopig" (r. 1183) for a row whose 2023 is provisional; "7 focuswijken" (r. 188).
    agreeing_lines = [
        ("schoolgewicht", 821),
        ("up2019", 216),
        ("interventies", 1605),
        ("middelbaar-hoger-opgeleid", 1183),
        ("focuswijken", 188),
        ("problematische-schuld", 265),  # a new indicator of UP 2023-2027 that follows it
    ]
    for subject, line in agreeing_lines:
        assert any(t.subject == subject and t.source == f"rapport r. {line}" for t in agreeing)
    assert len([t for t in agreeing if t.kind == "soort" and "bucket" in t.note]) == 31


# --- each kind of text, with and without the contradiction ------------------------------

UP2019 = Regime("up2019", ((2021, Fraction(1, 4)), (2031, Fraction(1))))
IND = "kinderopvangtoeslag"


def facts(*texts: PrintedText, figures: list[Figure] | None = None) -> Facts:
    """Stoplight row 7 (r. 274): start 2020, current 2023, reference Rotterdam."""
    rows = figures or [
        Figure("stoplicht", "periode", "2020 - 2024", "rapport r. 274", IND, "nprz", "2023"),
        Figure("stoplicht", "ingelopen", "31,6%", "rapport r. 274", IND, "nprz", "2024"),
        Figure("stoplicht", "ingelopen-vorig", "31,6%", "rapport r. 274", IND, "nprz", "2023"),
        Figure("buckets", "bucket-lid", "31,6%", "rapport r. 500", IND, "nprz", "2024"),
    ]
    return Facts(
        2024,
        rows,
        {
            IND: IndicatorFacts(
                IND,
                "Kinderopvangtoeslag",
                IND,
                "thuisbasis",
                "indicator",
                "percent",
                1,
                Direction.HOGER,
            )
        },
        [
            TargetFacts(
                IND,
                "converge",
                UP2019,
                "nprz",
                "2020",
                None,
                "rotterdam",
                None,
                None,
                "rapport r. 274",
            )
        ],
        {},
        [],
        texts=list(texts),
        counts={"interventies": (Citable("121", "interventies"),)},
        # as the NPRZ definition names them (texts.area_words, areas.csv)
        area_names={"nprz": "Zuid", "rotterdam": "Rotterdam", "g4": "G4"},
        programme_area="nprz",
    )


def text(kind: str, reading: str, printed: str = "…", subject: str = IND) -> PrintedText:
    return PrintedText(kind, subject, printed, reading, "rapport r. 1")


@pytest.mark.parametrize(
    ("written", "kind", "reading", "subject", "code"),
    [
        ("titel dated 2021", "titel", "2021", "stoplicht", "tekst-titel"),
        ("legend of last year", "legenda", "2023", "stoplicht", "tekst-legenda"),
        ("VGR 2023", "planjaar", "2023", IND, "tekst-planjaar"),
        ("start 2022", "startjaar", "2022", IND, "tekst-startjaar"),
        ("Zuid 2024:", "actueel", "2024", IND, "tekst-actueel"),
        ("2020 t/m 2022", "ingelopen", "2020|2022", IND, "tekst-periode-ingelopen"),
        ("verschil met de G4", "referentie", "g4", IND, "tekst-referentie"),
        ("tov G4 (kop)", "referentie", "g4", "buckets", "tekst-referentie"),
        ("van 2011 (kop)", "startjaar", "2011", "buckets", "tekst-startjaar"),
        ("Doelstelling:", "soort", "doel", IND, "tekst-soort"),
        ("Pijler School", "pijler", "school", IND, "tekst-pijler"),
        ("Tussendoel 2022; 25%", "schema", "2022 25%", "up2019", "tekst-schema"),
        ("Einddoel 2032", "einddoel", "2032", "up2019", "tekst-einddoel"),
        ("alle 120 interventies", "getallen", "", "interventies", "tekst-getal"),
        ("Nieuwe indicator in UP 2023-2027", "plan", "up2023", IND, "tekst-plan"),
    ],
)
def test_a_contradicting_text_is_a_finding(
    written: str, kind: str, reading: str, subject: str, code: str
) -> None:
    (finding,) = check_wording(facts(text(kind, reading, written, subject)))
    assert (finding.code, finding.subject, finding.published, finding.where) == (
        code,
        subject,
        "120" if kind == "getallen" else written,
        "rapport r. 1",
    )
    assert finding.soort is Soort.TEKST


@pytest.mark.parametrize(
    ("kind", "reading", "subject"),
    [
        ("titel", "2024", "stoplicht"),
        ("legenda", "2024", "stoplicht"),
        ("planjaar", "2024", IND),
        ("startjaar", "2020", IND),
        ("actueel", "2023", IND),
        ("ingelopen", "2020|2023", IND),
        ("referentie", "rotterdam", IND),
        ("referentie", "rotterdam", "buckets"),
        ("startjaar", "2020", "buckets"),
        ("soort", "indicator", IND),
        ("pijler", "thuisbasis", IND),
        ("geen-update", "", IND),  # 31,6% closed in both reports
        ("schema", "2024 47,5%", "up2019"),
        ("einddoel", "2031", "up2019"),
        ("getallen", "", "interventies"),  # "Totaal 121"
        ("plan", "up2019", IND),
    ],
)
def test_a_text_that_agrees_is_no_finding(kind: str, reading: str, subject: str) -> None:
    written = "Totaal 121" if kind == "getallen" else "…"
    assert list(check_wording(facts(text(kind, reading, written, subject)))) == []


def test_geen_update_while_the_share_closed_moved() -> None:
    # Line 480 and row 21 (r. 347): "(geen update)" while % closed went from 66,7% to 92,9%.
    rows = [
        Figure("stoplicht", "ingelopen", "92,9%", "rapport r. 347", IND, "nprz", "2024"),
        Figure("stoplicht", "ingelopen-vorig", "66,7%", "rapport r. 347", IND, "nprz", "2023"),
    ]
    (finding,) = check_wording(facts(text("geen-update", "", "(geen update)"), figures=rows))
    assert finding.recomputed == "% ingelopen 92,9%, vorig rapport 66,7%"
    assert finding.likely is Likely.GEGEVENS


@pytest.mark.parametrize(
    ("printed", "data", "same"),
    [
        ("2024", "2024", True),
        ("2024", "2023", False),
        ("2011", "2011/12", True),  # "beginwaarde in 2011" for school year 2011/12
        ("2013", "2012/13", True),
        ("2011", "2012/13", False),
        ("2011/12", "2012", True),
        ("2023/24", "2022/23", False),
        ("2016-2018", "2016-2018", True),
    ],
)
def test_periods_as_a_reader_compares_them(printed: str, data: str, same: bool) -> None:
    assert same_period(printed, data) is same


def test_a_progress_text_against_its_kpi_values() -> None:
    # Werk 7 (r. 4268-4283): 353 found work against a target of 450.
    values = (
        Citable("450", "doel 2024", "jobhunters", Decimal("450")),
        Citable("353", "realisatie 2024", "jobhunters", Decimal("353")),
    )
    good = Narrative(
        "werk-7",
        "Voortgangstekst Werk 7",
        "rapport r. 4271-4283",
        "Via de jobhunters vonden 353 mensen werk, 97 minder dan het doel van 450.",
        values,
    )
    bad = Narrative(
        "werk-7",
        "Voortgangstekst Werk 7",
        "rapport r. 4271-4283",
        "Via de jobhunters vonden 335 mensen werk.",
        values,
    )
    assert list(check_narratives(facts())) == []
    assert list(check_narratives(Facts(2024, [], {}, [], {}, [], narratives=[good]))) == []
    (finding,) = check_narratives(Facts(2024, [], {}, [], {}, [], narratives=[bad]))
    assert (finding.code, finding.subject, finding.published, finding.recomputed) == (
        "tekst-getal",
        "werk-7",
        "335",
        "353 (realisatie 2024)",
    )


def provisional(status_2023: str) -> Facts:
    """Row 35 (r. 416): 2011 definitief, 2023 as given; the note at r. 1221."""
    rows = [
        Figure(
            "stoplicht",
            "meting",
            "29,0%",
            "rapport r. 416",
            IND,
            "nprz",
            "2011",
            status="definitief",
        ),
        Figure(
            "stoplicht",
            "meting",
            "18,8%",
            "rapport r. 416",
            IND,
            "nprz",
            "2023",
            status=status_2023,
        ),
    ]
    return facts(figures=rows)


@pytest.mark.parametrize(
    ("note_year", "status_2023", "data"),
    [
        ("2023", "voorlopig", None),
        ("2022", "voorlopig", "voorlopig: 2023"),  # last year's note
        ("2023", "definitief", "18,8% (stoplicht, 2023): definitief"),
    ],
)
def test_a_note_on_provisional_figures(note_year: str, status_2023: str, data: str | None) -> None:
    note = text("voorlopig", note_year, f"{note_year} is een voorlopig cijfer")
    found = list(check_wording(replace(provisional(status_2023), texts=[note])))
    assert [f.recomputed for f in found] == ([] if data is None else [data])

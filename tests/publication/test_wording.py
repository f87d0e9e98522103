"""The public's wording of sources and notes, and the analyst's (nprz.publication.wording)."""

from __future__ import annotations

from nprz.publication import audience, wording
from nprz.publication.audience import Audience

REPORT = "Voortgangsrapportage Nationaal Programma Rotterdam Zuid 2024"


def test_a_line_reference_becomes_the_document_and_its_table() -> None:
    assert wording.source("rapport r. 282", REPORT, "Stand t.a.v. doelstelling 2024") == (
        f"{REPORT}, Stand t.a.v. doelstelling 2024"
    )
    assert wording.source("rapport r. 6390-6443", REPORT) == REPORT
    assert wording.source("rapport r. 6410 (kolom kleur 2023)", REPORT) == REPORT
    assert wording.source("rij 129", "kwb-2024.csv", "CBS, Kerncijfers wijken en buurten 2024") == (
        "kwb-2024.csv, CBS, Kerncijfers wijken en buurten 2024"
    )


def test_bracketed_references_go_and_sentences_about_lines_go_whole() -> None:
    text = (
        "De stand is 12.794 in NPRZ (rapport r. 4187; brief r. 38); het doel van 12.750 is "
        "niet gehaald. Het nummer staat alleen op r. 6649, de naam op r. 6650. Daarna volgt "
        "de rest (zie r. 6615, 6639)."
    )
    assert wording.text_for_reader(text) == (
        "De stand is 12.794 in NPRZ; het doel van 12.750 is niet gehaald. Daarna volgt de rest."
    )
    assert wording.text_for_reader("Klantreizen in gebied:gebied-feijenoord.") == ""


def test_the_analyst_keeps_every_line_and_note() -> None:
    with audience.reading_as(Audience.ANALYST):
        assert wording.source("rapport r. 282", REPORT, "Stand") == "rapport r. 282"
        assert wording.text_for_reader("Zie r. 38.") == "Zie r. 38."
        assert wording.note_for_reader("gedrukt met decimale punt") == "gedrukt met decimale punt"
    assert wording.note_for_reader("gedrukt met decimale punt") == ""

"""A whole progress round in chromium: import the colours of 2023 and 2024, open, fill in
(with the owner's colour proposal), submit, return, correct, approve, the four-eyes refusal,
the overview, close and publish with their confirmations, and what the public then sees.

The same round as tests/staff/test_round.py, but by the demo accounts of `nprz demo-accounts`,
each in a browser context of their own, clicking the Dutch buttons and filling fields by
their labels. The round runs on a server of its own (a fresh SQLite folder), so the other
browser tests never see its changes.

Werk 12 "Aan de slag met LKS" is a Werk intervention of Gemeente Rotterdam (the demo
initiatiefnemer's organisation) with a 2025 target: "Aandeel LKS-banen in NPRZ als percentage
van de stad", doel 45%. 40,5% is 90% of it and 43,2% is 96%: both propose geel. Its 2024
value as printed is 41%. The colours imported are synthetic
(tests/interventions/data/kleuren-2023-2024-synthetisch.csv): Werk 12 is rood in 2024.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
YEAR = 2025
REPORT = f"/ronde/{YEAR}/werk/12/"
INTERVENTION = "Aan de slag met LKS"
KPI = "Aandeel LKS-banen in NPRZ als percentage van de stad"
DEMO_LINE = re.compile(r"^\s+(demo-\S+)\s+wachtwoord (\S+)\s", re.MULTILINE)
COLOURS = Path(__file__).parents[1] / "interventions" / "data" / "kleuren-2023-2024-synthetisch.csv"
OWN_WORK = "/ronde/2025/werk/10/"  # Video-pitches, also Gemeente Rotterdam's: for four eyes


@pytest.fixture(scope="module")
def site(
    launch: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """A server of its own on the bundled dataset, and the demo accounts' passwords."""
    with launch(tmp_path_factory.mktemp("round"), "demo-accounts") as (running, (printed,)):
        passwords = dict(DEMO_LINE.findall(printed))
        assert set(passwords) == {
            "demo-bureau",
            "demo-coordinator-werk",
            "demo-initiatiefnemer",
            "demo-lezer",
        }, printed
        assert "initiatiefnemer (Gemeente Rotterdam)" in printed
        yield running.url, passwords


def _tab(browser: Any, url: str) -> Any:
    context = browser.new_context(base_url=url, viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(15_000)
    return context.new_page()


def _log_in(tab: Any, username: str, password: str) -> None:
    from playwright.sync_api import expect

    tab.goto("/ronde/")
    expect(tab).to_have_url(re.compile(r"/inloggen/\?next=/ronde/$"))
    tab.get_by_label("Gebruikersnaam").fill(username)
    tab.get_by_label("Wachtwoord").fill(password)
    tab.get_by_role("button", name="Inloggen").click()
    expect(tab).to_have_url(re.compile(r"/ronde/$"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Voortgangsronde")


def _fact(tab: Any, term: str) -> Any:
    """The <dd> after the <dt> `term` in the report's facts."""
    return tab.locator("dl.facts dt", has_text=re.compile(f"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def _click(tab: Any, button: str) -> None:
    tab.get_by_role("button", name=button, exact=True).click()


def _import_colours(bureau: Any) -> None:
    """The bureau checks the synthetic colour file (was -> wordt), then imports it."""
    from playwright.sync_api import expect

    bureau.goto("/ronde/")
    bureau.get_by_role("link", name="Kleuren importeren").click()
    expect(bureau.get_by_role("heading", level=1)).to_have_text("Kleuren importeren")
    upload = bureau.get_by_label("Bestand met kleuren (CSV of Excel-werkmap .xlsx)")
    upload.set_input_files(str(COLOURS))
    _click(bureau, "Controleren")
    expect(bureau.get_by_role("status")).to_contain_text(
        "Geen fouten: dit bestand kan worden ingelezen (268 kleuren voor 2023, 2024: 262 nieuw, "
        "0 gewijzigd, 6 gelijk)."
    )
    changes = bureau.get_by_role("table", name=re.compile("^Wat het importeren verandert"))
    expect(
        changes.get_by_role("row").filter(has_text="werk 12. Aan de slag met LKS").last
    ).to_have_text(
        re.compile(r"nieuw\s*2024\s*werk 12\. Aan de slag met LKS\s*niet vastgelegd\s*rood")
    )
    bureau.get_by_label("Bestand met kleuren (CSV of Excel-werkmap .xlsx)").set_input_files(
        str(COLOURS)
    )
    _click(bureau, "Importeren")
    expect(bureau.get_by_role("status")).to_have_text(
        f"{COLOURS.name} is ingelezen als kleuren-0001: 268 kleuren voor 2023, 2024: 262 nieuw, "
        "0 gewijzigd, 6 gelijk."
    )
    expect(bureau.get_by_role("listitem").filter(has_text="kleuren-0001")).to_contain_text(
        "door demo-bureau"
    )


def _two_roles(bureau: Any) -> None:
    """The bureau makes the coordinator of Werk also an initiatiefnemer of Gemeente Rotterdam."""
    from playwright.sync_api import expect

    bureau.goto("/gebruikers/")
    bureau.get_by_role("link", name="demo-coordinator-werk", exact=True).click()
    bureau.get_by_label("initiatiefnemer", exact=True).check()
    bureau.get_by_label(re.compile("^Organisaties")).select_option(label="Gemeente Rotterdam")
    _click(bureau, "Gegevens en rollen opslaan")
    expect(_fact(bureau, "Rollen")).to_contain_text("initiatiefnemer")
    expect(_fact(bureau, "Rollen")).to_contain_text("pijlercoördinator")


def test_a_whole_round_in_the_browser(browser: Any, site: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import expect

    url, passwords = site
    bureau, ini, cor = (_tab(browser, url) for _ in range(3))
    visitor = _tab(browser, url)
    try:
        _log_in(bureau, "demo-bureau", passwords["demo-bureau"])
        # Colours as data: before the import the public page gives the report's own counts.
        visitor.goto("/interventies/")
        colours = visitor.get_by_role("table", name=re.compile("^Kleuren per pijler 2024"))
        expect(colours.get_by_role("row").filter(has_text="Thuisbasis op orde")).to_have_text(
            re.compile(
                r"12 groen, 6 geel, 1 rood \(19\)\s*Voortgangsrapportage Nationaal Programma "
                r"Rotterdam Zuid 2024\s*–\s*–"
            )
        )
        expect(visitor.locator("main")).not_to_contain_text("celkleur")
        _import_colours(bureau)
        visitor.reload()
        expect(colours.get_by_role("row").filter(has_text="Thuisbasis op orde")).to_contain_text(
            "gelijk aan wat het rapport telde"
        )
        expect(visitor.locator("main")).to_contain_text(
            f"Kleuren van 2023 en 2024 ingelezen uit {COLOURS.name} (kleuren-0001, door "
            "demo-bureau op "
        )
        werk = visitor.get_by_role("table", name=re.compile("^Samenvatting voortgang 2024"))
        expect(werk.get_by_role("row").filter(has_text="Werk")).to_have_text(
            re.compile(r"Werk\s*0\s*17\s*6\s*6\s*6\s*0\s*35\s*35")
        )

        # The bureau opens round 2025; the form proposes the year after 2024.
        bureau.goto("/ronde/")
        year = bureau.get_by_label("Jaar")
        expect(year).to_have_value(str(YEAR))
        _click(bureau, "Ronde openen")
        expect(bureau).to_have_url(re.compile(f"/ronde/{YEAR}/$"))
        expect(bureau.get_by_role("status")).to_have_text(f"Voortgangsronde {YEAR} is geopend.")
        expect(bureau.locator("p.lead")).to_contain_text("Deze ronde is open.")

        # The initiatiefnemer finds the Werk report of Gemeente Rotterdam in the round.
        _log_in(ini, "demo-initiatiefnemer", passwords["demo-initiatiefnemer"])
        ini.get_by_role("link", name=str(YEAR), exact=True).click()
        row = ini.get_by_role("row").filter(
            has=ini.get_by_role("link", name=f"12. {INTERVENTION}", exact=True)
        )
        expect(row.get_by_role("cell")).to_have_text(
            ["Werk", "concept", "niet vastgelegd", "–", "–"]
        )
        row.get_by_role("link").click()
        expect(ini).to_have_url(re.compile(f"{REPORT}$"))
        expect(ini.get_by_role("heading", level=1)).to_have_text(f"Voortgang {YEAR}: Werk 12")
        expect(_fact(ini, "Initiatiefnemers")).to_contain_text("Gemeente Rotterdam")
        expect(_fact(ini, "Status")).to_have_text("concept")
        expect(ini.get_by_role("heading", name="Voortgang invullen")).to_be_visible()
        # Last year beside this year: the 2024 value and the 2024 colour (imported).
        kpi_row = (
            ini.get_by_role("table", name=re.compile("^KPI's: realisatie"))
            .get_by_role("row")
            .filter(has_text=KPI)
        )
        expect(kpi_row).to_contain_text("45% (plan, rapport r. 4443)")
        expect(kpi_row).to_contain_text("41%")
        expect(_fact(ini, f"Kleur {YEAR - 1}")).to_have_text("niet vastgelegd")

        # A count is a whole number: 1.234,5 is refused with a field error; nothing is saved.
        count = ini.get_by_label("Aantal mensen dat is geplaatst naar een LKS-baan in NPRZ")
        count.fill("1.234,5")
        ini.get_by_label(KPI, exact=True).fill("40,5%")
        _click(ini, "Opslaan")
        expect(ini.locator(".field-error").first).to_contain_text(
            "een aantal is een heel getal, zoals 1.234 (niet 1.234,5)"
        )
        expect(count).to_have_attribute("aria-invalid", "true")
        expect(_fact(ini, "Versie")).to_have_text("1")
        count.fill("")

        # ... fills in the text, 40,5% (90% of 45%: geel) and proposes groen, with a reason.
        ini.get_by_label("Voortgang in eigen woorden").fill("Meer LKS-banen op Zuid.")
        ini.get_by_label("Kleur die u voorstelt").select_option("groen")
        _click(ini, "Opslaan")
        expect(ini.locator("#id_owner_colour_reason-fout")).to_contain_text(
            "geef een reden bij de kleur die u voorstelt"
        )
        ini.get_by_label("Waarom deze kleur").fill("Het aantal banen groeit snel.")
        _click(ini, "Opslaan")
        saved = ini.get_by_role("status").first.locator("p")
        expect(saved).to_have_text(
            [
                "Het voortgangsrapport is opgeslagen.",
                re.compile("^Let op: 5 van de 6 KPI's zijn nog leeg \\(Aantal mensen dat is "),
            ]
        )
        expect(_fact(ini, "Voorstel uit de KPI's")).to_have_text(re.compile("^geel"))
        expect(_fact(ini, "Voorstel van de initiatiefnemer")).to_have_text(
            re.compile("^groen: .* — Het aantal banen groeit snel.$")
        )
        expect(_fact(ini, "Versie")).to_have_text("2")
        expect(ini.get_by_label(KPI, exact=True)).to_have_value("40,5%")
        _click(ini, "Indienen")
        expect(ini.get_by_role("status")).to_have_text("Het voortgangsrapport is ingediend.")
        expect(_fact(ini, "Status")).to_have_text("ingediend")
        expect(ini.get_by_role("heading", name="Voortgang invullen")).to_have_count(0)
        expect(ini.get_by_role("button", name="Indienen")).to_have_count(0)

        # The coordinator of Werk reviews it: no form of the owner, but return and approve.
        _log_in(cor, "demo-coordinator-werk", passwords["demo-coordinator-werk"])
        cor.goto(f"/ronde/{YEAR}/")
        cor_row = cor.get_by_role("row").filter(
            has=cor.get_by_role("link", name=f"12. {INTERVENTION}", exact=True)
        )
        expect(cor_row.get_by_role("cell")).to_have_text(
            [
                "Werk",
                "ingediend",
                "niet vastgelegd",
                "geel: problemen, maatregelen genomen",
                "groen: resultaat wordt of is gehaald",
            ]
        )
        cor_row.get_by_role("link").click()
        expect(cor).to_have_url(re.compile(f"{REPORT}$"))
        expect(cor.get_by_text("Meer LKS-banen op Zuid.", exact=True)).to_be_visible()
        expect(
            cor.get_by_role("table", name=f"KPI's: realisatie {YEAR}")
            .get_by_role("row")
            .filter(has_text=KPI)
        ).to_contain_text("40,5%")
        expect(cor.get_by_role("heading", name="Voortgang invullen")).to_have_count(0)

        # Returning needs a comment.
        _click(cor, "Terugsturen")
        expect(cor.get_by_label("Opmerking voor de initiatiefnemer")).to_have_attribute(
            "aria-invalid", "true"
        )
        expect(cor.locator(".field-error")).to_contain_text("schrijf waarom het rapport terug gaat")
        expect(_fact(cor, "Status")).to_have_text("ingediend")
        cor.get_by_label("Opmerking voor de initiatiefnemer").fill("Noem het aantal banen.")
        _click(cor, "Terugsturen")
        expect(cor.get_by_role("status")).to_have_text(
            "Het voortgangsrapport is teruggestuurd naar de initiatiefnemer."
        )
        expect(_fact(cor, "Status")).to_have_text("teruggestuurd")

        # The initiatiefnemer sees the comment, corrects (43,2%: 96%, still geel), resubmits.
        ini.reload()
        expect(_fact(ini, "Status")).to_have_text("teruggestuurd")
        expect(_fact(ini, "Opmerking van de beoordelaar")).to_have_text("Noem het aantal banen.")
        ini.get_by_label("Voortgang in eigen woorden").fill("Zeshonderd LKS-banen op Zuid.")
        ini.get_by_label(KPI, exact=True).fill("43,2%")
        _click(ini, "Opslaan")
        expect(ini.get_by_role("status").first).to_contain_text(
            "Het voortgangsrapport is opgeslagen."
        )
        expect(ini.get_by_label(KPI, exact=True)).to_have_value("43,2%")
        _click(ini, "Indienen")
        expect(_fact(ini, "Status")).to_have_text("ingediend")

        # The coordinator approves groen, the owner's proposal, against the KPIs' geel: only
        # with a reason.
        cor.reload()
        expect(_fact(cor, "Status")).to_have_text("ingediend")
        expect(cor.get_by_text("Zeshonderd LKS-banen op Zuid.", exact=True)).to_be_visible()
        colour = cor.get_by_label("Kleur", exact=True)
        expect(colour).to_have_value("groen")  # the owner's proposal is chosen in advance
        _click(cor, "Goedkeuren")
        reason = cor.get_by_label("Reden (verplicht als u afwijkt van het voorstel)")
        expect(reason).to_have_attribute("aria-describedby", "id_reason-fout")
        expect(cor.locator("#id_reason-fout")).to_contain_text(
            "de KPI's stellen geel voor; leg uit waarom u groen kiest"
        )
        expect(_fact(cor, "Status")).to_have_text("ingediend")
        expect(colour).to_have_value("groen")  # the choice survives the refusal
        reason.fill("Het doel is een ondergrens.")
        _click(cor, "Goedkeuren")
        expect(cor.get_by_role("status")).to_have_text("Het voortgangsrapport is goedgekeurd.")
        expect(_fact(cor, "Status")).to_have_text("goedgekeurd")
        expect(_fact(cor, "Kleur")).to_have_text(re.compile("^groen"))
        expect(_fact(cor, "Reden voor de kleur")).to_have_text("Het doel is een ondergrens.")

        # The history names who did what, newest first.
        history = cor.get_by_role("table", name="Wijzigingen, nieuwste eerst")
        who = history.locator("tbody tr td:nth-child(2)")
        expect(who.first).to_have_text("demo-coordinator-werk")
        expect(
            history.get_by_role("row").filter(has_text="demo-initiatiefnemer")
        ).not_to_have_count(0)
        expect(history.get_by_role("row").filter(has_text="KPI-waarde")).to_have_count(2)
        expect(history).to_contain_text(f"{KPI}: 40,5% → 43,2%")
        expect(history).to_contain_text("kleur: niet-vastgelegd → groen")
        expect(history).to_contain_text("opmerking van de beoordelaar: – → Noem het aantal banen.")
        expect(history.get_by_role("row").filter(has_text="demo-coordinator-werk")).to_have_count(
            2
        )  # returned, approved

        # Four eyes: the coordinator, now also an initiatiefnemer of Gemeente Rotterdam, fills
        # in and submits Werk 10, and may not approve it; the bureau may.
        _two_roles(bureau)
        cor.goto(OWN_WORK)
        cor.get_by_label("Voortgang in eigen woorden").fill("Vier video's gemaakt.")
        _click(cor, "Opslaan")
        _click(cor, "Indienen")
        expect(_fact(cor, "Status")).to_have_text("ingediend")
        expect(cor.get_by_role("note").filter(has_text="vier ogen")).to_have_text(
            "U heeft dit voortgangsrapport zelf bewerkt of ingediend; een ander moet het "
            "goedkeuren (vier ogen)."
        )
        expect(cor.get_by_role("button", name="Goedkeuren")).to_have_count(0)
        expect(cor.get_by_role("button", name="Terugsturen")).to_have_count(1)

        # The bureau's overview per pillar and status; closing asks first and lists the rest.
        bureau.goto(f"/ronde/{YEAR}/")
        overview = bureau.get_by_role("table", name="Overzicht per pijler en status")
        expect(overview.get_by_role("row").filter(has_text="Werk")).to_have_text(
            re.compile(r"Werk\s*27\s*1\s*0\s*1\s*0\s*29")
        )
        expect(overview.locator("tfoot")).to_contain_text("128")
        bureau.goto("/ronde/")
        _click(bureau, f"Ronde {YEAR} sluiten")
        expect(bureau.get_by_role("heading", level=1)).to_have_text(f"Ronde {YEAR} sluiten?")
        expect(bureau.get_by_role("alert")).to_contain_text(
            "127 van de 128 voortgangsrapporten zijn niet goedgekeurd."
        )
        unapproved = bureau.get_by_role("table", name="Niet goedgekeurd")
        expect(unapproved.get_by_role("row")).to_have_count(128)  # the header and 127
        expect(unapproved.get_by_role("row").filter(has_text="10. Video-pitches")).to_contain_text(
            "ingediend"
        )
        expect(unapproved).not_to_contain_text(INTERVENTION)
        _click(bureau, "Toch sluiten")
        expect(bureau.get_by_role("status")).to_have_text(f"Voortgangsronde {YEAR} is gesloten.")
        round_row = bureau.get_by_role("row").filter(
            has=bureau.get_by_role("link", name=str(YEAR), exact=True)
        )
        expect(round_row.get_by_role("cell").first).to_have_text("gesloten")
        _click(bureau, f"Ronde {YEAR} publiceren")
        expect(bureau.get_by_role("heading", level=1)).to_have_text(f"Ronde {YEAR} publiceren?")
        expect(bureau.get_by_role("alert")).to_contain_text(
            "De andere blijven buiten de publicatie, zonder kleur"
        )
        _click(bureau, "Toch publiceren")
        status = bureau.get_by_role("status")
        expect(status).to_contain_text(f"Voortgangsronde {YEAR} is gepubliceerd.")
        expect(status).to_contain_text(
            "127 voortgangsrapporten waren niet goedgekeurd en blijven buiten de publicatie"
        )
        expect(status).to_contain_text("De openbare pagina toont standaard 2024")
        expect(status).not_to_contain_text("werk 12,")
        expect(round_row.get_by_role("cell").first).to_have_text("gepubliceerd")
        bureau.goto(REPORT)
        expect(_fact(bureau, "Status")).to_have_text("gepubliceerd")
        expect(_fact(bureau, "Kleur")).to_have_text(re.compile("^groen"))

        # Anonymous: the page keeps 2024, whole, until a round is published whole; 2025 is
        # there on request, with Werk 12 moved up from its (synthetic) rood of 2024.
        response = visitor.goto("/interventies/")
        assert response is not None
        assert response.status == 200
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Interventies 2024")
        expect(visitor.get_by_role("table", name=re.compile("^Interventies 2024"))).to_contain_text(
            "134 interventies"
        )
        expect(visitor.get_by_role("note")).to_contain_text(
            "Over 2025 is een deel van de voortgangsrapporten gepubliceerd"
        )
        response = visitor.goto(f"/interventies/?jaar={YEAR}")
        assert response is not None
        assert response.status == 200
        expect(visitor.get_by_role("note")).to_contain_text(
            "De ronde 2025 is gedeeltelijk gepubliceerd: 1 van de 128"
        )
        row = visitor.get_by_role("row", name=re.compile(INTERVENTION))
        expect(row).to_contain_text("groen")
        expect(row).to_contain_text("vooruit")
        # The intervention's own page shows 2024 and points to the 2025 report.
        response = visitor.goto("/interventies/werk/12/")
        assert response is not None
        assert response.status == 200
        expect(visitor.get_by_role("heading", level=1)).to_have_text(INTERVENTION)
        expect(visitor.locator("dl.facts")).to_contain_text("Kleur 2025")
        expect(visitor.locator("dl.facts")).to_contain_text("groen")
        expect(visitor.locator("main")).not_to_contain_text("()")
        response = visitor.goto(REPORT)  # the round itself needs an account
        expect(visitor).to_have_url(re.compile(r"/inloggen/\?next="))
    finally:
        for tab in (bureau, ini, cor, visitor):
            tab.context.close()

"""A whole progress round in chromium: fill in, submit, return, correct, approve, publish.

The same round as tests/staff/test_round.py, but by the demo accounts of `nprz demo-accounts`,
each in a browser context of their own, clicking the Dutch buttons and filling fields by
their labels. The round runs on a server of its own (a fresh SQLite folder), so the other
browser tests never see its changes.

Werk 12 "Aan de slag met LKS" is a Werk intervention of Gemeente Rotterdam (the demo
initiatiefnemer's organisation) with a 2025 target: "Aandeel LKS-banen in NPRZ als percentage
van de stad", doel 45%. 40,5% is 90% of it and 43,2% is 96%: both propose geel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}
YEAR = 2025
REPORT = f"/ronde/{YEAR}/werk/12/"
INTERVENTION = "Aan de slag met LKS"
KPI = "Aandeel LKS-banen in NPRZ als percentage van de stad"
DEMO_LINE = re.compile(r"^\s+(demo-\S+)\s+wachtwoord (\S+)\s", re.MULTILINE)


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


def test_a_whole_round_in_the_browser(browser: Any, site: tuple[str, dict[str, str]]) -> None:
    from playwright.sync_api import expect

    url, passwords = site
    bureau, ini, cor = (_tab(browser, url) for _ in range(3))
    try:
        # The bureau opens round 2025; the form proposes the year after 2024.
        _log_in(bureau, "demo-bureau", passwords["demo-bureau"])
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
        expect(row.get_by_role("cell")).to_have_text(["Werk", "concept", "niet vastgelegd", "–"])
        row.get_by_role("link").click()
        expect(ini).to_have_url(re.compile(f"{REPORT}$"))
        expect(ini.get_by_role("heading", level=1)).to_have_text(f"Voortgang {YEAR}: Werk 12")
        expect(_fact(ini, "Initiatiefnemers")).to_contain_text("Gemeente Rotterdam")
        expect(_fact(ini, "Status")).to_have_text("concept")
        expect(ini.get_by_role("heading", name="Voortgang invullen")).to_be_visible()

        # ... fills in the text and 40,5% (Dutch notation; 90% of the 45% target: geel).
        ini.get_by_label("Voortgang in eigen woorden").fill("Meer LKS-banen op Zuid.")
        ini.get_by_label(KPI, exact=True).fill("40,5%")
        _click(ini, "Opslaan")
        expect(ini.get_by_role("status")).to_have_text("Het voortgangsrapport is opgeslagen.")
        expect(_fact(ini, "Voorstel uit de KPI's")).to_have_text(re.compile("^geel"))
        expect(_fact(ini, "Versie")).to_have_text("2")
        expect(ini.get_by_label(KPI, exact=True)).to_have_value("40,5%")
        expect(ini.get_by_label("Voortgang in eigen woorden")).to_have_value(
            "Meer LKS-banen op Zuid."
        )
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
            ["Werk", "ingediend", "niet vastgelegd", "geel: problemen, maatregelen genomen"]
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
        expect(ini.get_by_role("status")).to_have_text("Het voortgangsrapport is opgeslagen.")
        expect(ini.get_by_label(KPI, exact=True)).to_have_value("43,2%")
        _click(ini, "Indienen")
        expect(_fact(ini, "Status")).to_have_text("ingediend")

        # The coordinator approves groen against the proposal geel: only with a reason.
        cor.reload()
        expect(_fact(cor, "Status")).to_have_text("ingediend")
        expect(cor.get_by_text("Zeshonderd LKS-banen op Zuid.", exact=True)).to_be_visible()
        colour = cor.get_by_label("Kleur", exact=True)
        expect(colour).to_have_value("geel")  # the proposal is chosen in advance
        colour.select_option("groen")
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

        # The bureau closes the round and publishes it: only this report was approved.
        bureau.goto("/ronde/")
        _click(bureau, f"Ronde {YEAR} sluiten")
        expect(bureau.get_by_role("status")).to_have_text(f"Voortgangsronde {YEAR} is gesloten.")
        round_row = bureau.get_by_role("row").filter(
            has=bureau.get_by_role("link", name=str(YEAR), exact=True)
        )
        expect(round_row.get_by_role("cell").first).to_have_text("gesloten")
        _click(bureau, f"Ronde {YEAR} publiceren")
        status = bureau.get_by_role("status")
        expect(status).to_contain_text(f"Voortgangsronde {YEAR} is gepubliceerd.")
        expect(status).to_contain_text("voortgangsrapporten waren niet goedgekeurd")
        expect(status).not_to_contain_text("werk 12,")
        expect(round_row.get_by_role("cell").first).to_have_text("gepubliceerd")
        bureau.goto(REPORT)
        expect(_fact(bureau, "Status")).to_have_text("gepubliceerd")
        expect(_fact(bureau, "Kleur")).to_have_text(re.compile("^groen"))

        # Anonymous: the published round is public. The 2024 colour was not recorded, so the
        # movement is unknown.
        visitor = _tab(browser, url)
        try:
            response = visitor.goto(f"/interventies/?jaar={YEAR}")
            assert response is not None
            assert response.status == 200
            row = visitor.get_by_role("row", name=re.compile(INTERVENTION))
            expect(row).to_contain_text("groen")
            expect(row).to_contain_text("onbekend")
            # The intervention's own page shows the latest published round, 2025.
            response = visitor.goto("/interventies/werk/12/")
            assert response is not None
            assert response.status == 200
            expect(visitor.get_by_role("heading", level=1)).to_have_text(INTERVENTION)
            expect(visitor.locator("dl.facts")).to_contain_text("Kleur 2025")
            expect(visitor.locator("dl.facts")).to_contain_text("groen")
            response = visitor.goto(REPORT)  # the round itself needs an account
            expect(visitor).to_have_url(re.compile(r"/inloggen/\?next="))
        finally:
            visitor.context.close()
    finally:
        for tab in (bureau, ini, cor):
            tab.context.close()

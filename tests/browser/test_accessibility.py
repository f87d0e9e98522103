"""axe-core on every page type: no WCAG 2.0/2.1 A or AA violations, nor best-practice ones.

axe-core's script comes from the axe-playwright-python package (nothing is fetched). Closed
`<details>` are opened first, so the tables inside them are checked too. Two checks axe
cannot make are done by hand: that colour is never the only cue (every status has a word)
and that pages reflow at 320 CSS pixels.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "overzicht": "/",
    "doelen": "/doelen/",
    "doelen-gefilterd": "/doelen/?pijler=werk&sorteer=ingelopen&richting=af",
    "doelen-leeg": "/doelen/?pijler=veilig",
    "indicatoren": "/indicatoren/",
    "indicator": "/indicatoren/werkloosheid-jongeren/",
    "indicator-pad": "/indicatoren/bijstandsuitkeringen/",
    "indicator-voorlopig": "/indicatoren/thuisbasis-kinderen-minimum/",
    # a known correction: a footnote mark and the footnote under the table (decision 022)
    "indicator-correctie": "/indicatoren/thuiszitters-einde-13-17/",
    "gebieden": "/gebieden/",
    "gebied-nprz": "/gebieden/nprz/",
    "gebied": "/gebieden/gebied-charlois/",
    "wijk": "/gebieden/hillesluis/",
    "wijken-op-de-kaart": "/gebieden/kaart/?indicator=verhuis-in-7",
    "interventies": "/interventies/",
    "interventie": "/interventies/wonen/2a/",
    "downloads": "/downloads/",
    "api": "/api/",
    "404": "/indicatoren/bestaat-niet/",
    "400": "/doelen/?sorteer=onzin",
}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
STATUS_WORDS = {"groen", "oranje", "rood", "geen oordeel"}


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule: what to fix, and where."""
    lines = []
    for v in violations:
        tags = ", ".join(t for t in v["tags"] if t.startswith(("wcag2", "best")))
        lines.append(f"{v['id']} ({v['impact']}; {tags}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}\n    {node['html'][:300]}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_axe_finds_no_violations(page: Any, axe_script: str, path: str) -> None:
    page.goto(path)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.evaluate(axe_script)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert results["testEngine"]["name"] == "axe-core"
    violations = results["violations"]
    assert not violations, f"axe-core on {path}:\n{describe(violations)}"


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_page_reflows_at_320_pixels(page: Any, path: str) -> None:
    """WCAG 1.4.10 (which axe does not check): at 320 CSS pixels, as on a small phone or at
    400% zoom, the page needs no horizontal scrolling; wide tables scroll in their own box."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    too_wide = page.evaluate(
        """() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll('main *, header *, footer *')]
        .filter(e => !e.closest('.scroll, .visually-hidden'))
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .map(e => e.outerHTML.slice(0, 120));
    }"""
    )
    assert not too_wide, f"wider than 320 px on {path}: {too_wide[:5]}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize(
    "path",
    ["/", "/doelen/", "/indicatoren/werkloosheid-jongeren/", "/indicatoren/mbo-zorg/"],
)
def test_status_is_never_colour_alone(page: Any, path: str) -> None:
    page.goto(path)
    statuses = page.evaluate(
        """() => [...document.querySelectorAll('.status')].map(s => ({
        cls: s.className, text: s.innerText.trim(),
        icon: s.querySelector('.icon')?.getAttribute('aria-hidden')}))"""
    )
    assert statuses, f"no status on {path}"
    for status in statuses:
        assert status["text"] in STATUS_WORDS, status
        assert status["cls"] == f"status status-{status['text'].split()[0]}", status
        assert status["icon"] == "true", status  # the shape is decoration; the word is read


def test_skip_link_target_is_the_main_landmark(page: Any) -> None:
    page.goto("/")
    assert page.locator("a.skip").get_attribute("href") == "#inhoud"
    main = page.get_by_role("main")
    assert main.get_attribute("id") == "inhoud"
    assert main.get_attribute("tabindex") == "-1"  # focusable by the link, not a Tab stop

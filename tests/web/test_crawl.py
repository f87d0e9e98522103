"""Follow every internal link, image and stylesheet from the home page: none may fail, and
no public page may show the internals of the analysts' trade (`test_public_wording`).

One crawl for both: rendering the 600 addresses is most of the cost, reading them twice
was half of it.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from tests.web.test_public_wording import hits, visible

pytestmark = pytest.mark.django_db


ATTRIBUTES = {"a": "href", "img": "src", "link": "href", "form": "action"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)


def internal_links(base: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for link in parser.found:
        url = urldefrag(urljoin(base, link)).url
        parts = urlsplit(url)
        if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


DOWNLOADS = (".csv", ".xlsx")


def download_kind(path: str) -> str | None:
    """The kind of a download ("waarden.csv", "tabel.xlsx"): one of each kind is fetched;
    the others are made by the same view from the same kind of table."""
    name = urlsplit(path).path.rsplit("/", 1)[-1]
    return name if name.endswith(DOWNLOADS) else None


def test_every_internal_link_from_the_home_page_answers(loaded: object) -> None:
    """Every HTML page, image and stylesheet, and one download of each kind; every HTML
    page's visible text read for internals."""
    client = Client()
    seen: dict[str, int] = {}
    internals: dict[str, list[str]] = {}
    queue = deque(["/"])
    referrers: dict[str, str] = {}
    kinds: set[str] = set()
    skipped = 0
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        kind = download_kind(path)
        if kind is not None and kind in kinds:
            skipped += 1
            continue
        if kind is not None:
            kinds.add(kind)
        response = client.get(path)
        seen[path] = response.status_code
        content_type = response.get("Content-Type", "")
        # Reading a streamed answer (a static file) to the end closes it, the way the test
        # client wants; closing it ourselves would also close the test's database connection.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code == 200 and content_type.startswith("text/html"):
            # The API's documentation is for programmers: it names the fields' codes.
            if not path.startswith("/api/") and (found := hits(visible(body.decode()))):
                internals[path] = found
            for link in internal_links(path, body.decode()):
                if link not in seen:
                    referrers.setdefault(link, path)
                    queue.append(link)
    failures = {p: (code, referrers.get(p)) for p, code in seen.items() if code >= 400}
    assert failures == {}
    report = "\n".join(f"{p}\n  " + "\n  ".join(found[:8]) for p, found in internals.items())
    assert internals == {}, f"{len(internals)} pagina's met interne details:\n{report}"
    # Both kinds of every table download were fetched once, and the rest left out.
    assert {"waarden.csv", "waarden.xlsx", "tabel.csv", "tabel.xlsx"} <= kinds
    assert skipped > 500
    # The crawl reached every page type, each download kind and the charts.
    assert "/doelen/" in seen
    assert "/indicatoren/werkloosheid-jongeren/" in seen
    assert "/gebieden/hillesluis/" in seen
    assert "/gebieden/gebied-charlois/kaart.svg" in seen
    assert "/indicatoren/werkloosheid-jongeren/grafiek.svg" in seen
    assert "/doelen/tabel.xlsx" in seen
    assert "/api/openapi.json" in seen
    assert "/static/nprz/site.css" in seen
    assert any(p.startswith("/doelen/?sorteer=ingelopen") for p in seen)
    assert "/gebieden/kaart/" in seen  # the map comparing the wijken, not an area's page
    pages_per_kind = {
        kind: sum(
            1
            for p in seen
            if p.count("/") == 3
            and p.endswith("/")
            and p.startswith(root)
            and p != "/gebieden/kaart/"
        )
        for kind, root in (("indicator", "/indicatoren/"), ("gebied", "/gebieden/"))
    }
    assert pages_per_kind == {"indicator": 132, "gebied": 34}

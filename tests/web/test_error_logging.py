"""A server error is written down: its traceback goes to stderr and to the log file under the
data folder (`$NPRZ_DATA_DIR/log/nprz.log`), and the visitor gets the Dutch 500 page that
says so."""

from __future__ import annotations

import logging
import logging.config
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from nprz.site import settings as site_settings


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("synthetische fout voor de test")


urlpatterns = [path("kapot/", broken)]
handler500 = "nprz.web.views.server_error"


@pytest.fixture
def log_file(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> Any:
    """The site's logging, with its file in a data folder of this test's own (configured
    after `capfd`, so that its stderr is the captured one)."""
    logging.config.dictConfig(site_settings.logging_settings(tmp_path))
    yield tmp_path / "log" / "nprz.log"
    # Not back to settings.LOGGING: that writes into ./var (see tests/conftest.py).
    logging.config.dictConfig(site_settings.logging_settings(tmp_path / "daarna"))


def test_the_log_file_lies_in_the_data_folder() -> None:
    # The module's value: the tests put django.conf.settings.LOGGING elsewhere (conftest).
    handler = site_settings.LOGGING["handlers"]["file"]
    assert handler["filename"] == str(site_settings.DATA_DIR / "log" / "nprz.log")
    assert handler["maxBytes"] > 0
    assert handler["backupCount"] > 0


def test_a_server_error_is_logged_with_its_traceback(
    settings: Any, capfd: pytest.CaptureFixture[str], log_file: Path
) -> None:
    settings.ROOT_URLCONF = __name__
    answer = Client(raise_request_exception=False).get("/kapot/?jaar=2024")
    assert answer.status_code == 500
    page = answer.content.decode()
    assert "Er ging iets mis" in page
    assert "De fout is gelogd" in page
    written = log_file.read_text(encoding="utf-8")
    assert "ERROR django.request Internal Server Error: /kapot/" in written
    assert "Traceback (most recent call last):" in written
    assert "RuntimeError: synthetische fout voor de test" in written
    assert "RuntimeError: synthetische fout voor de test" in capfd.readouterr().err


def test_a_not_found_page_is_not_an_error_in_the_log(settings: Any, log_file: Path) -> None:
    settings.ROOT_URLCONF = __name__
    assert Client().get("/bestaat-niet/").status_code == 404
    assert not log_file.exists() or "bestaat-niet" not in log_file.read_text(encoding="utf-8")

"""Fixtures of the web tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from jsonschema import Draft202012Validator

from nprz.datasets.records import Dataset


@pytest.fixture(scope="module")
def store(django_db_setup, django_db_blocker, nprz2024: Dataset, loaded_rows):
    """The bundled dataset, loaded once for this module (loading takes seconds); each test
    still runs in its own transaction, a savepoint inside this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        loaded_rows.write()
        yield nprz2024
        transaction.set_rollback(True)


# --- the JSON API: every answer checked against the document derived from its declarations --


class Api:
    """A client for the JSON API that validates every answer against the OpenAPI document
    the server publishes (`/api/openapi.json`): the schema of the operation whose path
    matches, for the status it answered with. An answer that does not fit fails the test."""

    def __init__(self, client: Client) -> None:
        self.client = client
        response = client.get("/api/openapi.json")
        assert response.status_code == 200
        self.document: dict[str, Any] = response.json()

    def operation_path(self, url: str) -> str | None:
        """The documented path (`/api/v1/indicatoren/{code}`) that `url` asks for."""
        path = urlsplit(url).path.rstrip("/")
        for template in self.document["paths"]:
            if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", template), path):
                return str(template)
        return None

    def schema(self, url: str, status: int) -> dict[str, Any]:
        """The declared schema of `url`'s answer with `status`, its `$ref`s resolvable."""
        template = self.operation_path(url)
        if template is None:  # an address the API does not have: a Fout all the same
            answer: dict[str, Any] = {"$ref": "#/components/schemas/Fout"}
        else:
            responses = self.document["paths"][template]["get"]["responses"]
            assert str(status) in responses, f"{url} answered {status}, which is not declared"
            answer = responses[str(status)]["content"]["application/json"]["schema"]
        return {**answer, "components": self.document["components"]}

    def validate(self, url: str, status: int, data: Any) -> None:
        Draft202012Validator(self.schema(url, status)).validate(data)

    def get(self, url: str, status: int = 200) -> Any:
        response = self.client.get(url)
        assert response.status_code == status, (url, response.content[:300])
        assert response["Content-Type"].startswith("application/json"), url
        data = response.json()
        self.validate(url, status, data)
        return data


@pytest.fixture
def api(store: Dataset) -> Api:
    """The API on the bundled 2024 dataset, every answer validated."""
    return Api(Client())


@pytest.fixture
def api_for(store: Dataset) -> Callable[[Client], Api]:
    """The API as another client (a signed-in user) reads it, every answer validated."""
    return Api

"""The JSON API (decision 014): each answer declared once, the OpenAPI document derived.

* `schemas` — the answers, as pydantic models;
* `parameters` — the query and path parameters, how each is read and refused;
* `shaping` — rows of the store (through `nprz.publication`) turned into answers;
* `endpoints` — the django-ninja API: one function per endpoint, the errors, `document()`;
* `docs` — `/api/openapi.json` and the Dutch page `/api/`, both from `document()`.

The addresses (`/api/v1/…`, and the redirects from before the version) are in
`nprz.web.api_urls`.
"""

"""Data in: deliveries from CBS StatLine and CSV/Excel files, validated, planned and stored.

Every importer works in two steps: it reads its raw input into a `Delivery` (values plus
problems, no database writes), then `nprz.imports.store` checks it against the store,
shows what would change and writes it as a new vintage, all or nothing. The command line and
the upload page run those steps through one module, `nprz.imports.pipeline`.
"""

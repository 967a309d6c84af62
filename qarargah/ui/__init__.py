"""Shared user-interface pieces every app may use: form mixins and Persian/Jalali form fields,
the Persian template filters, the home-panel and navigation registries, and the shared static
files (layout CSS, the date picker's start-up script).

A low layer: it imports only the pure packages and Django, never a domain app, so that domain
apps can register panels and menu entries without importing ``qarargah.web`` (see
docs/decisions/0014-layers-and-type-checking.md).
"""

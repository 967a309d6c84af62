"""A static files finder that serves chosen files of an npm package, not its whole folder.

``STATICFILES_DIRS`` takes folders: Chart.js's ``dist`` holds a hundred files (ES modules,
CommonJS builds, types, 4 MB of source maps) of which the pages load one. Each would be hashed
and compressed by every ``collectstatic``. ``VENDOR_FILES`` in the settings names, per URL
prefix, the folder and the files to publish from it (a minified script with its source map,
which the manifest storage requires beside it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.checks import Error as CheckError
from django.core.files.storage import FileSystemStorage


class VendorFilesFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources: list[tuple[str, FileSystemStorage, tuple[str, ...]]] = []
        for prefix, (root, names) in getattr(settings, "VENDOR_FILES", {}).items():
            storage = FileSystemStorage(location=Path(root))
            storage.prefix = prefix  # type: ignore[attr-defined]  # read by collectstatic
            self.sources.append((prefix, storage, tuple(names)))

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            CheckError(f"VENDOR_FILES: {storage.path(name)} is missing (run `npm ci`).", id="qarargah.E001")
            for _prefix, storage, names in self.sources
            for name in names
            if not storage.exists(name)
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        matches = []
        for prefix, storage, names in self.sources:
            for name in names:
                if path == f"{prefix}/{name}" and storage.exists(name):
                    if not find_all:
                        return storage.path(name)
                    matches.append(storage.path(name))
        return matches

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for _prefix, storage, names in self.sources:
            for name in names:
                if storage.exists(name):
                    yield name, storage

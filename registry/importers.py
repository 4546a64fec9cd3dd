"""Compatibility: the importer now lives in the ``registry.importing`` package.

Kept only for the modules outside the importer that still import from here
(``registry.forms``: ``TARGETS``; ``tests/security``: ``import_organisations``,
``rejected_report_csv``); delete it once they import ``registry.importing``.
"""

from __future__ import annotations

from registry.importing import TARGETS, import_organisations, rejected_report_csv

__all__ = ["TARGETS", "import_organisations", "rejected_report_csv"]

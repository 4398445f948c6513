"""Every write to the growth archive, each with its acting ``user`` and permission check.

Views, the admin, the API, the CLI and other apps call these functions and nothing below them:

- one enterprise or one row (``archive``): create, update, add, delete, IP counts;
- many rows at once (``loading``): the one upsert path of the demo loader, the CLI and the web import;
- the web import as a background job (``imports``);
- the derived size class (``sizing``);
- the enterprise's consents to service providers (``consents``).
"""

from __future__ import annotations

from littlegiant.web.enterprises.services.archive import (
    add_archive_row,
    create_enterprise,
    delete_archive_row,
    delete_enterprise,
    set_ip_counts,
    update_archive_row,
    update_enterprise,
)
from littlegiant.web.enterprises.services.consents import (
    ConsentError,
    grant_consent,
    revoke_consent,
)
from littlegiant.web.enterprises.services.imports import (
    IMPORT_JOB,
    SHOWN_ISSUES,
    import_valid_rows,
    start_archive_import,
)
from littlegiant.web.enterprises.services.loading import LoadReport, TableCounts, load_archive_rows
from littlegiant.web.enterprises.services.sizing import refresh_size_classes, store_size_classes
from littlegiant.web.enterprises.validation import ArchiveValidationError

__all__ = [
    "IMPORT_JOB",
    "SHOWN_ISSUES",
    "ArchiveValidationError",
    "ConsentError",
    "LoadReport",
    "TableCounts",
    "add_archive_row",
    "create_enterprise",
    "delete_archive_row",
    "delete_enterprise",
    "grant_consent",
    "import_valid_rows",
    "load_archive_rows",
    "refresh_size_classes",
    "revoke_consent",
    "set_ip_counts",
    "start_archive_import",
    "store_size_classes",
    "update_archive_row",
    "update_enterprise",
]

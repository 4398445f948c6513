"""Every write of the catalog app, each with its acting ``user`` and permission check (``catalog.permissions``).

``entries``: save, withdraw, review, delete and import catalog entries (the search index follows
after commit);
``pushes``: record that a policy's push list was sent.
"""

from __future__ import annotations

from littlegiant.web.catalog.services.entries import (
    delete_entry,
    import_entries,
    review_entry,
    save_entry,
    withdraw_entry,
)
from littlegiant.web.catalog.services.pushes import record_push

__all__ = [
    "delete_entry",
    "import_entries",
    "record_push",
    "review_entry",
    "save_entry",
    "withdraw_entry",
]

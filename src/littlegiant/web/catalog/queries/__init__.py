"""Read models of the catalog app: search and opportunities (``search``), push lists (``push_lists`` on the
batch engine, ``push_batch``) and the search indexes (``index``)."""

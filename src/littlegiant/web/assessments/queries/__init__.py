"""Read models of the assessments app: evaluations with trace and gaps (``evaluation``, ``overview``,
``ladder``), candidate lists (``candidates``, ``candidates_cache``), runs (``runs``) and Excel workbooks
(``exports``). Every enterprise is read through the permission layer."""

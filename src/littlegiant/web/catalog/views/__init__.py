"""Pages of the catalog app: search and opportunities, a policy's push list, Excel exports."""

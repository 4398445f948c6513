"""Pages of the assessments app: the profile's 评价 tab, candidate lists, batch re-evaluation runs."""

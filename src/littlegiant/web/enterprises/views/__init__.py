"""Pages of the growth archive, one module per page group: the list, the profile, editing, imports, exports."""

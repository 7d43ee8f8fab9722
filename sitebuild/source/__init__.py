"""The project's source read with file:line: YAML data, its folders, git revisions, translation records, scenarios."""

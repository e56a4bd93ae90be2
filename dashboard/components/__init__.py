"""Layout pieces and wiring shared by the pages: the shell, the filter bar, page helpers."""

"""Layout pieces and wiring shared by the pages: the shell, the filter bar, page helpers."""

PAGES_LOCATION = "_pages_location"  # Dash Pages' own Location, part of dash.page_container

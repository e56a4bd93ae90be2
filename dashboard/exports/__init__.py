"""Taking a view out of the dashboard: its charts' numbers (CSV, XLSX), images (PNG, SVG), a deck (PPTX).

Every file carries a caption saying what it shows (title, filter sentence, data date, `n`),
because a chart that has left the dashboard has nothing else to say it. `routes` serves them
to signed-in users through the same Scope and view code as the screen (see dashboard/views).
"""

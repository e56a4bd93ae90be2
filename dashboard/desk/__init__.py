"""The data desk (`/data`): importing exports, the snapshot history and rollback, and the audit
log, in the browser, for admins and publishers. Server-rendered pages (no Dash): `routes` has
the pages and their role checks, `uploads` the uploaded files and their state, `jobs` the checks
and imports that run in the background.
"""

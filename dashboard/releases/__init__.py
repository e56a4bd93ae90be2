"""Protected releases: fixed, frozen tables for one place and period, safe to show the public.

build (tables from a snapshot through dashboard.measures) → protect (primary and secondary
suppression) over ledger (one linear model of every release ever published and the candidate)
and audit (HiGHS, through exact, finds what an attacker could pin down) → document (the shown
numbers only) → store (frozen files, private records, listing, withdrawal). publish runs these
in order; cli holds the commands.
"""

"""Protected releases: fixed, frozen tables for one place and period, safe to show the public.

build (tables from a snapshot through dashboard.measures) → relations (which sums tie cells
together) → protect (primary and secondary suppression, each hidden cell proved unrecoverable
with solver) → audit (against overlapping published releases, with links) → document (the
shown numbers only) → store (frozen files, listing, withdrawal). publish runs these in order;
cli holds the commands.
"""

-- Headline totals of the scope: cases, distinct clients, cases qualified as violations.
-- Distinct clients: a client with one case in the snapshot (client_cases = 1) is one client per
-- case in scope; only clients with several cases need de-duplicating (see schema.py).
-- params: scope
with in_scope as materialized (
    select client_key, client_cases, qualified_violation from scope($scope)
)
select
    (select count(*) from in_scope) as cases,
    (select count(*) from in_scope where client_cases = 1)
        + (select count(distinct client_key) from in_scope where client_cases > 1) as clients,
    (select count(*) from in_scope where qualified_violation) as qualified_cases

-- Distinct clients per key group, counting a client in every group any of their cases in
-- scope lists (multiple membership: the groups add up to more than `clients`).
-- Clients with one case in the snapshot are counted per case; only the others are
-- de-duplicated (see schema.py, client_cases).
-- params: scope
with in_scope as materialized (
    select client_key, client_cases, key_groups from scope($scope)
),
per_group as (
    select code, count(*) as clients
    from (select unnest(key_groups) as code from in_scope where client_cases = 1)
    group by code
    union all
    select code, count(*) as clients
    from (select distinct client_key, unnest(key_groups) as code from in_scope where client_cases > 1)
    group by code
)
select code, sum(clients)::bigint as clients
from per_group
group by code

-- Every count of the scope that needs its clients, in one pass: cases, qualified cases and
-- distinct clients (measure 'cases', 'qualified_cases', 'clients'; code null); distinct clients
-- per key group, counting a client in every group any of their cases in scope lists (measure
-- 'key_group': multiple membership, the groups add up to more than the clients); and distinct
-- clients by gender and by age group read from each client's latest case in scope (measure
-- 'gender', 'age_group': latest registered_on, ties broken by the larger case_id in plain text
-- order).
-- One row per client is built once for all of them: a client with one case in the snapshot is
-- that case (no de-duplication needed, see schema.py client_cases); a client with several gets
-- the union (bit_or) of their cases' key-group masks and, from their largest latest_key (the
-- latest case: schema.py), that case's gender and age group ("person", the key's low 16 bits).
-- params: scope
with in_scope as materialized (
    select client_key, client_cases, qualified_violation, key_groups_mask, latest_key
    from scope($scope)
),
clients as (
    select key_groups_mask as key_groups, latest_key % 65536 as person, count(*) as n
    from in_scope
    where client_cases = 1
    group by all
    union all
    select key_groups, person, count(*) as n
    from (
        select bit_or(key_groups_mask) as key_groups, max(latest_key) % 65536 as person
        from in_scope
        where client_cases > 1
        group by client_key
    )
    group by all
)
select 'cases' as measure, null::varchar as code, count(*)::bigint as n from in_scope
union all
select 'qualified_cases', null, count(*)::bigint from in_scope where qualified_violation
union all
select 'clients', null, coalesce(sum(n), 0)::bigint from clients
union all
select 'key_group', code, sum(n)::bigint
from (select unnest(key_groups_codes(key_groups)) as code, n from clients)
group by code
union all
select 'gender', gender_of(person) as code, sum(n)::bigint from clients group by code
union all
select 'age_group', age_group_of(person) as code, sum(n)::bigint from clients group by code

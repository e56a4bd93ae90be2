-- Distinct clients by gender and by age group, each read from the client's latest case in
-- scope (latest registered_on, ties broken by the larger case_id in plain text order: the
-- largest case_rank, see schema.py). A client with one case in the snapshot is their own
-- latest case; only the clients with several are searched.
-- Returns one row per (dimension, code).
-- params: scope
with in_scope as materialized (
    select client_key, client_cases, case_rank, gender, age_group from scope($scope)
),
latest as (
    select gender, age_group from in_scope where client_cases = 1
    union all
    select arg_max(gender, case_rank), arg_max(age_group, case_rank)
    from in_scope where client_cases > 1
    group by client_key
)
select 'gender' as dimension, gender as code, count(*) as clients from latest group by gender
union all
select 'age_group' as dimension, age_group as code, count(*) as clients from latest group by age_group

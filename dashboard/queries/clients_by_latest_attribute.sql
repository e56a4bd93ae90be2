-- Distinct clients by gender and by age group, each read from the client's latest case in
-- scope (latest registered_on, ties broken by the larger case_id in plain text order).
-- Returns one row per (dimension, code).
-- params: scope
with latest as (
    select
        client_id,
        arg_max(gender, (registered_on, case_id)) as gender,
        arg_max(age_group, (registered_on, case_id)) as age_group
    from scope($scope)
    group by client_id
)
select 'gender' as dimension, gender as code, count(*) as clients from latest group by gender
union all
select 'age_group' as dimension, age_group as code, count(*) as clients from latest group by age_group

-- Cases and distinct clients in scope per time bucket of registered_on.
-- $grain is one of month, quarter, half, year (checked before binding); bucket_start is the
-- first day of the bucket. Clients with one case in the snapshot are counted per case; only the
-- others are de-duplicated within each bucket (see schema.py, client_cases).
-- params: scope, grain
with in_scope as materialized (
    select
        case $grain
            when 'month' then date_trunc('month', registered_on)
            when 'quarter' then date_trunc('quarter', registered_on)
            when 'half' then make_date(year(registered_on), case when month(registered_on) <= 6 then 1 else 7 end, 1)
            else date_trunc('year', registered_on)
        end::date as bucket_start,
        client_key,
        client_cases
    from scope($scope)
),
per_bucket as (
    select bucket_start, count(*) as cases, count(*) as clients
    from in_scope where client_cases = 1 group by bucket_start
    union all
    select bucket_start, count(*) as cases, count(distinct client_key) as clients
    from in_scope where client_cases > 1 group by bucket_start
)
select bucket_start, sum(cases)::bigint as cases, sum(clients)::bigint as clients
from per_bucket
group by bucket_start
order by bucket_start

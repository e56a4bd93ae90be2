-- Cases and distinct clients in scope per time bucket of registered_on.
-- $grain is one of month, quarter, half, year (checked before binding); bucket_start is the
-- first day of the bucket. Clients with one case in the snapshot are counted per case; only the
-- others are de-duplicated within each bucket (see schema.py, client_cases).
-- params: scope, grain
with in_scope as materialized (
    select
        bucket_start(registered_on, $grain) as bucket_start,
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

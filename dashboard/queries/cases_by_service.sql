-- Per service: cases in scope where it was provided, referred, and needed but unavailable.
-- Counted over the lists' masks (schema.MASKED_LISTS): one pass groups the cases by their three
-- masks (few distinct combinations), then each mask's codes are counted once per case.
-- params: scope
with combinations as (
    select services_provided_mask as provided, services_referred_mask as referred,
           services_unavailable_mask as unavailable, count(*) as n
    from scope($scope)
    group by all
),
mentions as (
    select unnest(services_provided_codes(provided)) as code, n, 'provided' as how from combinations
    union all
    select unnest(services_referred_codes(referred)), n, 'referred' from combinations
    union all
    select unnest(services_unavailable_codes(unavailable)), n, 'unavailable' from combinations
)
select
    code,
    coalesce(sum(n) filter (where how = 'provided'), 0)::bigint as provided,
    coalesce(sum(n) filter (where how = 'referred'), 0)::bigint as referred,
    coalesce(sum(n) filter (where how = 'unavailable'), 0)::bigint as unavailable
from mentions
group by code

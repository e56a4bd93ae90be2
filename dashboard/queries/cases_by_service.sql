-- Per service: cases in scope where it was provided, referred, and needed but unavailable.
-- The cases in scope are read once (materialized), then each list is unnested from them.
-- params: scope
with cases_in_scope as materialized (
    select services_provided, services_referred, services_unavailable from scope($scope)
),
mentions as (
    select unnest(services_provided) as code, 'provided' as how from cases_in_scope
    union all
    select unnest(services_referred), 'referred' from cases_in_scope
    union all
    select unnest(services_unavailable), 'unavailable' from cases_in_scope
)
select
    code,
    count(*) filter (where how = 'provided') as provided,
    count(*) filter (where how = 'referred') as referred,
    count(*) filter (where how = 'unavailable') as unavailable
from mentions
group by code

-- Per service: cases in scope where it was provided, referred, and needed but unavailable.
-- params: scope
with mentions as (
    select unnest(services_provided) as code, 'provided' as how from scope($scope)
    union all
    select unnest(services_referred), 'referred' from scope($scope)
    union all
    select unnest(services_unavailable), 'unavailable' from scope($scope)
)
select
    code,
    count(*) filter (where how = 'provided') as provided,
    count(*) filter (where how = 'referred') as referred,
    count(*) filter (where how = 'unavailable') as unavailable
from mentions
group by code

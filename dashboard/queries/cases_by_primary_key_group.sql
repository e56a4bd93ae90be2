-- Cases per primary key group (the REAct profile rule); these add up to `cases`.
-- params: scope
select primary_key_group as code, count(*) as cases
from scope($scope)
group by code

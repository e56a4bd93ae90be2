-- Cases in scope that mention each decline reason (a case counts once per value it lists).
-- params: scope
select code, count(*) as cases
from (select unnest(decline_reasons) as code from scope($scope))
group by code

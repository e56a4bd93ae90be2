-- Cases in scope that mention each violation (a case counts once per value it lists).
-- params: scope
select code, count(*) as cases
from (select unnest(violations) as code from scope($scope))
group by code

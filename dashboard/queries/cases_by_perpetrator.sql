-- Cases in scope that mention each perpetrator (a case counts once per value it lists).
-- params: scope
select code, count(*) as cases
from (select unnest(perpetrators) as code from scope($scope))
group by code

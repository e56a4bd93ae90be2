-- Per primary key group, the cases that mention each perpetrator (mentions, not cases).
-- params: scope
select primary_key_group as profile, code, count(*) as cases
from (select primary_key_group, unnest(perpetrators) as code from scope($scope))
group by profile, code

-- Cases in scope per country (one value per case, so these add up to `cases`).
-- params: scope
select country as code, count(*) as cases
from scope($scope)
group by code

-- Cases in scope per reaction status (one value per case, so these add up to `cases`).
-- params: scope
select reaction_status as code, count(*) as cases
from scope($scope)
group by code

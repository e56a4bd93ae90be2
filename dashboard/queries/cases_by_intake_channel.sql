-- Cases in scope per intake channel (one value per case, so these add up to `cases`).
-- params: scope
select intake_channel as code, count(*) as cases
from scope($scope)
group by code

-- Distinct clients per key group, counting a client in every group any of their cases in
-- scope lists (multiple membership: the groups add up to more than `clients`).
-- params: scope
select code, count(distinct client_id) as clients
from (select client_id, unnest(key_groups) as code from scope($scope))
group by code

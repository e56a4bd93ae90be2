-- Headline totals of the scope: cases, distinct clients, cases qualified as violations.
-- params: scope
select
    count(*) as cases,
    count(distinct client_id) as clients,
    count(*) filter (where qualified_violation) as qualified_cases
from scope($scope)

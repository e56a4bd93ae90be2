-- Cases in scope per implementing organization, as written in the data, with its country.
-- params: scope
select country, organization, count(*) as cases
from scope($scope)
group by country, organization

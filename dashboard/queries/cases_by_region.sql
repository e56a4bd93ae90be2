-- Cases in scope per region, as written in the data, with the region's country.
-- params: scope
select country, region, count(*) as cases
from scope($scope)
group by country, region

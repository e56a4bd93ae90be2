-- Cases and distinct clients in scope per time bucket of registered_on.
-- $grain is one of month, quarter, half, year (checked before binding); bucket_start is the
-- first day of the bucket.
-- params: scope, grain
select
    case $grain
        when 'month' then date_trunc('month', registered_on)
        when 'quarter' then date_trunc('quarter', registered_on)
        when 'half' then make_date(year(registered_on), case when month(registered_on) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', registered_on)
    end::date as bucket_start,
    count(*) as cases,
    count(distinct client_id) as clients
from scope($scope)
group by bucket_start
order by bucket_start

-- Macros every query file may use; db.py creates them on each snapshot's connection.
-- bucket_start(day, grain): the first day of the time bucket holding `day`, for grain month,
-- quarter, half or year (statistics.md: trends group registered_on by these).
create macro bucket_start(day, grain) as (
    case grain
        when 'month' then date_trunc('month', day)
        when 'quarter' then date_trunc('quarter', day)
        when 'half' then make_date(year(day), case when month(day) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', day)
    end
)::date

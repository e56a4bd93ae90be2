-- Cases in scope per time bucket and per value of one dimension. Multi-valued dimensions
-- (key_group, perpetrator, violation) count a case once under each value it lists, so the
-- values of a bucket can add up to more than its cases.
-- $grain: month, quarter, half or year; $dimension: one of the allow-listed names below
-- (checked before binding; anything else returns no rows).
-- params: scope, grain, dimension
with bucketed as (
    select
        bucket_start(registered_on, $grain) as bucket_start,
        case $dimension
            when 'country' then [country]
            when 'key_group' then key_groups
            when 'primary_key_group' then [primary_key_group]
            when 'perpetrator' then perpetrators
            when 'violation' then violations
            when 'reaction_status' then [reaction_status]
            when 'gender' then [gender]
            when 'age_group' then [age_group]
            when 'intake_channel' then [intake_channel]
            when 'region' then [region]
            when 'organization' then [organization]
            else []::varchar[]
        end as dimension_values
    from scope($scope)
)
select bucket_start, value, count(*) as cases
from (select bucket_start, unnest(dimension_values) as value from bucketed)
group by bucket_start, value
order by bucket_start, value

-- Per primary key group, the cases that mention each perpetrator (mentions, not cases).
-- Counted over the perpetrators' mask (schema.MASKED_LISTS), grouped with the primary group.
-- params: scope
select profile, code, sum(n)::bigint as cases
from (
    select profile, unnest(perpetrators_codes(mask)) as code, n
    from (
        select primary_key_group as profile, perpetrators_mask as mask, count(*) as n
        from scope($scope)
        group by profile, mask
    )
)
group by profile, code

-- Cases in scope that mention each decline reason (a case counts once per value it lists).
-- Counted over the list's mask (schema.MASKED_LISTS): the cases are grouped by their few distinct
-- masks, then each mask's codes are counted once per case.
-- params: scope
select code, sum(n)::bigint as cases
from (
    select unnest(decline_reasons_codes(mask)) as code, n
    from (select decline_reasons_mask as mask, count(*) as n from scope($scope) group by mask)
)
group by code

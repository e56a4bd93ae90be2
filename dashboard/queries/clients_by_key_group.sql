-- Distinct clients per key group, counting a client in every group any of their cases in
-- scope lists (multiple membership: the groups add up to more than `clients`).
-- Over the key groups' mask (schema.MASKED_LISTS): a client with one case in the snapshot is
-- counted with that case's mask; a client with several, with the union (bit_or) of the masks
-- of their cases in scope. Clients are then grouped by mask and each mask's codes counted.
-- params: scope
with in_scope as materialized (
    select client_key, client_cases, key_groups_mask from scope($scope)
),
client_masks as (
    select key_groups_mask as mask, count(*) as n from in_scope where client_cases = 1 group by mask
    union all
    select mask, count(*) as n
    from (select bit_or(key_groups_mask) as mask from in_scope where client_cases > 1 group by client_key)
    group by mask
)
select code, sum(n)::bigint as clients
from (select unnest(key_groups_codes(mask)) as code, n from client_masks)
group by code

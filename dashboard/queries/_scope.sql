-- The scope of statistics.md: one condition per filter, each under a "-- filter:" line naming it.
-- Not a query. Every query file reads `from scope($scope)`; dashboard.queries.scope_subquery puts
-- there `(select * from cases where <the conditions of the active filters>)`, so DuckDB plans
-- only what a request filters on (a no-filter query plans 1 ms, not the 5 ms of every condition).
-- A filter's selected values are the parameter $scope_<filter> (a list of codes or names; the
-- period: $scope_start, $scope_end). Within a filter values combine with OR; filters with AND.
-- "Any of the case's key groups (perpetrators, violations) is selected" tests the list's mask
-- against the mask of the selected codes (db.py defines <column>_bits): an integer, not a list.

-- filter: period
registered_on between $scope_start and $scope_end
-- filter: country
list_contains($scope_country, country)
-- filter: key_group
(key_groups_mask & key_groups_bits($scope_key_group)) != 0
-- filter: primary_key_group
list_contains($scope_primary_key_group, primary_key_group)
-- filter: perpetrator
(perpetrators_mask & perpetrators_bits($scope_perpetrator)) != 0
-- filter: violation
(violations_mask & violations_bits($scope_violation)) != 0
-- filter: reaction_status
list_contains($scope_reaction_status, reaction_status)
-- filter: region
list_contains($scope_region, region)
-- filter: organization
list_contains($scope_organization, organization)
-- filter: gender
list_contains($scope_gender, gender)
-- filter: age_group
list_contains($scope_age_group, age_group)
-- filter: intake_channel
list_contains($scope_intake_channel, intake_channel)
-- filter: qualified_only
qualified_violation

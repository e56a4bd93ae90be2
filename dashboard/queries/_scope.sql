-- The scope macro: the cases every filter of statistics.md lets through.
-- Not a query: run once per connection. Every query file reads `from scope($scope)`, where
-- $scope is the struct built by Filters.sql_params(); an empty list means "no filter".
-- struct_extract is used because DuckDB does not resolve `f.field` on a macro parameter.
create or replace macro scope(f) as table
select *
from cases
where registered_on between struct_extract(f, 'start') and struct_extract(f, 'end')
  and (len(struct_extract(f, 'country')) = 0
       or list_contains(struct_extract(f, 'country')::varchar[], country))
  and (len(struct_extract(f, 'key_group')) = 0
       or list_has_any(key_groups, struct_extract(f, 'key_group')::varchar[]))
  and (len(struct_extract(f, 'primary_key_group')) = 0
       or list_contains(struct_extract(f, 'primary_key_group')::varchar[], primary_key_group))
  and (len(struct_extract(f, 'perpetrator')) = 0
       or list_has_any(perpetrators, struct_extract(f, 'perpetrator')::varchar[]))
  and (len(struct_extract(f, 'violation')) = 0
       or list_has_any(violations, struct_extract(f, 'violation')::varchar[]))
  and (len(struct_extract(f, 'reaction_status')) = 0
       or list_contains(struct_extract(f, 'reaction_status')::varchar[], reaction_status))
  and (len(struct_extract(f, 'region')) = 0
       or list_contains(struct_extract(f, 'region')::varchar[], region))
  and (len(struct_extract(f, 'organization')) = 0
       or list_contains(struct_extract(f, 'organization')::varchar[], organization))
  and (len(struct_extract(f, 'gender')) = 0
       or list_contains(struct_extract(f, 'gender')::varchar[], gender))
  and (len(struct_extract(f, 'age_group')) = 0
       or list_contains(struct_extract(f, 'age_group')::varchar[], age_group))
  and (len(struct_extract(f, 'intake_channel')) = 0
       or list_contains(struct_extract(f, 'intake_channel')::varchar[], intake_channel))
  and (not struct_extract(f, 'qualified_only') or qualified_violation)

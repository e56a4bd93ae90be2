-- The number of cases in scope, alone (pages whose shares are of cases need no client count).
-- params: scope
select count(*) as cases from scope($scope)

-- The audit viewer (issue 11, /admin/audit, GET /api/staff/audit) filters by
-- actor and by action or action prefix ("settings" → settings.*), newest
-- first by id. Entity filters use audit_log_entity_idx; dates audit_log_at_idx.
create index audit_log_actor_idx on public.audit_log (actor_id, id desc);
create index audit_log_action_idx on public.audit_log (action text_pattern_ops, id desc);

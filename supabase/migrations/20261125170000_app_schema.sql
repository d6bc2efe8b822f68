-- Extensions the schema uses, and the private `app` schema for server-only
-- SQL functions. PostgREST exposes only the schemas listed in config.toml
-- ([api] schemas = public, graphql_public), so functions in `app` cannot be
-- called over /rest/v1/rpc with the anon key (docs/adr/0003-*.md).
create extension if not exists citext with schema extensions;
create extension if not exists pgcrypto with schema extensions;

create schema if not exists app;
grant usage on schema app to anon, authenticated, service_role;
-- Note: per-schema default privileges cannot revoke the global default
-- EXECUTE for PUBLIC, so every SECURITY DEFINER function in app revokes it
-- explicitly (checked by supabase/tests/database/rls.test.sql).
alter default privileges in schema app revoke execute on functions from public;

-- Keeps updated_at honest without relying on every caller to set it.
create or replace function app.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- Shared check helpers (immutable so CHECK constraints may use them).
create or replace function app.is_email(p text) returns boolean
language sql immutable
set search_path = ''
as $$ select p ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' and length(p) <= 254 $$;

create or replace function app.is_zip(p text) returns boolean
language sql immutable
set search_path = ''
as $$ select p ~ '^[0-9]{5}$' $$;

create or replace function app.is_slot_time(p text) returns boolean
language sql immutable
set search_path = ''
as $$ select p ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' $$;

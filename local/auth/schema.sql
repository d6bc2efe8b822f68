-- Internal tables of the embedded auth stand-in (local/auth). Idempotent:
-- applied every time the stand-in starts. auth.users itself comes from the
-- platform bootstrap (lib/db/bootstrap.sql). RLS is enabled with no policies
-- and no grants, so API roles (anon, authenticated) can never read sessions
-- or tokens; only the auth server's own connection (owner) touches them.

create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  refreshed_at timestamptz,
  aal text not null default 'aal1',
  -- [{method, timestamp}] copied into every access token's amr claim
  amr jsonb not null default '[]'::jsonb,
  user_agent text,
  ip text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  id bigserial primary key,
  token text not null unique,
  user_id uuid not null references auth.users (id) on delete cascade,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  -- the token this one replaced; lets a client that lost a refresh response
  -- retry with the parent and get the same child back
  parent text,
  revoked boolean not null default false,
  created_at timestamptz not null default now(),
  -- for a revoked token: when it was revoked (start of the reuse interval)
  updated_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_id_idx
  on auth.refresh_tokens (session_id, revoked);

create table if not exists auth.flow_state (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  auth_code text not null unique,
  code_challenge text not null,
  code_challenge_method text not null
    check (code_challenge_method in ('s256', 'plain')),
  authentication_method text not null,
  -- set when /verify hands the code to the browser; the code is valid for a
  -- short time from then on
  auth_code_issued_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists flow_state_user_id_idx on auth.flow_state (user_id);

create table if not exists auth.one_time_tokens (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  token_type text not null
    check (token_type in ('confirmation_token', 'recovery_token')),
  token_hash text not null,
  relates_to text not null,
  flow_state_id uuid references auth.flow_state (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (user_id, token_type)
);
create index if not exists one_time_tokens_token_hash_idx
  on auth.one_time_tokens (token_hash);

create table if not exists auth.identities (
  id uuid primary key,
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  email text,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

alter table auth.sessions enable row level security;
alter table auth.refresh_tokens enable row level security;
alter table auth.flow_state enable row level security;
alter table auth.one_time_tokens enable row level security;
alter table auth.identities enable row level security;

revoke all on table auth.sessions, auth.refresh_tokens, auth.flow_state,
  auth.one_time_tokens, auth.identities from anon, authenticated;
revoke all on sequence auth.refresh_tokens_id_seq from anon, authenticated;

-- Change notifications for the embedded Realtime stand-in (local/realtime).
--
-- Every table in the supabase_realtime publication gets an AFTER ROW trigger
-- that sends a small JSON notice on channel 'realtime_changes':
--   {schema, table, type, commit_timestamp, pk, old_record}
-- `pk` holds the primary-key columns so the server can re-read the row as
-- each subscriber (RLS decides); `old_record` holds the replica-identity
-- columns for UPDATE and DELETE (the whole old row under REPLICA IDENTITY
-- FULL), as Supabase Realtime sends them. NOTIFY payloads are capped at 8000
-- bytes, so an oversized old_record shrinks to the primary key.
--
-- Real Supabase streams changes from WAL and needs none of this. There the
-- migration role may not create objects in the platform-owned `realtime`
-- schema, so everything below is created only where it is allowed (plain
-- PostgreSQL 15 and PGlite after lib/db bootstrap) and is a no-op otherwise.
--
-- Tables added to the publication by later migrations: call
-- `select realtime.install_notify_triggers();` after `alter publication`.

do $migration$
begin
  if not exists (select 1 from pg_namespace where nspname = 'realtime')
     or not has_schema_privilege('realtime', 'CREATE') then
    raise notice 'realtime_notify: skipped (realtime schema not writable; real Realtime in use)';
    return;
  end if;

  execute $sql$
    create or replace function realtime.notify_change()
    returns trigger
    language plpgsql
    set search_path = ''
    as $fn$
    declare
      new_row jsonb := case when tg_op <> 'DELETE' then pg_catalog.to_jsonb(new) end;
      old_row jsonb := case when tg_op <> 'INSERT' then pg_catalog.to_jsonb(old) end;
      key_row jsonb := coalesce(new_row, old_row);
      pk jsonb := '{}'::jsonb;
      identity jsonb;
      replident "char";
      notice jsonb;
      i int;
    begin
      -- tg_argv holds the primary-key column names, fixed when the trigger
      -- was installed.
      for i in 0 .. tg_nargs - 1 loop
        pk := pk || pg_catalog.jsonb_build_object(tg_argv[i], key_row -> tg_argv[i]);
      end loop;

      if old_row is not null then
        select c.relreplident into replident from pg_catalog.pg_class c where c.oid = tg_relid;
        identity := case replident
          when 'f' then old_row
          when 'n' then '{}'::jsonb
          else (select coalesce(pg_catalog.jsonb_object_agg(k, old_row -> k), '{}'::jsonb)
                from pg_catalog.unnest(tg_argv) as k)
        end;
      end if;

      notice := pg_catalog.jsonb_build_object(
        'schema', tg_table_schema,
        'table', tg_table_name,
        'type', tg_op,
        'commit_timestamp', pg_catalog.to_char(
          pg_catalog.clock_timestamp() at time zone 'utc',
          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'pk', pk,
        'old_record', identity);

      if pg_catalog.octet_length(notice::text) > 7900 then
        notice := notice || pg_catalog.jsonb_build_object(
          'old_record', case when identity is null then null else pk end);
      end if;

      perform pg_catalog.pg_notify('realtime_changes', notice::text);
      return null;
    end
    $fn$
  $sql$;

  execute $sql$
    create or replace function realtime.install_notify_trigger(rel regclass)
    returns void
    language plpgsql
    set search_path = ''
    as $fn$
    declare
      pk_cols text;
    begin
      select pg_catalog.string_agg(pg_catalog.quote_literal(a.attname), ', ' order by k.ord)
        into pk_cols
        from pg_catalog.pg_index x
        cross join lateral pg_catalog.unnest(x.indkey) with ordinality as k(attnum, ord)
        join pg_catalog.pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum
       where x.indrelid = rel and x.indisprimary;
      if pk_cols is null then
        -- Without a key the server cannot re-read the row as the subscriber.
        raise warning 'realtime_notify: % has no primary key; no change notices', rel;
        return;
      end if;
      execute pg_catalog.format(
        'drop trigger if exists realtime_notify_change on %s', rel);
      execute pg_catalog.format(
        'create trigger realtime_notify_change after insert or update or delete on %s '
        'for each row execute function realtime.notify_change(%s)', rel, pk_cols);
    end
    $fn$
  $sql$;

  execute $sql$
    create or replace function realtime.install_notify_triggers()
    returns void
    language plpgsql
    set search_path = ''
    as $fn$
    declare
      t record;
    begin
      for t in
        select p.schemaname, p.tablename
          from pg_catalog.pg_publication_tables p
         where p.pubname = 'supabase_realtime'
      loop
        perform realtime.install_notify_trigger(
          pg_catalog.format('%I.%I', t.schemaname, t.tablename)::regclass);
      end loop;
    end
    $fn$
  $sql$;

  -- Installing triggers is a schema change: only the migration role may.
  execute 'revoke all on function realtime.install_notify_trigger(regclass) from public';
  execute 'revoke all on function realtime.install_notify_triggers() from public';

  perform realtime.install_notify_triggers();
end
$migration$;

-- Staff dashboards subscribe to these tables (postgres_changes).
alter publication supabase_realtime add table public.bookings, public.payments, public.booking_events;

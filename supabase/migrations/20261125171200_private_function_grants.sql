-- SECURITY DEFINER functions used only from triggers or other definer
-- functions: nobody needs to call them directly.
revoke execute on function app.current_actor(), app.record_booking_event(),
  app.confirm_on_deposit() from public;

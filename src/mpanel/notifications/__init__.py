"""Customer and user e-mails: templates (defaults shipped here, per-tenant overrides), the
outbox (filled in the same transaction as the event), and the worker that sends it by SMTP."""

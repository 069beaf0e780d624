"""The web benchmarks (``manage.py bench``, issue 12 "Interfaces" and "Fast"): bulk issuing end to
end on SQLite and PostgreSQL with real workers, and the verify API on gunicorn under a load
generator of our own (``loadgen``). Not a Django app: ``core``'s ``bench`` command runs it."""

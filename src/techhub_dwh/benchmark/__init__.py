"""The benchmark (`techhub-dwh bench`, runner.py) and its helpers: the materialized-view baseline,
dashboard queries, memory sampling, the machine's description and the report."""

"""Helpers of `techhub-dwh bench` (src/techhub_dwh/bench.py): the materialized-view baseline,
dashboard queries, memory sampling, the machine's description and the report."""

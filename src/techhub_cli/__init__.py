"""The command line, on top of the library (techhub_dwh) and the Dagster code location."""

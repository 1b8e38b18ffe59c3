"""The code location's definitions, one module per kind: assets, resources, checks, jobs,
schedules, sensors. `techhub_orchestration.definitions` assembles them."""

"""TechHub DWH: a tested star schema and KPI marts built from a copy of TechHub's database."""

__version__ = "0.1.0"

"""The TechHub source system: its contract, its schema and a synthetic generator."""

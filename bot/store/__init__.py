"""Storage: tables (``models``), the engine (``db``) and small data functions per concern."""

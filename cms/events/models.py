"""Models of this app: see the module docstrings of its parts."""

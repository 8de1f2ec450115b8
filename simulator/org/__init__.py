"""The organisation: who is in the emergency response, what they may do, with which tools.

This file makes the package a regular one, so that the import-linter contracts of
``pyproject.toml`` see its modules.
"""

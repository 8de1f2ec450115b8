"""Scenarios and organisation files: YAML in, validated and cross-checked models out.

:mod:`simulator.scenario.loader` loads them; the models, conditions, measures and threats they
describe, and the one-line problems found in them, have a module each. This file makes the
package a regular one, so that the import-linter contracts of ``pyproject.toml`` see its modules.
"""

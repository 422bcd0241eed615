"""The built-in checks: security, quality, architecture, performance and text.

They are registered by `socratic_core.rules.builtin.plugin`, a default plugin that uses the same
`register_checks` hook a third-party plugin uses. Each module exposes `CHECKS`.
"""

"""Benchmarks: scripts that print figures. Not part of ``make test``; see README "Performance"."""

"""Benchmarks: `make bench` (or `python -m benchmarks [NAME...]`) runs the ``main()`` of every
``benchmarks/bench_*.py`` module on the configured database.

A module's ``main()`` returns a list of result rows (dicts with at least ``"name"``), which
``__main__`` prints one per line; it may print its own output and return None instead.
"""

"""Run every ``benchmarks/bench_*.py`` module's ``main()``; names on the command line filter."""

import importlib
import os
import pkgutil
import sys
import time
import warnings
from pathlib import Path


def discover(filters):
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    return [name for name in names if not filters or any(f in name for f in filters)]


def format_row(row):
    row = dict(row)
    name = row.pop("name")
    values = "  ".join(
        f"{key}={value:.2f}" if isinstance(value, float) else f"{key}={value}"
        for key, value in row.items()
    )
    return f"  {name:<40} {values}"


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctouvertes.settings")
    # WhiteNoise warns when STATIC_ROOT does not exist (no collectstatic outside production).
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    names = discover(argv)
    if not names:
        print("benchmarks: nothing to run")
        return 1
    for name in names:
        print(f"{name}:")
        started = time.perf_counter()
        rows = importlib.import_module(f"benchmarks.{name}").main()
        for row in rows or ():
            print(format_row(row))
        print(f"  ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

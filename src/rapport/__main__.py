"""Entry point for the `rapport` console script and `python -m rapport`."""

import gc
import sys


def main() -> None:
    # Start-up is the cost of a CLI: the collector only slows short runs, and at exit
    # it would walk every imported module (measured ~100 ms); freezing skips that.
    gc.disable()
    from rapport.cli import run

    code = run(sys.argv[1:])
    gc.freeze()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away before the last lines: not a failure
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise SystemExit(code)


if __name__ == "__main__":
    main()

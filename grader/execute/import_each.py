"""Runs in its own (sandboxed) process: imports each named package and writes what each raised.

``python -m grader.execute.import_each NAMES.json OUT.json``. Only the standard library is imported
before the packages themselves, so one broken package (numpy, say) cannot hide the others' state.
"""

import importlib
import json
import sys


def main(argv: list[str]) -> None:
    names_path, out_path = argv
    with open(names_path, encoding="utf-8") as handle:
        names = json.load(handle)
    results: dict[str, str] = {}
    for name in names:
        try:
            importlib.import_module(name)
            results[name] = ""
        except BaseException as error:  # a package may raise anything, even SystemExit
            results[name] = f"{type(error).__name__}: {error}"[:300]
        with open(out_path, "w", encoding="utf-8") as handle:  # what is done so far counts
            json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1:])

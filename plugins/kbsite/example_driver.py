"""Runs one worked example inside its own interpreter; `examples.py` starts it.

Usage: python -I example_driver.py SCRIPT SALT RESULT.json

This file runs in the example's subprocess, not in the build: it imports nothing of kbsite.
It runs SCRIPT as ``__main__`` (as ``python SCRIPT`` would), then saves every open
matplotlib figure as SVG, reproducibly: a fixed ``svg.hashsalt`` per figure, no date or
creator in the metadata, text drawn as paths. What went wrong is written as data (the
script's own line, the exception, an assertion's message), never as this driver's
traceback. What the script prints goes to this process's stdout, which the caller reads.
"""

import ast
import io
import json
import os
import runpy
import sys
import traceback


def _where(exc: BaseException, script: str) -> tuple[int, str]:
    """The last line of the script itself on the way to the exception (it may have been
    raised deep inside numpy), with that line's source."""
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == script:
        return exc.lineno or 1, (exc.text or "").strip()
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.abspath(f.filename) == script]
    if not frames:
        return 1, ""
    return frames[-1].lineno or 1, (frames[-1].line or "").strip()


def _claim(script: str, line: int) -> str:
    """The condition of the assert statement on ``line`` (its message left out)."""
    try:
        with open(script, encoding="utf-8") as f:
            code = f.read()
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.Assert) and node.lineno == line:
                return " ".join((ast.get_source_segment(code, node.test) or "").split())
    except (OSError, SyntaxError, ValueError):
        pass
    return ""


def main() -> None:
    script, salt, result_path = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "path"  # the same glyphs in every browser and the PDF
    plt.show = lambda *args, **kwargs: None  # a script may call it for interactive use
    result: dict = {"error": None, "figures": []}
    sys.argv = [script]
    sys.path[0:0] = [os.path.dirname(script)]  # as `python SCRIPT` would
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            line, source = _where(exc, script)
            result["error"] = {"type": "SystemExit", "message": f"exit status {exc.code}",
                               "line": line, "source": source}
    except BaseException as exc:  # noqa: BLE001 - reported to the contributor as data
        line, source = _where(exc, script)
        message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        result["error"] = {"type": type(exc).__name__, "message": message, "line": line,
                           "source": source}
        if isinstance(exc, AssertionError):
            result["error"]["claim"] = _claim(script, line)
    sys.stdout.flush()
    if result["error"] is None:
        for i, number in enumerate(plt.get_fignums()):
            figure = plt.figure(number)
            plt.rcParams["svg.hashsalt"] = f"{salt}-{i}"
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", facecolor="white",
                           metadata={"Date": None, "Creator": None})
            result["figures"].append(buffer.getvalue())
    with open(result_path, "w", encoding="utf-8") as out:
        json.dump(result, out)


if __name__ == "__main__":
    main()

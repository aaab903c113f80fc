"""The `recovery` command line.

    recovery --version
    recovery datasets                      list the shipped data sets
    recovery calibrate                     fit the model to its calibration targets
    recovery validate --format csv         every calibration and validation target in one table
    recovery sweep CONFIG.toml --out DIR   a sweep of parameters and strategies
    recovery report notebooks --out reports [--lang zh]    execute notebooks, write HTML
    recovery charts --lang zh --size projector --out DIR  every teaching chart, checked
    recovery slides --lang zh --out DIR    workshop decks: PowerPoint and offline reveal.js
    recovery classroom [--lang zh] [--port N] [--host H]   the live classroom app
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import recovery
from recovery._validation import ConfigError, InputError

__all__ = ["main"]


def _cmd_datasets(args) -> int:
    if args.name:
        book = recovery.describe_dataset(args.name)
        print(f"{args.name}: {book.attrs['title']}\nsource: {book.attrs['source']}\n")
        print(book.to_string())
    else:
        print(recovery.list_datasets().to_string())
    return 0


def _cmd_report(args) -> int:
    from recovery._notebooks import NotebookFailed, execute_notebook, export_html

    notebooks = sorted(Path(args.notebooks).glob("*.ipynb"))
    if not notebooks:
        print(f"error: no notebooks (*.ipynb) in {args.notebooks}", file=sys.stderr)
        return 2
    out = _writable_folder("--out", args.out)
    written = []
    for path in notebooks:
        print(f"executing {path} ...", flush=True)
        try:
            nb = execute_notebook(path, quick=args.quick, language=args.lang)
        except NotebookFailed as err:
            print(f"error: notebook failed: {err}", file=sys.stderr)
            return 1
        written.append(export_html(nb, out / f"{path.stem}.html"))
    print("\nwrote:")
    for out in written:
        print(f"  {out}")
    return 0


def _cmd_charts(args) -> int:
    from recovery.plots.export import export_charts

    print(f"simulating the teaching charts' data ({'quick' if args.quick else 'full'} size) ...", flush=True)
    written = export_charts(args.out, args.lang, args.size, args.format, quick=args.quick)
    bad = {path: problems for path, problems in written.items() if problems}
    for path in written:
        print(f"  {path}")
    for path, problems in bad.items():
        print(f"layout problem in {path.name}: " + "; ".join(problems), file=sys.stderr)
    print(f"wrote {len(written)} charts ({args.lang}, {args.size}, {args.format}) to {args.out}")
    return 1 if bad else 0


def _cmd_slides(args) -> int:
    from recovery.slides import write_slides

    print(f"simulating the teaching charts' data ({'quick' if args.quick else 'full'} size) ...", flush=True)
    for path in write_slides(args.out, args.lang, quick=args.quick):
        print(f"wrote {path}")
    return 0


def _changed_params(items):
    """The default parameters with ``--set stage.field=value`` changes; None (after printing
    the error) if one is malformed or out of range."""
    from recovery.params import Params

    changes = {}
    try:
        for item in items:
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"--set {item!r}: write stage.field=value, e.g. outcomes.voice_relief=0.2")
            try:
                changes[key] = float(value)
            except ValueError:
                raise ValueError(f"--set {item!r}: the value {value!r} is not a number") from None
        return Params().with_(**changes)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return None


def _missed(table, what: str) -> int:
    missed = table.loc[(table["role"] == "calibration") & ~table["ok"], "target"].tolist()
    if missed:
        print(f"{what} outside tolerance: " + ", ".join(missed), file=sys.stderr)
        return 1
    return 0


def _cmd_calibrate(args) -> int:
    from recovery.calibration import calibrate

    params = _changed_params(args.set)
    if params is None:
        return 2
    result = calibrate(params, n_customers=args.n_customers, seed=args.seed)
    print(result.summary() + "\n")
    print("parameters set:")
    print(result.estimates_.to_string(index=False, float_format=lambda v: f"{v:.6g}"))
    print("\ncalibration targets at the fit:")
    print(result.table_.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    return _missed(result.table_, "calibration targets")


def _cmd_validate(args) -> int:
    from recovery.calibration import validate

    params = _changed_params(args.set)
    if params is None:
        return 2
    table = validate(params, n_customers=args.n_customers, seed=args.seed)
    if args.format == "csv":
        print(table.to_csv(index=False), end="")
    elif args.format == "json":
        print(table.to_json(orient="records", indent=1))
    else:
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}", max_colwidth=60))
        for role in ("calibration", "validation"):
            part = table[table["role"] == role]
            print(f"{role}: {int(part['ok'].sum())} of {len(part)} within their range")
    return _missed(table, "calibration targets")


def _cmd_sweep(args) -> int:
    from recovery.sweep import run_config

    # config and resume errors are ConfigErrors: main() reports them as one 'error:' line, exit 2
    table = run_config(args.config, _writable_folder("--out", args.out), workers=args.workers,
                       scheduler=args.scheduler)
    failed = int(table["error"].notna().sum()) if "error" in table else 0
    print(f"wrote {Path(args.out) / 'results.parquet'}: {len(table)} tasks, {failed} failed")
    if failed:
        print(f"error: {failed} of {len(table)} tasks failed; their reasons are in the error column of "
              f"{Path(args.out) / 'results.parquet'}", file=sys.stderr)
        return 1
    return 0


def _writable_folder(option: str, path) -> Path:
    """``path`` if it is a folder this process can write into, or could create; else ConfigError.
    Nothing is created: a probe file in the folder (or its nearest existing parent) is gone when
    closed."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{option} {path} is a file; give a folder")
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    try:
        if not existing.is_dir():
            raise NotADirectoryError(20, "Not a directory")
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as err:
        raise ConfigError(f"{option} {path}: cannot write there ({err.strerror or err}); give a folder you can "
                          "write to") from None
    return path


def _whole(low: int):
    """argparse type: a whole number >= low."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value}: give at least {low}")
        return value
    return parse


class _Parser(argparse.ArgumentParser):
    """argparse with errors on one line, ``error: ...`` (exit 2), like every other user error."""

    def error(self, message):
        where = self.prog.removeprefix("recovery").strip()
        self.exit(2, f"error: {where + ': ' if where else ''}{message} (see {self.prog} --help)\n")
def _cmd_classroom(args) -> int:
    from recovery.classroom.server import serve

    try:
        serve(lang=args.lang, port=args.port, host=args.host, show=args.show)
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="recovery",
        description="Service recovery toolkit: simulate, chart and fit failure -> complaint -> recovery -> loyalty.",
    )
    parser.add_argument("--version", action="version", version=f"recovery {recovery.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("datasets", help="list the shipped data sets, or show one's codebook")
    p.add_argument("name", nargs="?", help="a data set name to describe")
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser("calibrate", help="fit the calibration targets (simulated method of moments) and report "
                                         "the fit, its degrees of freedom and the parameters set; exit 1 if a "
                                         "target is missed")
    p.add_argument("--n-customers", type=_whole(1), default=20_000,
                   help="customers in the population, a quarter of it per TARP cohort (default 20000)")
    p.add_argument("--seed", type=_whole(0), default=0)
    p.add_argument("--set", action="append", default=[], metavar="STAGE.FIELD=VALUE",
                   help="start from a changed model, e.g. --set wom.tell_good=0.2 (repeatable)")
    p.set_defaults(func=_cmd_calibrate)

    p = sub.add_parser("validate", help="every calibration and validation target in one table; exit 1 if a "
                                        "calibration target falls outside its tolerance")
    p.add_argument("--n-customers", type=_whole(1), default=20_000,
                   help="customers per cohort and population (default 20000)")
    p.add_argument("--seed", type=_whole(0), default=0)
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--set", action="append", default=[], metavar="STAGE.FIELD=VALUE",
                   help="validate a changed model, e.g. --set outcomes.voice_relief=0.9 (repeatable)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("sweep", help="run a parameter / strategy sweep from a TOML config (see examples/sweep.toml)")
    p.add_argument("config", help="the sweep configuration (TOML)")
    p.add_argument("--out", required=True, help="folder for the results; an interrupted sweep resumes from it")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_whole(1), help="local worker processes (default: all cores; 1 = in process)")
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.set_defaults(func=_cmd_sweep)

    p = sub.add_parser("report", help="execute notebooks headless and write them as HTML")
    p.add_argument("notebooks", help="folder of .ipynb files")
    p.add_argument("--out", default="reports", help="folder for the HTML files (default: reports)")
    p.add_argument("--quick", action="store_true", help="small populations (RECOVERY_QUICK=1)")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the charts (default: en)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("charts", help="write every teaching chart for a medium and a language, each checked "
                                      "for overlaps; exit 1 if one has a layout problem")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="chart language (default: en)")
    p.add_argument("--size", choices=["projector", "screen", "print"], default="projector",
                   help="projector: 16:9, titles 28 pt, labels 20 pt (default); screen; print")
    p.add_argument("--format", choices=["png", "svg", "pdf"], default="png", help="file format (default: png)")
    p.add_argument("--out", default="charts", help="folder for the charts (default: charts)")
    p.add_argument("--quick", action="store_true", help="small simulated populations (fast, noisier)")
    p.set_defaults(func=_cmd_charts)

    p = sub.add_parser("slides", help="write the workshop decks: an editable PowerPoint and an offline reveal.js deck")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="deck language (default: en)")
    p.add_argument("--out", default="slides", help="folder for the decks (default: slides)")
    p.add_argument("--quick", action="store_true", help="small simulated populations (fast, noisier)")
    p.set_defaults(func=_cmd_slides)
    p = sub.add_parser("classroom", help="serve the live classroom app (paradox explorer, iceberg and word of "
                                         "mouth, complaint-handling role-play) to a browser")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="starting language (switchable in the app)")
    p.add_argument("--port", type=int, default=5006, help="port (default 5006; 0 = any free port)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on: 127.0.0.1 (default, this laptop only) or 0.0.0.0 to let trainees "
                        "join; then every link needs the token printed at start")
    p.add_argument("--show", action="store_true", help="open the app in the default browser")
    p.set_defaults(func=_cmd_classroom)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command. A user error (bad input, a file that cannot be read or written) is one
    line on stderr, ``error: ...``, and exit status 2; anything unexpected keeps its traceback.

    Parameters
    ----------
    argv : list of str, optional
        The command line (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status: 0 on success, 2 on a user error.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):
    ...     status = main(["datasets"])
    >>> status
    0
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except InputError as err:  # every typed input error of the package (recovery/_validation.py)
        message = str(err).replace("\n", " ")
    except OSError as err:  # a file or folder that cannot be read or written
        message = f"{err.filename}: {err.strerror}" if err.filename and err.strerror else str(err)
    print(f"error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""The `recovery` command line.

    recovery --version
    recovery datasets                      list the shipped data sets
    recovery calibrate                     fit the model to its calibration targets
    recovery validate --format csv         every calibration and validation target in one table
    recovery sweep CONFIG.toml --out DIR   a sweep of parameters and strategies
    recovery report notebooks --out reports    execute notebooks, write HTML
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import recovery

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
    written = []
    for path in notebooks:
        print(f"executing {path} ...", flush=True)
        try:
            nb = execute_notebook(path, quick=args.quick)
        except NotebookFailed as err:
            print(f"error: notebook failed: {err}", file=sys.stderr)
            return 1
        written.append(export_html(nb, Path(args.out) / f"{path.stem}.html"))
    print("\nwrote:")
    for out in written:
        print(f"  {out}")
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
    result = calibrate(params, n=args.n, seed=args.seed)
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
    table = validate(params, n=args.n, seed=args.seed)
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
    from recovery.sweep import SweepConfigError, SweepResumeError, run_config

    try:
        table = run_config(args.config, args.out, workers=args.workers, scheduler=args.scheduler)
    except (SweepConfigError, SweepResumeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    failed = int(table["error"].notna().sum()) if "error" in table else 0
    print(f"wrote {Path(args.out) / 'results.parquet'}: {len(table)} tasks, {failed} failed")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    p.add_argument("--n", type=int, default=20_000, help="customers in the population, a quarter of it per TARP "
                                                         "cohort (default 20000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--set", action="append", default=[], metavar="STAGE.FIELD=VALUE",
                   help="start from a changed model, e.g. --set wom.tell_good=0.2 (repeatable)")
    p.set_defaults(func=_cmd_calibrate)

    p = sub.add_parser("validate", help="every calibration and validation target in one table; exit 1 if a "
                                        "calibration target falls outside its tolerance")
    p.add_argument("--n", type=int, default=20_000, help="customers per cohort and population (default 20000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--set", action="append", default=[], metavar="STAGE.FIELD=VALUE",
                   help="validate a changed model, e.g. --set outcomes.voice_relief=0.9 (repeatable)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("sweep", help="run a parameter / strategy sweep from a TOML config (see examples/sweep.toml)")
    p.add_argument("config", help="the sweep configuration (TOML)")
    p.add_argument("--out", required=True, help="folder for the results; an interrupted sweep resumes from it")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, help="local worker processes (default: all cores; 1 = in process)")
    where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.set_defaults(func=_cmd_sweep)

    p = sub.add_parser("report", help="execute notebooks headless and write them as HTML")
    p.add_argument("notebooks", help="folder of .ipynb files")
    p.add_argument("--out", default="reports", help="folder for the HTML files (default: reports)")
    p.add_argument("--quick", action="store_true", help="small populations (RECOVERY_QUICK=1)")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""The `recovery` console command."""
import subprocess
import sys
from pathlib import Path

import recovery
from recovery.cli import main

BIN = Path(sys.executable).with_name("recovery")


def test_console_script_help_and_version():
    out = subprocess.run([str(BIN), "--help"], capture_output=True, text=True, check=True).stdout
    assert "usage: recovery" in out and "report" in out
    out = subprocess.run([str(BIN), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"recovery {recovery.__version__}"


def test_datasets_command_lists_and_describes(capsys):
    assert main(["datasets"]) == 0
    assert "ecsi_mobi" in capsys.readouterr().out
    assert main(["datasets", "seed_figures"]) == 0
    out = capsys.readouterr().out
    assert "source:" in out and "meaning" in out


def test_report_on_an_empty_folder_fails_clearly(tmp_path, capsys):
    assert main(["report", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "no notebooks" in capsys.readouterr().err


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and "Traceback" not in err, err
    return err


def test_user_errors_are_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    config = Path(__file__).resolve().parent.parent / "examples" / "sweep.toml"
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    cases = [
        (["datasets", "nope"], "No data set named 'nope'"),
        (["calibrate", "--set", "x=abc"], "'abc' is not a number"),
        (["sweep", str(config), "--out", str(tmp_path / "o"), "--workers", "0"], "--workers: 0: give at least 1"),
        (["calibrate", "--n-customers", "0"], "--n-customers: 0: give at least 1"),
        (["calibrate", "--seed", "-1"], "--seed: -1: give at least 0"),
        (["sweep", str(config), "--out", str(a_file)], "is a file; give a folder"),
        (["report", str(config.parent.parent / "notebooks"), "--out", str(a_file)], "is a file; give a folder"),
        (["nope"], "invalid choice"),
    ]
    for argv, message in cases:
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's own errors leave through exit(2)
            code = stop.code
        assert code == 2, argv
        assert message in _one_error_line(capsys), argv
    # a folder that cannot be written (as root a chmod does not stop us, so the write itself fails)
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("recovery.cli.tempfile.TemporaryFile", refuse)
    assert main(["sweep", str(config), "--out", str(tmp_path / "ro")]) == 2
    assert "cannot write there (Permission denied)" in _one_error_line(capsys)


def test_unexpected_errors_keep_their_traceback(monkeypatch):
    def broken(args):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr("recovery.cli._cmd_datasets", broken)
    import pytest
    with pytest.raises(ZeroDivisionError):
        main(["datasets"])

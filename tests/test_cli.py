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

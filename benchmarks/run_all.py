"""Run every benchmark script in this folder in turn (`make bench`); each prints its own table.

    python benchmarks/run_all.py [--quick]
"""
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
for script in sorted(here.glob("*.py")):
    if script.name == "run_all.py" or script.name.startswith("_"):
        continue
    print(f"\n# {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script), *sys.argv[1:]]).returncode:
        failed.append(script.name)
print("\nfailed: " + ", ".join(failed) if failed else "\nall benchmarks ran")
sys.exit(1 if failed else 0)

"""Instructions per abstract of the extraction pipeline, counted by valgrind (steady on any host).

    python bench/bench_instructions.py            # 400 corpus abstracts, about 5 minutes
    python bench/bench_instructions.py --limit 200

Wall-clock throughput (``bench_extract.py``) moves with the host and its load; an instruction count
does not. This runs the pipeline twice under ``valgrind --tool=callgrind``, once without abstracts
(start-up and a warm-up of 100 abstracts) and once with ``--limit`` more, and prints the difference
per abstract. Compare two commits by running it in both checkouts. Needs valgrind (Debian package)
and ``../shared/data/arxiv-10k.txt``; says so and exits 0 when either is missing.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kg.resources import shared_file  # noqa: E402

CORPUS = shared_file("data/arxiv-10k.txt")
WARM = 100


def run_abstracts(n: int) -> None:
    """The measured program: the default pipeline over WARM + n corpus abstracts."""
    from kg.nlp import load_extractor
    from kg.readers import read_papers

    records = read_papers(CORPUS, skip_invalid=True)[: WARM + n]
    ex = load_extractor()
    list(ex.extract_many(records[:WARM]))  # lazily loaded lexicons and compiled patterns
    list(ex.extract_many(records[WARM:]))


def instructions(n: int, out_dir: Path) -> int:
    out = out_dir / f"callgrind.{n}.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
                    "--run", str(n)], check=True, capture_output=True)
    m = re.search(r"^totals:\s*(\d+)", out.read_text(), re.M)
    if m is None:
        raise SystemExit(f"no totals line in {out}")
    return int(m.group(1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=400, help="abstracts to measure (default: %(default)s)")
    ap.add_argument("--run", type=int, default=None, help=argparse.SUPPRESS)  # the program valgrind runs
    args = ap.parse_args(argv)
    if args.run is not None:
        run_abstracts(args.run)
        return 0
    if not CORPUS.is_file():
        print(f"{CORPUS} is not here: nothing to measure (it ships in the shared data folder).")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing to measure.")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        base = instructions(0, Path(tmp))
        total = instructions(args.limit, Path(tmp))
    per = (total - base) / args.limit
    print(f"{per / 1e6:.2f}M instructions per abstract over {args.limit} abstracts "
          f"(start-up and warm-up: {base / 1e9:.2f}G, subtracted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

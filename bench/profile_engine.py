"""Where the engine spends its time: pyinstrument over `profile_stream` on one benchmark file.

`python -m bench.profile_engine [FILE_KEY]` (default mixed_10mb) prints the call tree and writes it
to bench/results/profile-<key>.txt and .html. Measure before optimising; this is that measurement.
"""

from __future__ import annotations

import sys

from bench import datasets
from bench.datasets import RESULTS_DIR


def main(argv: list[str]) -> int:
    chosen = datasets.chosen_file(
        argv,
        "profile_engine",
        "Profile the engine (pyinstrument) on one benchmark file; print the call tree and write it to "
        "bench/results/profile-<key>.txt and .html.",
    )
    key = chosen.key
    from pyinstrument import Profiler  # a benchmark-only dependency: `make bench-profile` installs it

    from csvpipe.core import profile_stream

    path = chosen.ensure()
    profiler = Profiler(interval=0.001)
    with path.open("rb") as stream, profiler:
        profile_stream(stream, path.name)
    text = profiler.output_text(unicode=True, show_all=False)
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"profile-{key}.txt").write_text(text, encoding="utf-8")
    (RESULTS_DIR / f"profile-{key}.html").write_text(profiler.output_html(), encoding="utf-8")
    print(text)
    print(f"written: {RESULTS_DIR / f'profile-{key}.txt'} and .html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

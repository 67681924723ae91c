"""Keep the graph current: build what is new or changed under some paths, again and again, with the
model loaded once, so an article that arrives is in the store within seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.build import BuildReport, build
from kg.nlp import load_pipeline


def watch(
    paths: Iterable[str | Path],
    out_dir: str | Path = "out",
    *,
    model: str | None = None,
    interval: float = 2.0,
    prune: bool = False,
    on_change: Callable[[BuildReport, float], None] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> BuildReport:
    """Build ``paths`` every ``interval`` seconds while ``keep_going()``, the store only (views off); when
    it stops, or on Ctrl-C, write the views once. ``on_change`` gets each build that changed something
    and its seconds."""
    paths = list(paths)
    load_pipeline(model)
    reported: set[str] = set()
    try:
        while keep_going():
            start = time.perf_counter()
            report = build(paths, out_dir, model=model, prune=prune, views=False)
            skipped = {str(item) for item in report.skipped} - reported
            reported |= skipped
            if (report.built or report.pruned or skipped) and on_change:
                on_change(report, time.perf_counter() - start)
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    return build(paths, out_dir, model=model, prune=prune, views=True)

"""Counting an officer's steps in a browser journey: page loads and form submits, as the issue counts them.

A step is a navigation of the top-level page that the officer causes: a page load (a link followed, an address
typed) or a form submitted. The page a submit's redirect lands on is not another step. The count is taken from
the browser's own navigation requests, not from the test's script, so a journey cannot under-count by clicking in
a way the counter does not see: every top-level document request is classified as

- a submit: a POST (or a GET form's submission, which the journey marks with `submit_get`);
- a redirect's landing: a GET that a redirect answer led to (Playwright links it with `redirected_from`);
- a page load: any other GET.

Steps are kept per stage (`stage("validation")`), so a journey can report where its steps went.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Step:
    stage: str
    kind: str  # "load" or "submit"
    method: str
    path: str


@dataclass
class StepCounter:
    page: Any
    current: str = "start"
    steps: list[Step] = field(default_factory=list)
    _get_submits: int = 0
    _paused: bool = False

    def __post_init__(self) -> None:
        self.page.on("request", self._seen)

    def _seen(self, request: Any) -> None:
        if self._paused or not request.is_navigation_request() or request.frame != self.page.main_frame:
            return
        if request.redirected_from is not None:
            return  # the page after a submit's (or a link's) redirect: not a step of its own
        path = urlsplit(request.url).path
        if request.method != "GET":
            kind = "submit"
        elif self._get_submits:
            self._get_submits -= 1
            kind = "submit"
        else:
            kind = "load"
        self.steps.append(Step(stage=self.current, kind=kind, method=request.method, path=path))

    def stage(self, name: str) -> None:
        self.current = name

    def submit_get(self) -> None:
        """The next GET navigation is a form's submission (a search box), counted as a submit."""
        self._get_submits += 1

    def pause(self) -> "_Paused":
        """Not counted: what the test does to look, not what the officer does (signing in, checks)."""
        return _Paused(self)

    @property
    def total(self) -> int:
        return len(self.steps)

    def by_stage(self) -> dict[str, Counter[str]]:
        stages: dict[str, Counter[str]] = {}
        for step in self.steps:
            stages.setdefault(step.stage, Counter())[step.kind] += 1
        return stages

    def report(self) -> str:
        lines = [
            f"{self.total} steps ({sum(s.kind == 'load' for s in self.steps)} page loads, "
            f"{sum(s.kind == 'submit' for s in self.steps)} submits)"
        ]
        for name, counts in self.by_stage().items():
            lines.append(f"  {name}: {counts['load']} loads + {counts['submit']} submits = {counts.total()}")
        lines.extend(f"    {s.stage:<14} {s.kind:<6} {s.method:<4} {s.path}" for s in self.steps)
        return "\n".join(lines)


class _Paused:
    def __init__(self, counter: StepCounter) -> None:
        self.counter = counter

    def __enter__(self) -> None:
        self.counter._paused = True

    def __exit__(self, *exc: object) -> None:
        self.counter._paused = False

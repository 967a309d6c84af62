"""Field accuracy of the minutes parser over every fixture the tests hold.

    .venv/bin/python bench/parse_accuracy.py [--by-case] [--fixtures DIR]

Reads the fixtures of ``tests/minutes_parser`` (or ``--fixtures``): the three samples
(expected_samples.py, every field), the unseen layouts (``unseen/*.json`` beside each file, every
field) and every ``CASES`` list of ``Case`` fixtures in the ``test_mp_*.py`` modules (the fields
each case states: the resolutions' numbers and texts, header fields, per-item assignees,
deadlines, votes).  Each document is parsed in the formats its tests use (text, Markdown, Word,
Arabic letters with Latin digits) and every stated field counts once per format.  A document that
cannot be parsed scores zero on its fields.  Prints the share of fields right per group and
overall, and the share of documents with every field right.

The parser imported is the one first on ``sys.path``: run with ``PYTHONPATH`` pointing at an
older checkout (and ``--fixtures`` at this one's tests) to measure the same fixtures before a
change.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _leaves(j: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(j, dict):
        for k, v in j.items():
            if k == "warnings":
                continue
            out.update(_leaves(v, f"{prefix}{k}."))
    elif isinstance(j, list) and j and isinstance(j[0], dict):
        out[f"{prefix}#"] = len(j)
        for i, item in enumerate(j):
            out.update(_leaves(item, f"{prefix}[{i}]."))
    else:
        out[prefix.rstrip(".")] = j
    return out


def _score_json(got: dict[str, Any] | None, want: dict[str, Any]) -> tuple[int, int]:
    w = _leaves(want)
    g = _leaves(got) if got is not None else {}
    return sum(1 for k, v in w.items() if k in g and g[k] == v), len(w)


def _score_case(case: Any, pm: Any) -> tuple[int, int]:
    """The fields a Case states, as its test checks them."""
    from qarargah.minutes_parser import to_json

    total = 1 + 2 * len(case.items) + len(case.expect) + sum(len(f) for f in case.per_item.values())
    if pm is None:
        return 0, total
    j = to_json(pm)
    res = j["resolutions"]
    right = int(len(res) == len(case.items))
    for i, (n, text) in enumerate(case.items):
        got = res[i] if i < len(res) else None
        right += int(got is not None and got["number"] == n)
        right += int(got is not None and (text is None or got["text"] == text))
    right += sum(1 for k, v in case.expect.items() if j.get(k) == v)
    for idx, fields in case.per_item.items():
        if idx >= len(res):
            continue
        r, pr = res[idx], pm.resolutions[idx]
        for k, v in fields.items():
            if k == "partners":
                got_v: Any = list(pr.partners)
            elif k == "vote":
                got_v = pr.vote
            elif k.startswith("deadline."):
                got_v = r["deadline"][k.split(".", 1)[1]]
            else:
                got_v = r.get(k)
            right += int(got_v == v)
    return right, total


def _safe(fn: Any) -> Any:
    try:
        return fn()
    except Exception:  # a crash or a refusal scores zero, it does not stop the run
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "minutes_parser")
    ap.add_argument("--by-case", action="store_true", help="list every document not fully right")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(args.fixtures))
    if not any(Path(p).resolve() == ROOT for p in sys.path if p):
        sys.path.append(str(ROOT))

    from qarargah.minutes_parser import parse_bytes, parse_file, to_json

    mp_helpers = importlib.import_module("mp_helpers")
    groups: dict[str, list[tuple[str, int, int]]] = defaultdict(list)

    def add(group: str, name: str, score: tuple[int, int]) -> None:
        groups[group].append((name, *score))

    # The three samples.
    exp = importlib.import_module("expected_samples")
    for path, want in (
        (mp_helpers.SAMPLE_000, exp.EXPECTED_000),
        (mp_helpers.SAMPLE_002, exp.EXPECTED_002),
        (mp_helpers.SAMPLE_003, exp.EXPECTED_003),
    ):
        text = path.read_text(encoding="utf-8")
        for fmt, run in (
            ("text", lambda p=path: parse_file(p)),
            ("arabic", lambda t=text, p=path: parse_bytes(mp_helpers.arabic_variant(t).encode(), p.name)),
            ("word", lambda t=text, p=path: parse_bytes(mp_helpers.build_docx(t), p.stem + ".docx")),
        ):
            pm = _safe(run)
            add("samples", f"{path.stem}/{fmt}", _score_json(to_json(pm) if pm else None, want))

    # Unseen layouts with their hand-decided JSON.
    unseen = args.fixtures / "unseen"
    for path in sorted(p for p in unseen.iterdir() if p.suffix in (".txt", ".md")):
        want = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        runs = [
            ("text", lambda p=path: parse_file(p)),
            ("arabic", lambda t=text, p=path: parse_bytes(mp_helpers.arabic_variant(t).encode(), p.name)),
        ]
        if path.suffix == ".txt":
            runs.append(
                (
                    "word",
                    lambda t=text, p=path: parse_bytes(
                        mp_helpers.build_docx(t, merged_title=None), p.stem + ".docx"
                    ),
                )
            )
        for fmt, run in runs:
            pm = _safe(run)
            add("unseen", f"{path.stem}/{fmt}", _score_json(to_json(pm) if pm else None, want))
    try:
        word = importlib.import_module("unseen_docx").WORD_FIXTURES
    except ImportError:
        word = {}
    for name, (build, want) in sorted(word.items()):
        pm = _safe(lambda b=build, n=name: parse_bytes(b(), n))
        add("unseen", f"{name}/word", _score_json(to_json(pm) if pm else None, want))

    # Every CASES list of pattern fixtures, in the four formats of the harness.
    formats = importlib.import_module("test_mp_patterns").FORMATS
    for module_path in sorted(args.fixtures.glob("test_mp_*.py")):
        module = importlib.import_module(module_path.stem)
        cases = getattr(module, "CASES", None)
        if not cases or not hasattr(cases[0], "items") or not hasattr(cases[0], "per_item"):
            continue
        group = module_path.stem.removeprefix("test_mp_")
        for case in cases:
            for fmt, run in sorted(formats.items()):
                pm = _safe(lambda r=run, c=case: r(c))
                add(group, f"{case.name}/{fmt}", _score_case(case, pm))

    report: dict[str, Any] = {}
    all_right = all_total = all_docs = all_perfect = 0
    for group, rows in groups.items():
        right = sum(r for _, r, _ in rows)
        total = sum(t for _, _, t in rows)
        perfect = sum(1 for _, r, t in rows if r == t)
        report[group] = {"fields": total, "right": right, "docs": len(rows), "docs_all_right": perfect}
        all_right, all_total = all_right + right, all_total + total
        all_docs, all_perfect = all_docs + len(rows), all_perfect + perfect
    report["all"] = {"fields": all_total, "right": all_right, "docs": all_docs, "docs_all_right": all_perfect}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(f"{'group':<22}{'fields':>8}{'right':>8}{'share':>8}{'docs':>7}{'all right':>11}")
        for group, r in report.items():
            share = r["right"] / r["fields"] if r["fields"] else 1.0
            print(
                f"{group:<22}{r['fields']:>8}{r['right']:>8}{share:>8.1%}{r['docs']:>7}"
                f"{r['docs_all_right'] / r['docs']:>11.1%}"
            )
    if args.by_case:
        for group, rows in groups.items():
            for name, right, total in rows:
                if right != total:
                    print(f"  {group}: {name} {right}/{total}")


if __name__ == "__main__":
    main()

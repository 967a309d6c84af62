"""Time and peak memory of refusing .docx zip bombs, beside reading an ordinary .docx.

    .venv/bin/python bench/zip_bomb.py [--inflated-mb 2048]

Each bomb is a small upload whose member inflates to ``--inflated-mb`` megabytes: one in
word/numbering.xml, one in word/document.xml, and one whose header lies about its size. The
baseline is parsing a real sample minutes .docx. Peak memory is tracemalloc's peak (Python
allocations, which is where an inflated member would live).
"""

from __future__ import annotations

import argparse
import io
import statistics
import struct
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qarargah.minutes_parser import MinutesParseError, parse_bytes  # noqa: E402

DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>صورتجلسه</w:t></w:r></w:p></w:body></w:document>"
).encode()


def _zip(members: dict[str, bytes | tuple[int, bytes]]) -> bytes:
    """Members given as (size, chunk) are streamed, so building a 2 GB bomb needs no 2 GB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            if isinstance(data, tuple):
                size, chunk = data
                with zf.open(name, "w", force_zip64=True) as out:
                    for _ in range(size // len(chunk)):
                        out.write(chunk)
            else:
                zf.writestr(name, data)
    return buffer.getvalue()


def _lie(data: bytes, name: bytes, size: int) -> bytes:
    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if out[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def _as_docx(text: str) -> bytes:
    """An ordinary Word file of real minutes: one paragraph per line, as python-docx writes it."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _measure(data: bytes, repeat: int) -> tuple[float, float, str]:
    times, peaks, outcome = [], [], ""
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        try:
            parse_bytes(data, "x.docx")
            outcome = "read"
        except MinutesParseError as exc:
            outcome = f"refused ({exc.code})"
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times) * 1000, max(peaks) / 1024 / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inflated-mb", type=int, default=2048)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    size = args.inflated_mb * 1024 * 1024
    chunk = b"\0" * (1024 * 1024)
    numbering = _zip({"word/document.xml": DOCUMENT, "word/numbering.xml": (size, chunk)})
    document = _zip({"word/document.xml": (size, b"<" + b" " * (1024 * 1024 - 1))})
    lying = _lie(numbering, b"word/numbering.xml", 1000)
    sample = ROOT / "qarargah" / "demo" / "minutes" / "alborz-hq-1401-03.txt"
    cases = [
        ("numbering.xml bomb", numbering),
        ("document.xml bomb", document),
        ("numbering.xml bomb, header lies", lying),
    ]
    cases.insert(0, (f"baseline: {sample.stem}.docx", _as_docx(sample.read_text(encoding="utf-8"))))
    print(f"inflated size of each bomb: {args.inflated_mb} MB; median of {args.repeat}")
    print(f"{'case':<40} {'upload KB':>10} {'ms':>8} {'peak MB':>8}  outcome")
    for name, data in cases:
        ms, peak, outcome = _measure(data, args.repeat)
        print(f"{name:<40} {len(data) / 1024:>10.0f} {ms:>8.1f} {peak:>8.1f}  {outcome}")


if __name__ == "__main__":
    main()

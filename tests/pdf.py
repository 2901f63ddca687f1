"""Reading PDFs back as text with poppler's pdftotext (scripts/debs/pdf.txt)."""

from __future__ import annotations

import io
import subprocess

from PIL import Image


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), data[:20]
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def png(width: int = 60, height: int = 24, colour: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()

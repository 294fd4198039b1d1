"""An editor's buffer as the engine reads a file: its bytes, in the encoding the file would be saved in."""

from __future__ import annotations

import io
import tokenize


def buffer_bytes(text: str) -> bytes:
    """``text`` encoded as its coding cookie says (PEP 263), else UTF-8: the bytes saving it would write.

    The engine decodes a file as the interpreter does; a buffer is text already, so it is
    encoded back the way the file declares, and a fix computed from these bytes decodes to
    this very text. Text the declared encoding cannot hold is sent as UTF-8 (the check then
    says what the interpreter would: the file does not decode).
    """
    head = "".join(io.StringIO(text).readlines()[:2]).encode("utf-8", "surrogatepass")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(head).readline)
        return text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        return text.encode("utf-8", "surrogatepass")

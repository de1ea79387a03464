"""The receipt line of DESIGN 3a: b"SBR/1 <bytes> <sha256hex>\\n".

The server formats it after a client's bytes reached stdout; the client
parses what it read before the server's close and compares it with what it
sent. Both import this file so the format lives in one place.
"""
import re

MAX = 128   # a client reads at most this many bytes
SHOWN = 60  # bytes of a malformed receipt quoted in the error

# The count: 1..19 digits, no leading zero (a lone "0" is fine), as the C# client reads it.
_LINE = re.compile(rb"SBR/1 (0|[1-9][0-9]{0,18}) ([0-9a-f]{64})\n")


def format_line(nbytes, hexdigest):
    return f"SBR/1 {nbytes} {hexdigest}\n".encode("ascii")


def parse(data):
    """(bytes, hexdigest) if data is exactly one receipt line, else None."""
    m = _LINE.fullmatch(data)
    if m is None or int(m.group(1)) >= 1 << 63:
        return None
    return int(m.group(1)), m.group(2).decode("ascii")


def escape(data):
    """The first SHOWN bytes on one line: printable ASCII as is, \\\\ \\n \\r \\t, else \\xHH."""
    out = []
    for c in data[:SHOWN]:
        if c == 0x5C:
            out.append("\\\\")
        elif c == 0x0A:
            out.append("\\n")
        elif c == 0x0D:
            out.append("\\r")
        elif c == 0x09:
            out.append("\\t")
        elif 0x20 <= c < 0x7F:
            out.append(chr(c))
        else:
            out.append(f"\\x{c:02x}")
    return "".join(out)

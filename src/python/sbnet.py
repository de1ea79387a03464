"""Shared helpers for the SocketBench Python programs (standard library only).

Exit codes (DESIGN section 4), one-line error reporting, strict argument
parsing and address formatting. server.py and client.py put this file's
directory on sys.path themselves, because they run under `python3 -I`.
"""
import os
import re

VERSION = "0.1.0"

EX_OK = 0
EX_USAGE = 64
EX_NOHOST = 68
EX_UNAVAILABLE = 69
EX_SOFTWARE = 70
EX_OSERR = 71
EX_IOERR = 74
EX_TEMPFAIL = 75
EX_NOPERM = 77

_DIGITS = re.compile(r"[0-9]+")
_SECONDS = re.compile(r"[0-9]*\.?[0-9]*")


class UsageError(Exception):
    """Bad command line: one line on stderr, exit 64."""


class Fatal(Exception):
    """An error that ends the program with `code` after one stderr line."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def log(prog, message):
    """Write one line `prog: message` to fd 2; never raise.

    os.write, not sys.stderr: nothing stays buffered for the interpreter to
    flush at exit (a failing exit flush would turn the exit code into 120).
    """
    line = f"{prog}: {message}\n"
    try:
        data = line.encode("utf-8", "surrogateescape")
    except UnicodeError:
        data = line.encode("utf-8", "backslashreplace")
    try:
        while data:
            data = data[os.write(2, data):]
    except OSError:
        pass


def out(text):
    """Write text (help, version) to fd 1; never raise."""
    try:
        data = text.encode()
        while data:
            data = data[os.write(1, data):]
    except OSError:
        pass


def reserve_std_fds():
    """Open /dev/null on any closed fd 0..2 so no socket lands there.
    Returns the set of fds that were closed."""
    closed = set()
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.add(fd)
            try:
                os.open(os.devnull, os.O_RDWR)  # lowest free fd: this one
            except OSError:
                break
    return closed


def parse_uint(text, low, high, what):
    """Parse ASCII decimal digits (no sign, space, fraction) in low..high."""
    if text is None or not _DIGITS.fullmatch(text) or len(text) > 12 or not low <= int(text) <= high:
        raise UsageError(f"{what} must be a decimal number {low}..{high}, got '{text or ''}'")
    return int(text)


def parse_seconds(text, low, high, what):
    """Parse seconds as "D[.D]" (digits, optional fraction) in low..high."""
    if (text is None or not _SECONDS.fullmatch(text) or not any(c.isdigit() for c in text)
            or len(text) > 32 or not low <= float(text) <= high):
        raise UsageError(f"{what} must be seconds {_num(low)}..{_num(high)}, got '{text or ''}'")
    return float(text)


def _num(x):
    return int(x) if x == int(x) else x


def split_args(argv, valued):
    """Split argv into ([(option, value-or-None)], [positional]).

    Options in `valued` take a value ("--name V" or "--name=V"); "--" ends
    options; a lone "-" is positional. Unknown options are returned as they
    are, so the caller reports them in command-line order.
    """
    opts, pos, i, only_pos = [], [], 0, False
    while i < len(argv):
        arg = argv[i]
        i += 1
        if only_pos or arg == "-" or not arg.startswith("-"):
            pos.append(arg)
        elif arg == "--":
            only_pos = True
        else:
            name, eq, value = arg.partition("=")
            if name in valued and not eq:
                if i >= len(argv):
                    raise UsageError(f"{name} needs a value, got ''")
                value = argv[i]
                i += 1
            opts.append((name, value) if name in valued else (arg, None))
    return opts, pos


def format_addr(addr):
    """Socket address tuple -> "host:port" ("[v6]:port"; v4-mapped as IPv4)."""
    host, port = addr[0], addr[1]
    if ":" in host:
        if host.lower().startswith("::ffff:") and "." in host:
            return f"{host[7:]}:{port}"
        return f"[{host}]:{port}"
    return f"{host}:{port}"

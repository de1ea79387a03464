"""One client's message held until its EOF (DESIGN 3a).

The first `limit` bytes stay in memory (a bytearray), the rest goes to an
anonymous temporary file (tempfile.TemporaryFile: $TMPDIR or /tmp, O_TMPFILE
or unlinked at once). Memory per client is therefore at most `limit` plus
the caller's buffer.
"""
import tempfile

import sbserve


class Spool:
    def __init__(self, limit):
        self.limit = limit
        self.mem = bytearray()
        self.file = None
        self.file_bytes = 0

    def size(self):
        return len(self.mem) + self.file_bytes

    def append(self, view):
        """Add view's bytes; OSError when the file cannot be created or written."""
        room = self.limit - len(self.mem) if self.file is None else 0
        if room > 0:
            self.mem += view[:room]
            view = view[room:]
        if not view:
            return
        if self.file is None:
            self.file = tempfile.TemporaryFile(buffering=0)
        while view:
            n = self.file.write(view)
            view = view[n:]
            self.file_bytes += n

    def write_out(self, buf):
        """Write everything to stdout: memory, then the file read back through
        buf. Fatal(74) if stdout fails; OSError if the file cannot be read."""
        sbserve.write_all(memoryview(self.mem))
        if self.file is None:
            return
        self.file.seek(0)
        view, left = memoryview(buf), self.file_bytes
        while left > 0:
            n = self.file.readinto(buf)
            if not n:
                raise OSError(5, "spool file shorter than what was written")
            sbserve.write_all(view[:n])
            left -= n

    def close(self):
        if self.file is not None:
            self.file.close()
        self.file, self.mem = None, bytearray()

"""Faster compilation of regular expressions whose character classes span CJK ranges.

Python compiles a class such as ``[\\u4e00-\\u9fff]`` by setting a bitmap one character at a
time in a Python loop (``re._compiler._optimize_charset``): ~21,000 steps for that one range,
about 1 ms. The program's ~370 patterns hold ~100 such classes, so every process (each
command-line import, search, the window's start) spent 0.12–0.2 s compiling them before it
did any work — a tenth of an import.

:func:`install` replaces that function with the same function in which a range without case
folding is set in one slice assignment. Everything else is CPython 3.11's code unchanged,
so the compiled patterns are the same, code for code (``tests/core/test_recharset.py``
compiles every pattern of the program both ways and compares). On any other Python version
nothing is replaced.
"""

from __future__ import annotations

import sys

_installed = False


def install() -> bool:
    """Use the faster charset compilation in this process (Python 3.11 only; idempotent).
    Returns True when it is in use."""
    global _installed
    if _installed:
        return True
    if sys.version_info[:2] != (3, 11):
        return False
    from re import _compiler

    if getattr(_compiler._optimize_charset, "__module__", "") != "re._compiler":
        return False                  # replaced by someone else: leave it alone
    _compiler._optimize_charset = optimize_charset
    _installed = True
    return True


def optimize_charset(charset, iscased=None, fixup=None, fixes=None):
    """CPython 3.11's ``re._compiler._optimize_charset``, with a range that needs no case
    folding set as a slice (the original's loop: ``for i in r: charmap[i] = 1``)."""
    from re._compiler import _bytes_to_codes, _mk_bitmap
    from re._constants import BIGCHARSET, CHARSET, LITERAL, NEGATE, RANGE, RANGE_UNI_IGNORE

    out = []
    tail = []
    charmap = bytearray(256)
    hascased = False
    for op, av in charset:
        while True:
            try:
                if op is LITERAL:
                    if fixup:
                        lo = fixup(av)
                        charmap[lo] = 1
                        if fixes and lo in fixes:
                            for k in fixes[lo]:
                                charmap[k] = 1
                        if not hascased and iscased(av):
                            hascased = True
                    else:
                        charmap[av] = 1
                elif op is RANGE:
                    r = range(av[0], av[1] + 1)
                    if fixup:
                        if fixes:
                            for i in map(fixup, r):
                                charmap[i] = 1
                                if i in fixes:
                                    for k in fixes[i]:
                                        charmap[k] = 1
                        else:
                            for i in map(fixup, r):
                                charmap[i] = 1
                        if not hascased:
                            hascased = any(map(iscased, r))
                    else:
                        # as the loop: set what the map holds, then fail past its end
                        lo, hi, size = av[0], av[1] + 1, len(charmap)
                        if hi > size:
                            if lo < size:
                                charmap[lo:size] = b"\x01" * (size - lo)
                            raise IndexError
                        charmap[lo:hi] = b"\x01" * (hi - lo)
                elif op is NEGATE:
                    out.append((op, av))
                else:
                    tail.append((op, av))
            except IndexError:
                if len(charmap) == 256:
                    # character set contains non-UCS1 character codes
                    charmap += b'\0' * 0xff00
                    continue
                # Character set contains non-BMP character codes.
                if fixup:
                    hascased = True
                    if op is RANGE:
                        op = RANGE_UNI_IGNORE
                tail.append((op, av))
            break

    # compress character map
    runs = []
    q = 0
    while True:
        p = charmap.find(1, q)
        if p < 0:
            break
        if len(runs) >= 2:
            runs = None
            break
        q = charmap.find(0, p)
        if q < 0:
            runs.append((p, len(charmap)))
            break
        runs.append((p, q))
    if runs is not None:
        # use literal/range
        for p, q in runs:
            if q - p == 1:
                out.append((LITERAL, p))
            else:
                out.append((RANGE, (p, q - 1)))
        out += tail
        # if the case was changed or new representation is more compact
        if hascased or len(out) < len(charset):
            return out, hascased
        # else original character set is good enough
        return charset, hascased

    # use bitmap
    if len(charmap) == 256:
        data = _mk_bitmap(charmap)
        out.append((CHARSET, data))
        out += tail
        return out, hascased

    # a big charset: the bitmap sliced into chunks of 256 characters, duplicates shared
    charmap = bytes(charmap)  # should be hashable
    comps = {}
    mapping = bytearray(256)
    block = 0
    data = bytearray()
    for i in range(0, 65536, 256):
        chunk = charmap[i: i + 256]
        if chunk in comps:
            mapping[i // 256] = comps[chunk]
        else:
            mapping[i // 256] = comps[chunk] = block
            block += 1
            data += chunk
    data = _mk_bitmap(data)
    data[0:0] = [block] + _bytes_to_codes(mapping)
    out.append((BIGCHARSET, data))
    out += tail
    return out, hascased

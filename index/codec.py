"""The Whoosh codec of the index (pickled into every segment: keep this import path).

:class:`GramFieldWriter` writes a segment's terms and postings in the very bytes of Whoosh 3's
own writer (a test compares them), in one pass without an object per term and block: one
issue has ~40,000 distinct grams, and Whoosh's per-term bookkeeping was most of the time of
adding an issue to the index.
"""

from __future__ import annotations

import struct
import types
import zlib
from array import array
from hashlib import md5
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter
from whoosh.filedb.filetables import md5_hash
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

_TERMINFO = struct.Struct("!BfIBBfII")     # W3TermInfo: flags, weight, df, lengths, maxw, ids
_EXTENT = struct.Struct("!qi")             # pack_long(offset) + pack_int(length)
_BLOCKLEN = struct.Struct("!i")
_POINTER = struct.Struct("!Iq")                # a term table slot: hash, position
_KEYLEN = struct.Struct("!ii")                # the term table's key and value lengths
_FLUSH = 8 << 20                           # bytes of postings buffered before writing


class GramCodec(W3Codec):
    """Whoosh 3's codec without field-length statistics (see :func:`index.build.codec`),
    with the fast terms-and-postings writer."""

    length_stats = False

    def field_writer(self, storage, segment):
        return GramFieldWriter(self, storage, segment)


class GramFieldWriter(W3FieldWriter):
    """Whoosh 3's field writer; :meth:`add_postings` does what Whoosh's ``start_term``,
    ``add``, ``finish_term`` and ``W3PostingsWriter`` do, byte for byte (no postings are
    inlined; field-length statistics, when given, go through Whoosh's own path)."""

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self._tindex._write_hashes = types.MethodType(_write_hashes, self._tindex)
        # postings of one field kept aside, term → ([docnum], [weight as int]) in docnum
        # order, each with the value ``side_value`` (see index.build: the grams skip Whoosh's
        # analysis and sorting pool)
        self.side_field: str = ""
        self.side_postings: dict[str, tuple[list[int], list[int]]] = {}
        self.side_value = b""

    def add_postings(self, schema, lengths, items):
        side = self.side_postings
        if lengths is not None:
            if side:
                raise RuntimeError("side postings need a codec without length statistics")
            return super().add_postings(schema, lengths, items)
        codec = self._codec
        blocklimit, comp = codec._blocklimit, codec._compression
        postfile, tindex = self._postfile, self._tindex
        # the term table (an OrderedHashWriter): its add(), buffered
        tfile, hashfn, buckets, positions = (tindex.dbfile, tindex.hashfn, tindex.buckets,
                                             tindex.index)
        if hashfn is md5_hash:          # its low 32 bits: the digest's last four bytes
            def hashfn(key: bytes, _md5=md5, _from=int.from_bytes) -> int:
                return _from(_md5(key).digest()[-4:], "big")
        lastkey = tindex.lastkey
        tbuf = bytearray()
        tbase = tfile.tell()
        length_byte = length_to_byte(0)
        buf = bytearray()
        base = postfile.tell()
        lastfn = None
        fieldkey = b""
        fixedsize = None
        term = None
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []

        pickled: dict = {}              # the same small blocks recur: pickle each once
        infos: dict = {}

        single: dict = {}               # weight → (its float32 value, weight or 0 if <= 0)

        def put(data_key: tuple, count: int, last_id: int, bmax, last: bool) -> None:
            """One posting block: its info and its pickled (compressed) data, each pickled
            once for the values that recur."""
            data = pickled.get(data_key)
            if data is None:
                data = dumps(data_key, 2)
                if comp:
                    data = zlib.compress(data, comp)
                if len(pickled) < 100_000:
                    pickled[data_key] = data
            key = (count, last_id, bmax, type(bmax))
            info = infos.get(key)
            if info is None:
                info = dumps((count, last_id, bmax, comp, 0, length_byte), 2)
                if len(infos) < 100_000:
                    infos[key] = info
            size = len(info) + len(data)
            buf.extend(_BLOCKLEN.pack(-size if last else size))
            buf.extend(info)
            buf.extend(data)

        def block(bids, bweights, bvalues, last: bool) -> tuple[float, float]:
            if len(bids) == 1 and fixedsize and fixedsize > 0:
                # one posting (most terms of a small segment): the same bytes, less work
                w = bweights[0]
                got = single.get(w)
                if got is None:
                    f32 = array("f", (w,))[0]
                    got = single[w] = (f32, w if w > 0 else 0)
                f32, bmax = got
                data_key = ((bids[0],), None if f32 == 1.0 else f32, bvalues[0] or b"")
            else:
                data_key = None
            if data_key is not None:
                put(data_key, 1, bids[0], bmax, last)
                return f32, bmax
            bw = array("f", bweights)
            bmax = 0
            for w in bweights:
                if w > bmax:
                    bmax = w
            prev, deltas = 0, []
            for i in bids:
                deltas.append(i - prev)
                prev = i
            w0 = bw[0]
            if all(w == 1.0 for w in bw):
                mw = None
            elif all(w == w0 for w in bw):
                mw = w0
            else:
                mw = tuple(bw)
            if fixedsize is None or fixedsize < 0:
                mv = tuple(v for v in bvalues if v)
            elif fixedsize == 0:
                mv = None
            else:
                mv = b"".join(bvalues)
            put((tuple(deltas), mw, mv), len(bids), bids[-1], bmax, last)
            return sum(bw), bmax

        def finish(term: bytes, ids: list[int], weights: list[float], values: list[bytes]) -> None:
            start = base + len(buf)
            buf.extend(WHOOSH3_HEADER_MAGIC)
            n = len(ids)
            if n <= blocklimit:
                total, maxweight = block(ids, weights, values, True)
            else:
                total, maxweight = 0.0, 0
                for at in range(0, n, blocklimit):
                    end = at + blocklimit
                    t, m = block(ids[at:end], weights[at:end], values[at:end], end >= n)
                    total += t
                    if m > maxweight:
                        maxweight = m
            put_term(fieldkey + term,
                     _TERMINFO.pack(False, total, n, 0, length_byte, maxweight, ids[0], ids[-1])
                     + _EXTENT.pack(start, base + len(buf) - start))

        def put_term(key: bytes, value: bytes) -> None:
            """The term table's entry of a term whose postings are in ``buf``."""
            nonlocal base, lastkey
            if key <= lastkey:
                raise ValueError(f"Keys must increase: {lastkey!r}..{key!r}")
            pos = tbase + len(tbuf)
            positions.append(pos)
            tbuf.extend(_KEYLEN.pack(len(key), len(value)))
            tbuf.extend(key)
            tbuf.extend(value)
            h = hashfn(key)
            buckets[h & 255].append((h, pos))
            lastkey = key
            if len(buf) > _FLUSH:
                postfile.write(bytes(buf))
                base += len(buf)
                buf.clear()

        def flush_terms() -> None:
            nonlocal tbase
            tfile.write(bytes(tbuf))
            tbase += len(tbuf)
            tbuf.clear()
            tindex.lastkey = lastkey

        def start(fieldname: str) -> None:
            nonlocal lastfn, fieldkey, fixedsize
            flush_terms()
            if lastfn is not None:
                self.finish_field()
            self.start_field(fieldname, schema[fieldname])
            fieldkey = pack_ushort(self._fieldid)
            fixedsize = self._format.fixed_value_size()
            lastfn = fieldname

        def side_field() -> None:
            start(self.side_field)
            one = [self.side_value]
            # a gram's postings in one block (every gram of a small segment) are bytes that
            # depend only on its documents and counts, and so many grams share them (one
            # document, count 1): made once by block() and kept, with the term info's first
            # part; longer postings go through finish()
            units: dict = {}
            magic = WHOOSH3_HEADER_MAGIC
            for gram in sorted(side):
                docs, counts = side[gram]
                n = len(docs)
                if n > blocklimit:
                    finish(gram.encode("utf-8"), docs, list(map(float, counts)), one * n)
                    continue
                ukey = (docs[0], counts[0]) if n == 1 else (tuple(docs), tuple(counts))
                unit = units.get(ukey)
                if unit is None:
                    at = len(buf)
                    total, maxweight = block(docs, list(map(float, counts)), one * n, True)
                    post = magic + bytes(buf[at:])
                    del buf[at:]
                    unit = (post, _TERMINFO.pack(False, total, n, 0, length_byte, maxweight,
                                                 docs[0], docs[-1]))
                    if len(units) < 100_000:
                        units[ukey] = unit
                post, info = unit
                at = base + len(buf)
                buf.extend(post)
                put_term(fieldkey + gram.encode("utf-8"), info + _EXTENT.pack(at, len(post)))
            side.clear()

        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if term is not None:
                    finish(term, ids, weights, values)
                    term = None
                if side and fieldname >= self.side_field:
                    if fieldname == self.side_field:
                        raise RuntimeError(f"postings of {fieldname} both pooled and kept aside")
                    side_field()
                start(fieldname)
            if docnum == -1:            # Whoosh's spelling-word marker: no posting
                continue
            if btext != term:
                if term is not None:
                    finish(term, ids, weights, values)
                term = btext
                ids, weights, values = [], [], []
            ids.append(docnum)
            weights.append(weight)
            values.append(value)
        if term is not None:
            finish(term, ids, weights, values)
        if side:
            side_field()
        flush_terms()
        if lastfn is not None:
            self.finish_field()
        if buf:
            postfile.write(bytes(buf))


def _write_hashes(self) -> None:
    """``HashWriter._write_hashes`` (Whoosh's term table: 256 open-addressing tables of
    (hash, position) pointers) with one write per table instead of one per slot."""
    dbfile = self.dbfile
    null = (0, 0)
    pack = _POINTER.pack
    for entries in self.buckets:
        pos = dbfile.tell()
        numslots = 2 * len(entries)
        self.directory.append((pos, numslots))
        hashtable = [null] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while hashtable[slot] != null:
                slot = (slot + 1) % numslots
            hashtable[slot] = (hashval, position)
        dbfile.write(b"".join([pack(h, p) for h, p in hashtable]))

"""Bad input: one clear Chinese message naming the file, and the library left byte for byte."""

import hashlib
import sqlite3
from pathlib import Path

import pytest

from core.errors import Cancelled, DuplicateIssue, InputError, NotAGazette
from core.importer import MAX_BYTES, import_file, parse_file
from core.paths import db_path
from tests.fixtures.gazettes import LINCHENG, render


def digest(folder: Path) -> str:
    path = db_path(folder)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


@pytest.fixture
def gazette_text() -> str:
    return render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）")


def write(tmp_path, name, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


NOVEL = ("第一回　宴桃园豪杰三结义　斩黄巾英雄首立功\n\n话说天下大势，分久必合，合久必分。周末七国分争，"
         "并入于秦。及秦灭之后，楚、汉分争，又并入于汉。\n") * 40


@pytest.mark.parametrize("name,data,words", [
    ("empty.txt", b"", "空"),
    ("bom-only.txt", b"\xef\xbb\xbf", "文件是空的"),
    ("blank.txt", b" \r\n\n\t \n", "文件是空的"),
    ("utf16-bom-only.txt", b"\xff\xfe", "文件是空的"),
    ("binary.txt", bytes(range(256)) * 50, "二进制"),
    ("novel.txt", NOVEL.encode("utf-8"), "不是政府公报"),
    ("latin1.txt", "Ceci n'est pas une gazette. éàü".encode("latin-1") * 50, "编码"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\n", "PDF"),
    ("fake.pdf", b"not a pdf at all" * 10, "PDF"),
])
def test_bad_input_is_refused_and_the_library_is_untouched(tmp_path, library, data_dir,
                                                           gazette_text, name, data, words):
    import_file(library, write(tmp_path, "good.txt", gazette_text.encode()))
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(data_dir)
    with pytest.raises(InputError) as e:
        import_file(library, write(tmp_path, name, data))
    assert name in str(e.value) and words in str(e.value)
    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert digest(data_dir) == before
    assert library.stats().issues == 1


def test_missing_path_directory_and_huge_file(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        parse_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="文件夹"):
        parse_file(tmp_path)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="过大"):
        parse_file(huge)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-16"])
def test_other_encodings_import_the_same(tmp_path, gazette_text, encoding):
    ref = parse_file(write(tmp_path, "ref.txt", gazette_text.encode("utf-8")))
    other = parse_file(write(tmp_path, f"g-{encoding}.txt", gazette_text.encode(encoding)))
    assert [d.title for d in other.documents] == [d.title for d in ref.documents]
    assert [b.text for b in other.blocks] == [b.text for b in ref.blocks]


def test_not_a_gazette_is_its_own_error(tmp_path):
    with pytest.raises(NotAGazette):
        parse_file(write(tmp_path, "novel.txt", NOVEL.encode()))


def test_same_file_twice_changes_nothing_and_says_so(tmp_path, library, gazette_text):
    path = write(tmp_path, "g.txt", gazette_text.encode())
    first = import_file(library, path)
    with pytest.raises(DuplicateIssue) as e:
        import_file(library, path)
    assert e.value.same_file and e.value.existing_id == first.issue_id
    assert "已导入" in str(e.value)


def test_same_issue_from_another_file_needs_replace(tmp_path, library, gazette_text):
    first = import_file(library, write(tmp_path, "a.txt", gazette_text.encode()))
    corrected = gazette_text.replace("临城市交通运输局", "临城市交通运输局（更正）")
    assert corrected != gazette_text
    path = write(tmp_path, "b.txt", corrected.encode())
    with pytest.raises(DuplicateIssue) as e:
        import_file(library, path)
    assert not e.value.same_file and "--replace" in str(e.value)
    rep = import_file(library, path, replace=True)
    assert rep.replaced_id == first.issue_id
    assert [i.id for i in library.issues()] == [rep.issue_id]
    assert library.stats().documents == 2


def test_cancel_leaves_the_library_unchanged(tmp_path, library, data_dir, gazette_text):
    import threading

    library.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(data_dir)
    cancel = threading.Event()
    stages = []

    def progress(done, total, stage):
        stages.append(stage)
        if stage == "解析":
            cancel.set()

    with pytest.raises(Cancelled):
        import_file(library, write(tmp_path, "g.txt", gazette_text.encode()),
                    progress=progress, cancel=cancel)
    assert library.stats().issues == 0
    assert digest(data_dir) == before


def test_a_failure_inside_the_transaction_rolls_everything_back(tmp_path, library, gazette_text,
                                                                monkeypatch):
    parsed = parse_file(write(tmp_path, "g.txt", gazette_text.encode()))
    parsed.blocks.append(parsed.blocks[0])      # duplicate primary key: fails mid-insert
    with pytest.raises(sqlite3.IntegrityError):
        library.import_issue(parsed)
    st = library.stats()
    assert (st.issues, st.documents, st.blocks) == (0, 0, 0)

"""Item 13 and the file side of item 8: odd files get the right message, or import."""

from __future__ import annotations

import json
import os

import pytest

import main
from core.errors import InputError
from core.importer import read_source
from tests.fixtures.gazettes import LINCHENG, render

TEXT = render(LINCHENG, header="临城市人民政府公报（2024 年第 4 期）")


def run(capsys, *argv):
    code = main.main(list(argv))
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_symlink_loop_fifo_and_dangling_link(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop.txt")
    with pytest.raises(InputError, match="循环"):
        read_source(loop)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="管道"):
        read_source(fifo)                 # never opened: reading a FIFO would block
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(InputError, match="符号链接指向的文件不存在"):
        read_source(dangling)
    with pytest.raises(InputError, match="设备文件"):
        read_source(__import__("pathlib").Path("/dev/null"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_imports(tmp_path, encoding):
    f = tmp_path / "lincheng-2024-04.txt"
    f.write_bytes(TEXT.encode(encoding))
    text, kind, _ = read_source(f)
    assert kind == "text" and "临政〔2024〕2 号" in text


def test_binary_is_still_binary(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(bytes(range(256)) * 100)
    with pytest.raises(InputError, match="二进制"):
        read_source(f)


def test_file_name_not_valid_utf8_imports(capsys, data_dir, tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/lincheng-\xff\xfe-2024-04.txt"
    with open(raw, "wb") as f:
        f.write(TEXT.encode("utf-8"))
    name = os.fsdecode(raw)
    code, out, err = run(capsys, "import", name, "--data", str(data_dir))
    assert code == 0 and "Traceback" not in err, err
    code, out, err = run(capsys, "list", "--data", str(data_dir))
    assert code == 0 and "lincheng-\\xff\\xfe-2024-04.txt" in out


def test_occurrence_zero_is_refused(capsys, data_dir, tmp_path):
    f = tmp_path / "lincheng-2024-04.txt"
    f.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "import", str(f), "--data", str(data_dir))[0] == 0
    for bad in ("0", "-1"):
        with pytest.raises(SystemExit) as e:
            main.main(["annotate", "临政〔2024〕2 号", "--quote", "临城市", "--occurrence", bad,
                       "--data", str(data_dir)])
        assert e.value.code == 2
        assert "1 或更大" in capsys.readouterr().err
    code, out, err = run(capsys, "annotations", "--json", "--data", str(data_dir))
    assert json.loads(out)["count"] == 0


def test_huge_text_is_refused_before_it_is_read(tmp_path):
    from core.importer import MAX_TEXT_BYTES, MAX_TEXT_CHARS, parse_text

    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_TEXT_BYTES + 1)         # sparse: refused by its size alone
    with pytest.raises(InputError, match="文本文件过大"):
        read_source(big)
    with pytest.raises(InputError, match="文本过长"):
        parse_text("一" * (MAX_TEXT_CHARS + 1), source_name="x.pdf", sha256="0" * 64, kind="pdf")

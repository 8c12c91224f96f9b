"""ProfileOptions(encoding=...): the file is read in the codec the user names, not the detected one.

The detection of legacy code pages is a judgement (docs/engine.md); where it cannot tell (Czech in
1250 looks like Western text in 1252) or the user simply knows, naming the codec must read the file
in it — BOM, binary and JSON checks still applying — and report it as chosen, not as a fallback.
"""

from __future__ import annotations

import codecs

import pytest

from csvpipe.core import ProfileError, ProfileOptions
from csvpipe.core.options import readable_codec

from .conftest import profile_bytes

CZECH = "Město;Ulice;Částka\nPraha;Národní třída;1200,50\nBrno;Údolní;-35,00\nPlzeň;Štefánikova;99,90\n"


def test_czech_in_1250_is_mojibake_when_detected_and_right_when_named() -> None:
    data = CZECH.encode("cp1250")
    detected = profile_bytes(data)
    assert detected["source"]["encoding"] == "cp1252"  # `ř` reads as `ø`: nothing tells 1250 here
    named = profile_bytes(data, encoding="cp1250")
    assert named["source"]["encoding"] == "cp1250"
    assert list(named["schema"]) == ["Město", "Ulice", "Částka"]
    assert named["quality_issues"]["encoding"] is None  # chosen, not a fallback
    assert named["schema"]["Částka"] == "float"


@pytest.mark.parametrize(
    ("given", "name"),
    [("latin2", "iso8859-2"), ("UTF8", "utf-8"), ("Shift-JIS", "shift_jis"), ("UTF-16LE", "utf-16-le")],
)
def test_codec_names_are_python_s_own(given: str, name: str) -> None:
    assert readable_codec(given) == name == ProfileOptions(encoding=given).encoding


@pytest.mark.parametrize(
    ("given", "says"), [("nope", "unknown"), ("rot13", "not a text"), ("cp037", "ASCII")]
)
def test_a_codec_the_engine_cannot_read_a_csv_in_is_refused_in_words(given: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        ProfileOptions(encoding=given)


def test_a_bom_is_still_left_out_of_the_first_name() -> None:
    assert list(profile_bytes(codecs.BOM_UTF8 + b"a,b\n1,2\n", encoding="utf-8")["schema"]) == ["a", "b"]
    data = codecs.BOM_UTF16_LE + "a,b\n1,2\n".encode("utf-16-le")
    assert list(profile_bytes(data, encoding="utf-16-le")["schema"]) == ["a", "b"]


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf_16_without_a_bom_is_refused_with_its_name_and_read_when_named(order: str) -> None:
    # Detected, such a file is refused (every other byte NUL); the message names the byte order.
    data = "a,b\n1,x\n2,y\n".encode(order)
    with pytest.raises(ProfileError) as caught:
        profile_bytes(data)
    assert f"--encoding {order}" in caught.value.message
    summary = profile_bytes(data, encoding=order)
    assert summary["row_count"] == 2 and summary["source"]["encoding"] == order


def test_bytes_the_named_codec_lacks_are_an_error_naming_it() -> None:
    with pytest.raises(ProfileError) as caught:
        profile_bytes(b"a,b\n1,\x81\n", encoding="cp1250")  # 0x81 is undefined in 1250
    assert caught.value.code == "UNDECODABLE_BYTES" and "cp1250" in caught.value.message


@pytest.mark.parametrize(
    ("data", "code"), [(b'{"a": 1}\n{"a": 2}\n', "OTHER_TEXT_FORMAT"), (b"%PDF-1.7\n", "BINARY_INPUT")]
)
def test_a_named_codec_still_refuses_what_is_no_csv(data: bytes, code: str) -> None:
    with pytest.raises(ProfileError) as caught:
        profile_bytes(data, encoding="cp1250")
    assert caught.value.code == code

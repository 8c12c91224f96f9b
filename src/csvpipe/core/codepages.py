"""Which legacy code page a block of bytes that is not UTF-8 is written in, judged by its text.

Excel saves "CSV" in the Windows code page of its system, not in UTF-8: Japanese, Chinese, Korean,
Cyrillic, Greek, Hebrew, Arabic, Thai, Central European, Turkish and Baltic files arrive so. Each
judge below asks whether the block decodes in its code page and whether what it then reads is that
language's text; `judge` asks them in turn, and None leaves the block to Windows-1252 (source.py).
Imported only when a first block is not UTF-8. Measured accuracy and limits: docs/engine.md.
"""

from __future__ import annotations

import codecs
import re


def judge(head: bytes, at_eof: bool) -> tuple[str, str, str] | None:
    """(codec, reported name, the code page in words) of the first block, or None."""
    return (
        _cyrillic_codec(head)
        or _east_asian_codec(head, at_eof)
        or _hebrew_arabic_thai_codec(head)
        or _central_european_codec(head)
        or _turkish_codec(head)
        or _baltic_codec(head)
    )


def _east_asian_codec(head: bytes, at_eof: bool) -> tuple[str, str, str] | None:
    """(codec, reported name, words) of the East Asian legacy encoding the first block is written
    in, or None. Excel on a Japanese, Chinese or Korean Windows saves "CSV" in its code page, not in
    UTF-8, and until 2026-11-27 such a file was read as Windows-1252 — every name and text garbled
    (`½»Ò×Ê±¼ä` for 交易时间) and reported as a mere fallback — or refused as undecodable (Shift_JIS
    uses bytes cp1252 lacks). Most such bytes decode in several of these code pages, so what each
    makes of the text decides: a code page is taken if the block decodes in it and its letters
    (kana, hanzi/kanji, Hangul; punctuation and symbols are not asked) are that language's — see
    `_JUDGES`. Western text in Windows-1252 fails each: its accented letters stand alone among ASCII
    ones, which these code pages read as rare characters, half-width katakana, private-use ones or
    not at all. A block that is mostly valid UTF-8 (a UTF-8 file with a stray byte) is not asked, nor
    one with fewer than 8 bytes above ASCII (too little to judge: read as Windows-1252, as before)."""
    utf8 = sum(map(len, _UTF8_SEQUENCE.findall(head)))
    high = _count_of(head, _HIGH_BYTES)
    if high < 8 or utf8 * 2 >= high:
        return None
    for codec, name, what, judge in _JUDGES:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(head, final=at_eof)
        except UnicodeDecodeError:
            continue
        wide = len(text) - len(text.encode("ascii", "ignore"))
        letters = _EAST_ASIAN_LETTER.findall(text)
        # Mostly letters, none of the characters no text of these languages holds, few letters alone
        # between ASCII letters (what an accented letter in a Latin word makes: `Z³oty` in 1250 is
        # `Z` + a Big5 hanzi + `ty`; Chinese text holds its hanzi in runs).
        if (
            len(letters) >= _MIN_LETTERS
            and len(letters) * 2 >= wide
            and not _PRIVATE_USE.search(text)
            and len(_LETTER_AMONG_ASCII.findall(text)) * 10 <= len(letters)
            and judge(letters[:_JUDGED_LETTERS])
        ):
            return codec, name, what
    return None


def _cyrillic_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1251" or "koi8_r", its name, words) when the first block is Cyrillic text in either, else
    None. Excel and 1C on a Russian, Ukrainian or Bulgarian Windows save "CSV" in code page 1251;
    until 2026-11-27 such a file read as Windows-1252 (`Ñóììà` for Сумма). Both code pages put
    their letters in bytes C0-FF, as Windows-1252 puts its accented ones, so the words tell: Cyrillic
    words are all such bytes, while Western accents stand next to ASCII letters (`Müller`) — more
    than one such byte in ten beside an ASCII letter and it is not asked. Then the code page in which
    the words are shaped as words are (lower case, Capitalised or UPPER, nine in ten), most letters
    are lower case (six in ten) and some are capitals wins; KOI8-R swaps the cases of 1251's bytes,
    so only one of the two passes. Greek is asked first (`_greek`): accented Greek makes mixed-case
    words in both, but names without accents do not. Arabic (cp1256) text makes mixed-case words,
    Hebrew (cp1255) no capitals: each is left to Windows-1252, as before."""
    letters = _count_of(head, _UPPER_HALF)
    if letters < 8 or len(_ACCENT_BESIDE_ASCII.findall(head)) * 10 > letters:
        return None
    if _greek(head):
        return "cp1253", "cp1253", "Windows-1253 (Greek)"
    for codec, name, what in _CYRILLIC:
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue  # a byte the code page lacks (0x98 in 1251)
        words, cyrillic, wide, lower, shaped = _word_shapes(text, _CYRILLIC_WORD)
        if (
            cyrillic * 10 >= wide * 9
            and shaped * 10 >= len(words) * 9
            and cyrillic * 6 <= lower * 10 < cyrillic * 10
        ):
            return codec, name, what
    return None


def _central_european_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1250", …) when the first block is Central European text in Windows-1250 that shows it
    (Polish above all, Slovak), else None. Most of its letters are Windows-1252's too, but
    `ł ą ż ľ ź Ł Ą Ż` are bytes that 1252 reads as signs (`³ ¹ ¿ ¾ Ÿ £ ¥ ¯`): `Z³oty`, `mo¿e`,
    `Wroc³aw`. Such a sign between two letters, one of them ASCII, is no Western text (nor Thai,
    whose words are all bytes above ASCII). Three of them at least, and none of 1250's undefined
    bytes: cp1250 (until 2026-11-27 Polish bank exports read `Tytu³`, `Wroc³aw`). Czech and
    Hungarian letters are letters in 1252 too (`ř` is `ø`): such files give no sign, stay cp1252."""
    inside = len(_SIGN_IN_A_WORD.findall(head))
    if inside < 3:
        return None
    try:
        head.decode("cp1250")
    except UnicodeDecodeError:
        return None
    return "cp1250", "cp1250", "Windows-1250 (Central European)"


def _hebrew_arabic_thai_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1255", "cp1256" or "cp874", its name, words) when the first block is Hebrew, Arabic or
    Thai text in its Windows code page, else None. Excel on such a Windows saves "CSV" in it; until
    2026-11-27 such files read as Windows-1252 (`ùìåí` for שלום). Their letters are all bytes above
    ASCII, and so are their words, while Western accented letters stand beside ASCII ones (`café`):
    the code page is taken in which nine in ten characters above ASCII are its script's letters,
    three in four of them in words of two letters or more, at most one in ten beside an ASCII letter,
    and the script's own spelling holds (`_hebrew_spelled`, `_arabic_spelled`, `_thai_spelled`)."""
    for codec, name, what, letter, beside_ascii, spelled in _SCRIPTS:
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        words = letter.findall(text)
        letters = sum(map(len, words))
        wide = len(text) - len(text.encode("ascii", "ignore"))
        if (
            letters >= _MIN_SCRIPT_LETTERS
            and letters * 10 >= wide * 9
            and sum(len(word) for word in words if len(word) > 1) * 4 >= letters * 3
            and len(beside_ascii.findall(text)) * 10 <= letters
            and spelled(words)
        ):
            return codec, name, what
    return None


def _hebrew_spelled(words: list[str]) -> bool:
    """Hebrew's final letters (ך ם ן ף ץ) end words and stand nowhere else — where lower-case
    Russian in code page 1251 makes them (`н` is `ם`)."""
    ending = sum(1 for word in words if word[-1] in _HEBREW_FINALS)
    inside = sum(1 for word in words for char in word[:-1] if char in _HEBREW_FINALS)
    return inside * 10 <= ending


def _arabic_spelled(words: list[str]) -> bool:
    """A sixth of the letters at least are among Arabic's most common (ل م ن ه و ي ى: a third of
    Arabic text), which lie in bytes E1-ED — where lower-case Russian in KOI8-R has none."""
    text = "".join(words)
    return len(text) - len(text.translate(_ARABIC_COMMON)) >= len(text) / 6


def _thai_spelled(words: list[str]) -> bool:
    """Thai as it is written: nearly every sign where Thai puts it (`_THAI_MISSPELT`: one in fifty
    at most), a vowel sign or mark for every five consonants at least, and more than half the
    letters among Thai's twenty commonest (`า น ร อ ก เ ม ง ่ …`). Chinese, Japanese and Korean
    bytes that their judges leave are Thai characters in code page 874 too: the spelling alone
    took 5-15 % of short pieces of them, the letters' share nearly none (docs/engine.md)."""
    text = " ".join(words)
    letters = "".join(words)
    consonants = len(_THAI_CONSONANTS.findall(letters))
    common = len(letters) - len(letters.translate(_THAI_COMMON))
    return (
        len(_THAI_MISSPELT.findall(text)) * 50 <= len(text)
        and (len(letters) - consonants) * 5 >= consonants
        and common * 20 > len(letters) * 11
    )


_HEBREW_LETTERS = "\u05d0-\u05ea\u05f0-\u05f2"
_ARABIC_LETTERS = "\u0621-\u065f\u0679-\u06d2"  # Arabic's, and Persian's and Urdu's that 1256 has
_THAI_LETTERS = "\u0e01-\u0e3a\u0e40-\u0e4e"  # consonants, vowels and marks; not digits or signs
_SCRIPTS = tuple(
    (
        codec,
        name,
        what,
        re.compile(f"[{letters}]+"),
        re.compile(f"[A-Za-z][{letters}]|[{letters}][A-Za-z]"),
        spelled,
    )
    for codec, name, what, letters, spelled in (
        ("cp1255", "cp1255", "Windows-1255 (Hebrew)", _HEBREW_LETTERS, _hebrew_spelled),
        ("cp1256", "cp1256", "Windows-1256 (Arabic)", _ARABIC_LETTERS, _arabic_spelled),
        ("cp874", "cp874", "Windows-874 (Thai)", _THAI_LETTERS, _thai_spelled),
    )
)
# Fewer letters than this are too few to tell (Russian in 1251 without capitals is Hebrew in 1255).
_MIN_SCRIPT_LETTERS = 8
_HEBREW_FINALS = frozenset("ךםןףץ")
_ARABIC_COMMON = dict.fromkeys(map(ord, "لمنهوىي"))
# Thai is written in clusters: a consonant, then a vowel sign above or below it, then a tone mark,
# then a following vowel; a leading vowel (เ แ โ ใ ไ) comes before a consonant. Misspelt: a sign
# after what it cannot follow.
_THAI_CONSONANT = "\u0e01-\u0e2e"
_THAI_ABOVE_BELOW = "\u0e31\u0e34-\u0e3a"
_THAI_TONE = "\u0e47-\u0e4e"
_THAI_CONSONANTS = re.compile(f"[{_THAI_CONSONANT}]")
_THAI_MISSPELT = re.compile(
    f"(?<![{_THAI_CONSONANT}])[{_THAI_ABOVE_BELOW}]"
    f"|(?<![{_THAI_CONSONANT}{_THAI_ABOVE_BELOW}])[{_THAI_TONE}]"
    f"|(?<![{_THAI_CONSONANT}{_THAI_TONE}])[\u0e30\u0e32\u0e33\u0e45]"
    f"|[\u0e40-\u0e44](?![{_THAI_CONSONANT}])"
)
_THAI_COMMON = dict.fromkeys(map(ord, "านรอกเมง่ยวลดตทสคั้ีิ"))


def _count_of(data: bytes, which: bytes) -> int:
    """How many bytes of `data` are among `which` (counted at C speed)."""
    return len(data) - len(data.translate(None, which))


def _beside_ascii(which: bytes) -> re.Pattern[bytes]:
    """One of the bytes `which` beside an ASCII letter, on either side: a letter inside a Latin word."""
    return re.compile(rb"[A-Za-z][" + which + rb"]|[" + which + rb"][A-Za-z]")


def _turkish_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1254", …) when the first block is Turkish text in Windows-1254 (or ISO 8859-9, which
    places its letters alike), else None. Excel on a Turkish Windows saves "CSV" in it; its letters
    are 1252's but for six, `ğ ı ş Ğ İ Ş`, which 1252 reads as `ð ý þ Ð Ý Þ` (`Ýstanbul`, `Þiþli`,
    `Kadýköy`; until 2026-11-27 read so). Two such bytes beside ASCII letters at least, and nearly
    every letter above ASCII one that Turkish writes (those six, `ç ö ü â î û` and their capitals):
    Icelandic, which has `ð þ ý` too, also writes `á é í ó ú æ`, Lithuanian in 1257 `ą č ė ų`,
    Croatian in 1250 `č ć`, Czech `á í ř` — more than one letter in twenty of those and it is not
    Turkish."""
    if len(_TURKISH_BESIDE_ASCII.findall(head)) < 2:
        return None
    letters = _count_of(head, _UPPER_HALF_LETTERS)
    others = _count_of(head, _NOT_TURKISH_LETTERS)
    if others * 20 > letters:
        return None
    try:
        head.decode("cp1254")
    except UnicodeDecodeError:  # 1252's Ž ž (0x8E, 0x9E) and three more are undefined in 1254
        return None
    return "cp1254", "cp1254", "Windows-1254 (Turkish)"


def _baltic_codec(head: bytes) -> tuple[str, str, str] | None:
    """("cp1257", …) when the first block is Lithuanian or Latvian text in Windows-1257, else None.
    Its letters are 1252's letters, other ones: `š ž` are `ð þ`, `ą č ę ė į ų` are `à è æ ë á ø`,
    Latvian's `ā ē ī ļ ņ` are `â ç î ï ò` (`Paslaugø`, `uþ`, `mokëjimo`; until 2026-11-27 read so).
    Two of `š ž Š Ž` beside ASCII letters (no Western language but Icelandic and Faroese writes
    `ð þ` there), two of the others at least, one of them `ą č ė` (which those two never write),
    and hardly any `é í ó ú ý` (theirs, not Baltic 1257's: one letter in twenty at most). Turkish
    is asked first: its `ş ğ` are the same two bytes, and its `ı` (`ý`) rules Baltic out. A
    Latvian text with no `š ž` stays cp1252 (`Rîga`)."""
    if len(_BALTIC_BESIDE_ASCII.findall(head)) < 2:
        return None
    baltic = _count_of(head, _BALTIC_LETTERS)
    letters = _count_of(head, _UPPER_HALF_LETTERS)
    icelandic = _count_of(head, _ICELANDIC_VOWELS)
    telling = _count_of(head, _BALTIC_NOT_NORDIC)
    if baltic < 2 or not telling or icelandic * 20 > letters:
        return None
    try:
        head.decode("cp1257")
    except UnicodeDecodeError:  # 1252's Š š Œ œ Ÿ (0x8A, 0x9A, …) are undefined in 1257
        return None
    return "cp1257", "cp1257", "Windows-1257 (Baltic)"


_BALTIC_S_Z = b"\xd0\xde\xf0\xfe"  # Š Ž š ž in 1257; Ð Þ ð þ in 1252
_BALTIC_BESIDE_ASCII = _beside_ascii(_BALTIC_S_Z)
# ą į ā ę ē č ė ģ ī ļ ņ ų and capitals in 1257: à á â æ ç è ë ì î ï ò ø in 1252.
_BALTIC_LETTERS = (
    b"\xc0\xc1\xc2\xc6\xc7\xc8\xcb\xcc\xce\xcf\xd2\xd8\xe0\xe1\xe2\xe6\xe7\xe8\xeb\xec\xee\xef\xf2\xf8"
)
# ą č ė and capitals (à è ë in 1252): Lithuanian and Latvian write them, Icelandic, Faroese and
# Danish (whose `ð þ ø æ á` are Baltic 1257's `š ž ų ę į`) never.
_BALTIC_NOT_NORDIC = b"\xc0\xc8\xcb\xe0\xe8\xeb"
_ICELANDIC_VOWELS = b"\xc9\xcd\xd3\xda\xdd\xe9\xed\xf3\xfa\xfd"  # É Í Ó Ú Ý é í ó ú ý
_TURKISH_ONLY = b"\xd0\xdd\xde\xf0\xfd\xfe"  # Ğ İ Ş ğ ı ş in 1254; Ð Ý Þ ð ý þ in 1252
_TURKISH_BESIDE_ASCII = _beside_ascii(_TURKISH_ONLY)
_UPPER_HALF_LETTERS = bytes(b for b in range(0xC0, 0x100) if b not in (0xD7, 0xF7))  # not × ÷
_NOT_TURKISH_LETTERS = bytes(
    b
    for b in _UPPER_HALF_LETTERS
    if b not in b"\xc2\xc7\xce\xd6\xdb\xdc\xe2\xe7\xee\xf6\xfb\xfc" + _TURKISH_ONLY
)


# A byte that is a letter in 1250 but a sign in 1252 (ł ą ż ľ ź Ł Ą Ż Ľ ş), between two letters.
_LETTER_BYTES = (
    rb"A-Za-z\x8a\x8c-\x8f\x9a\x9c-\x9f\xa3\xa5\xaa\xaf\xb3\xb9\xba\xbc\xbe\xbf\xc0-\xd6\xd8-\xf6\xf8-\xfe"
)
_SIGNS = rb"[\xa3\xa5\xaa\xaf\xb3\xb9\xba\xbc\xbe\xbf]"
# ... with an ASCII letter on one side at least: Thai (874) is all such bytes, words without ASCII.
_SIGN_IN_A_WORD = re.compile(
    rb"[A-Za-z]" + _SIGNS + rb"[" + _LETTER_BYTES + rb"]|[" + _LETTER_BYTES + rb"]" + _SIGNS + rb"[A-Za-z]"
)


def _greek(head: bytes) -> bool:
    """Greek in code page 1253 (or ISO 8859-7, which places its letters alike): its letters are in
    the bytes Cyrillic ones are, and names without accents (`Λεωνιδας`) are words shaped as
    Cyrillic ones would be; but a Greek word ending in s ends in final sigma `ς`, which no other
    place in a word holds — where 1251 has `т`, common inside Russian words. So: Greek letters for
    nine in ten of the characters above ASCII, words shaped as words, six letters in ten lower case
    and some capitals, a final sigma at least once and never inside a word."""
    try:
        text = head.decode("cp1253")
    except UnicodeDecodeError:
        return False
    words, greek, wide, lower, shaped = _word_shapes(text, _GREEK_WORD)
    final = sum(1 for word in words if word.endswith("ς"))
    inside = sum(word[:-1].count("ς") for word in words)
    return (
        greek * 10 >= wide * 9
        and shaped * 10 >= len(words) * 9
        and greek * 6 <= lower * 10 < greek * 10  # some capitals: Hebrew (cp1255) has none
        and final > 0
        and not inside
    )


def _word_shapes(text: str, word: re.Pattern[str]) -> tuple[list[str], int, int, int, int]:
    """What the Cyrillic and Greek judges weigh: the words of one alphabet in `text`, their letters,
    the characters above ASCII, the lower-case letters, and the words shaped as words are (lower
    case, Capitalised or UPPER)."""
    words = word.findall(text)
    letters = "".join(words)
    wide = len(text) - len(text.encode("ascii", "ignore"))
    shaped = sum(1 for one in words if one.islower() or one.isupper() or one.istitle())
    return words, len(letters), wide, sum(map(str.islower, letters)), shaped


_GREEK_WORD = re.compile("[\u0370-\u03ff]+")
_CYRILLIC = (
    ("cp1251", "cp1251", "Windows-1251 (Cyrillic)"),
    ("koi8_r", "koi8-r", "KOI8-R (Cyrillic)"),
)
_UPPER_HALF = bytes(range(0xC0, 0x100))
_ACCENT_BESIDE_ASCII = re.compile(rb"[A-Za-z][\xc0-\xff]|[\xc0-\xff][A-Za-z]")
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")


# Kana, Hangul's letters (jamo: what EUC-JP's kana are in EUC-KR), CJK ideographs (and their
# extension A and compatibility forms), Hangul syllables.
_EAST_ASIAN_LETTER = re.compile("[\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
# Private-use characters: what Western bytes read as Shift_JIS make (`ñ`, `ö` start one), not text.
# Half-width katakana, which Western capitals (`Ä`) and Chinese bytes make there too, are allowed:
# Japanese banks still write names in them (`ﾔﾏﾀﾞ ﾀﾛｳ`); they are no letters, so the judges decide
# on the others.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _share_in(letters: list[str], codec: str, first_bytes: bytes) -> float:
    """The share of `letters` that `codec` has with a first byte in `first_bytes`."""
    found = 0
    for char in letters:
        encoded = char.encode(codec, "replace")  # "?" where it has none: no first byte above ASCII
        found += encoded[0] in first_bytes
    return found / len(letters)


def _kana(letters: list[str]) -> int:
    return sum(1 for char in letters if "\u3040" <= char <= "\u30ff")


def _japanese_shift_jis(letters: list[str]) -> bool:
    """A tenth kana at least (Japanese text), or nine in ten kana or the 2 965 common (level-1)
    kanji — Chinese and Korean bytes are half-width katakana in Shift_JIS, so kanji alone can tell."""
    kana = _kana(letters)
    return kana * 10 >= len(letters) or kana / len(letters) + _share_in(letters, "cp932", _JIS_KANJI) >= 0.9


def _japanese_euc(letters: list[str]) -> bool:
    """Kana, a tenth of the letters and two at least: Korean and Chinese bytes are EUC-JP kanji too,
    but kana only where the text had kana (GB2312 puts them where EUC-JP does)."""
    kana = _kana(letters)
    return kana >= 2 and kana * 10 >= len(letters)


def _korean(letters: list[str]) -> bool:
    """Nine in ten are Hangul syllables of KS X 1001's 2 350 (what Korean text is written in; the
    8 822 others of code page 949 are what Chinese bytes from GBK's extension make)."""
    return _share_in(letters, "euc_kr", _KS_HANGUL) >= 0.9


def _simplified_chinese(letters: list[str]) -> bool:
    """Nine in ten are GB2312's hanzi (first bytes B0–F7: the 6 763 that simplified text is written
    in; GBK's other 14 240 are what Japanese or Big5 bytes make)."""
    return _share_in(letters, "gb2312", _GB_HANZI) >= 0.9


def _traditional_chinese(letters: list[str]) -> bool:
    """Nine in ten are Big5's 5 401 common characters (first bytes A4–C6)."""
    return _share_in(letters, "big5", _BIG5_COMMON) >= 0.9


_JIS_KANJI = bytes(range(0x88, 0x99))  # Shift_JIS first bytes of the level-1 kanji
_KS_HANGUL = bytes(range(0xB0, 0xC9))  # EUC-KR first bytes of KS X 1001's Hangul syllables
_GB_HANZI = bytes(range(0xB0, 0xF8))
_BIG5_COMMON = bytes(range(0xA4, 0xC7))
# In the order asked: Shift_JIS first (its kanji test is sharp: nothing else's bytes make level-1
# kanji); EUC-JP next (only Japanese text has kana), then Korean, which Chinese bytes pass less often
# than Korean bytes pass Chinese; Big5 last.
_JUDGES = (
    ("cp932", "cp932", "Shift_JIS (Windows code page 932, Japanese)", _japanese_shift_jis),
    ("euc_jp", "euc-jp", "EUC-JP (Japanese)", _japanese_euc),
    ("cp949", "cp949", "EUC-KR (Windows code page 949, Korean)", _korean),
    ("gb18030", "gb18030", "GB18030 (GBK, GB2312: simplified Chinese)", _simplified_chinese),
    ("cp950", "cp950", "Big5 (Windows code page 950, traditional Chinese)", _traditional_chinese),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Fewer letters are too few to judge: Cyrillic, Greek or Hebrew words in their code pages pass a
# test by chance now and then (0.1-0.5 % of 1-8 short rows with 2; fewer with more letters).
_MIN_LETTERS = 4
# The judges look at the first 2 000 letters: plenty to tell, and a 64 KiB block of Chinese holds
# ten times as many (judging them all took 40 ms a file; these 2 000, a tenth of that).
_JUDGED_LETTERS = 2000
_LETTER_AMONG_ASCII = re.compile("[A-Za-z][\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff][A-Za-z]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

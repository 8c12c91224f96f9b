"""Files that Excel on a Japanese, Chinese, Korean, Russian or Greek Windows saves as "CSV" are in its
code page, not in UTF-8: their names and text are read in that code page (judged by what each makes
of the text), not as Windows-1252 mojibake, and the guess is reported as an encoding fallback."""

from __future__ import annotations

import random

import pytest

from csvpipe.core.codepages import _east_asian_codec
from csvpipe.core.parallel import _SPLITTABLE_CODECS

from .conftest import profile_bytes

JAPANESE = (
    "都道府県,市区町村,人口,面積,備考\n"
    "東京都,千代田区,66680,11.66,皇居があります\n"
    "大阪府,大阪市北区,136609,10.34,梅田駅の周辺\n"
    "北海道,札幌市中央区,248680,46.42,ﾃｽﾄ\n"  # half-width katakana, as Japanese banks still write
)
SIMPLIFIED = (
    "交易时间,交易分类,交易对方,商品说明,金额,交易状态\n"
    "2024-01-01 10:00:00,餐饮美食,美团,午餐外卖,25.50,交易成功\n"
    "2024-01-02 11:30:00,日用百货,淘宝,生活用品,100.00,交易成功\n"
)
TRADITIONAL = "縣市,鄉鎮市區,人口,面積\n臺北市,大安區,305000,11.36\n新北市,板橋區,550000,23.14\n"
KOREAN = "지역,시군구,인구,면적\n서울특별시,강남구,530000,39.5\n부산광역시,해운대구,390000,51.5\n"


@pytest.mark.parametrize(
    ("text", "codec", "reported"),
    [
        (JAPANESE, "cp932", "cp932"),
        (JAPANESE.replace("ﾃｽﾄ", "テスト"), "euc_jp", "euc-jp"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),  # GB18030 reads GBK and GB2312 alike
        (TRADITIONAL, "cp950", "cp950"),
        (KOREAN, "cp949", "cp949"),
    ],
    ids=["shift-jis", "euc-jp", "gb18030", "gbk", "big5", "euc-kr"],
)
def test_a_file_in_an_east_asian_code_page_is_read_in_it(text: str, codec: str, reported: str) -> None:
    summary = profile_bytes(text.encode(codec))
    header = text.split("\n", 1)[0].split(",")
    assert list(summary["schema"]) == header
    assert summary["source"]["encoding"] == reported
    issue = summary["quality_issues"]["encoding"]
    assert issue["fallback"] is True and "not valid UTF-8" in issue["reason"]
    values = {top["value"] for top in summary["columns"][header[1]]["top_values"]}
    assert values == {line.split(",")[1] for line in text.strip().split("\n")[1:]}


@pytest.mark.parametrize(
    "text",
    [
        "name,city,note\nMüller,Zürich,Größe\nJosé,São Paulo,informação\nZoë,Kraków,“quoted” – ok\n",
        "id,name\n1,ÀÉÎÕÜ\n2,àéîõü\n3,ÇÑçñßœ\n4,Æøå\n",
        "Straße;Höhe;Fläche\nHauptstraße;1,5;2,5\nBahnhofstraße;3,5;4,5\n",
    ],
    ids=["mixed-western", "accents-only", "german-semicolon"],
)
def test_western_text_in_windows_1252_stays_windows_1252(text: str) -> None:
    summary = profile_bytes(text.encode("cp1252"))
    assert summary["source"]["encoding"] == "cp1252"
    assert list(summary["schema"]) == text.split("\n", 1)[0].split("," if "," in text.split("\n")[0] else ";")


def test_random_western_text_is_never_taken_for_east_asian() -> None:
    # Accented letters stand alone among ASCII ones, which these code pages read as rare characters,
    # private-use ones or not at all (20 000 such files in a /tmp run: none; 500 here).
    words = [
        "Müller",
        "Straße",
        "Größe",
        "für",
        "Äpfel",
        "Österreich",
        "Übersicht",
        "café",
        "résumé",
        "naïve",
        "façade",
        "élève",
        "où",
        "déjà",
        "Noël",
        "crème",
        "brûlée",
        "São",
        "informação",
        "ações",
        "coração",
        "não",
        "Ñandú",
        "niño",
        "señor",
        "acción",
        "Málaga",
        "Zürich",
        "Øresund",
        "Ærø",
        "smørrebrød",
        "“quoted”",
        "‘single’",
        "–",
        "—",
        "…",
        "€",
        "£",
        "©",
        "®",
        "°",
        "±",
        "µ",
        "¿",
        "¡",
        "ÀÉÎÕÜ",
        "àéîõü",
        "ÇÑ",
        "ß",
        "œ",
        "Œ",
        "š",
        "Ž",
    ]
    chosen = random.Random(7)
    for _ in range(500):
        rows = [
            ",".join(" ".join(chosen.choice(words) for _ in range(chosen.randint(1, 4))) for _ in range(3))
            for _ in range(chosen.randint(1, 6))
        ]
        data = ("id,name,city\n" + "\n".join(rows) + "\n").encode("cp1252")
        assert _east_asian_codec(data, at_eof=True) is None, data


def test_a_utf8_file_with_a_stray_byte_is_not_asked() -> None:
    # Mostly valid UTF-8 (Chinese here) with one Windows-1252 byte: UTF-8 with that byte read as cp1252.
    data = SIMPLIFIED.encode("utf-8") + b"x,caf\xe9\n"
    assert _east_asian_codec(data, at_eof=True) is None


def test_too_little_text_to_judge_is_read_as_windows_1252_as_before() -> None:
    assert _east_asian_codec("a,b\n1,東京\n".encode("cp932"), at_eof=True) is None


RUSSIAN = (
    "Дата;Описание;Сумма;Город\n01.02.2024;Оплата за товар;1500,00;Москва\n"
    "02.02.2024;Перевод средств;-250,50;Санкт-Петербург\n"
)
UKRAINIAN = (  # modin's issue_976.csv: no header
    "1;11800000560005;Мельник Сергій Васильович;вул. Нова;с. Баламутівка;Хмельницька область;105.6000\n"
    "1;10200007400477;Корабель Андрій Васильович;вул. Зарічна;Карачіївці;Хмельницька область;696.6400\n"
    "1;11100008540930;Кравчук Олена Петрівна;вул. Шевченка;Гнатівці;Хмельницька область;250.1000\n"
)
GREEK = (
    "id,age,name\n1,39,Λεωνιδας\n2,23,Αλεξανδρος\n3,36,Μυρων\n4,28,Ευστοργιος\n"  # frictionless' test file
)


@pytest.mark.parametrize(
    ("text", "codec", "reported"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8_r", "koi8-r"),
        (UKRAINIAN, "cp1251", "cp1251"),
        (GREEK, "cp1253", "cp1253"),
        (GREEK, "iso8859_7", "cp1253"),  # the same bytes for these letters
        (
            "Όνομα,Πόλη,Ηλικία\nΓιώργος Παπαδόπουλος,Αθήνα,34\nΜαρία Νικολάου,Θεσσαλονίκη,28\n",
            "cp1253",
            "cp1253",
        ),
    ],
    ids=["russian-1251", "russian-koi8", "ukrainian-1251", "greek-1253", "greek-8859-7", "greek-accented"],
)
def test_cyrillic_and_greek_files_are_read_in_their_code_page(text: str, codec: str, reported: str) -> None:
    # Until 2026-11-27 read as Windows-1252: `Ñóììà` for Сумма, `Ëåùíéäáò` for Λεωνιδας.
    summary = profile_bytes(text.encode(codec))
    assert summary["source"]["encoding"] == reported
    values = {top["value"] for column in summary["columns"].values() for top in column.get("top_values", [])}
    words = {
        word for line in text.split("\n") for word in line.split(summary["source"]["dialect"]["delimiter"])
    }
    assert values and values <= words


HEBREW = "שם,עיר,גיל,סכום\nדוד כהן,ירושלים,34,120.50\nשרה לוי,תל אביב,28,99.90\nמשה אברהם,חיפה,41,15.00\n"
ARABIC = "الاسم,المدينة,المبلغ\nأحمد علي,القاهرة,120.50\nمحمد حسن,الرياض,99.90\nفاطمة الزهراء,عمان,15.00\n"
THAI = "ชื่อ,จังหวัด,จำนวนเงิน\nสมชาย ใจดี,กรุงเทพมหานคร,120.50\nสมหญิง รักไทย,เชียงใหม่,99.90\nวิชัย มั่นคง,ขอนแก่น,15.00\n"


def test_russian_without_capitals_is_not_taken_for_hebrew_nor_koi8_r_for_arabic() -> None:
    # Lower-case Russian in 1251 is Hebrew letters in 1255 (`н` is the final `ם`, inside words), and
    # in KOI8-R Arabic ones in 1256 (none of Arabic's commonest, which lie where KOI8-R has capitals).
    text = "город,улица,дом\nмосква,арбат,дом один\nтомск,ленина,дом два\n"  # no ы ь я: 1255 lacks them
    for codec in ("cp1251", "koi8_r"):
        assert profile_bytes(text.encode(codec))["source"]["encoding"] not in ("cp1255", "cp1256")


TURKISH = (
    "Tarih;Açıklama;Şube;Tutar\n"
    "02.01.2024;Kira ödemesi;İstanbul Kadıköy;-12500,00\n"
    "15.01.2024;Maaş;Ankara Çankaya;45000,00\n"
    "20.01.2024;Market alışverişi;İzmir Karşıyaka;-842,35\n"
)


LITHUANIAN = (
    "Data;Mokėtojas;Paskirtis;Suma\n"
    "2024-01-05;UAB Šiaulių energija;Mokėjimas už šildymą;-84,20\n"
    "2024-01-10;Žemaitijos pienas;Prekės užsakymas Nr. 12;-15,99\n"
    "2024-01-25;Darbdavys UAB;Darbo užmokestis už sausį;1500,00\n"
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (
            "bær;fjörður\nGarðabær;Seyðisfjörður\nÞórshöfn;Ísafjörður\nHúsavík;Kópavogur\n",
            "cp1252",
        ),  # Icelandic
        ("miestas;suma\nŠiauliai;Panevėžys\nmokėjimas už prekę;sąskaita\n", "cp1257"),  # Lithuanian
        ("grad;ulica\nĐakovo;Čakovec\nŠibenik;Vukovarska ćevabdžinica\n", "cp1250"),  # Croatian
    ],
    ids=["icelandic", "lithuanian", "croatian"],
)
def test_other_latin_letters_on_the_turkish_bytes_are_not_taken_for_turkish(text: str, codec: str) -> None:
    # `ð þ ý` (Icelandic), `š ž` (1257), `Đ đ` (1250) are those bytes too, beside letters Turkish
    # never writes (`á ó ú æ`, `ė ų ą`, `č ć`).
    assert profile_bytes(text.encode(codec))["source"]["encoding"] != "cp1254"


POLISH = (
    "Data operacji;Opis operacji;Tytuł;Nadawca/Odbiorca;Kwota\n"
    "2024-01-05;PRZELEW WYCHODZĄCY;Opłata za mieszkanie;Spółdzielnia Mieszkaniowa Łódź;-1200,00\n"
    "2024-01-10;ZAKUP PRZY UŻYCIU KARTY;Żabka Wrocław;;-25,50\n"
    "2024-01-25;PRZELEW PRZYCHODZĄCY;Wynagrodzenie za styczeń;Firma Sp. z o.o.;5000,00\n"
)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (HEBREW, "cp1255"),
        (ARABIC, "cp1256"),
        (THAI, "cp874"),
        (POLISH, "cp1250"),
        (TURKISH, "cp1254"),
        (LITHUANIAN, "cp1257"),
    ],
    ids=["hebrew", "arabic", "thai", "polish", "turkish", "lithuanian"],
)
def test_a_file_in_a_single_byte_code_page_is_read_in_it(text: str, codec: str) -> None:
    # Until 2026-11-27 each read as Windows-1252 mojibake: Hebrew, Arabic and Thai words all in
    # bytes above ASCII (`ùí` for שם); Polish `ł ą ż` as signs between letters (`Tytu³`, `Wroc³aw`);
    # Turkish `ı ş ğ İ` as `ý þ ð Ý` (`Açýklama`, `Ýstanbul`) with no letter Turkish does not write;
    # Lithuanian `š ž ė ų č` as `ð þ ë ø è` (`Mokëjimas uþ ðildymà`, as Danske's sample in
    # ofxstatement-lithuanian read). Such a file is cut across processes too.
    summary = profile_bytes(text.encode(codec))
    header = text.splitlines()[0].split(summary["source"]["dialect"]["delimiter"])
    assert summary["source"]["encoding"] == codec
    assert list(summary["schema"]) == header
    assert summary["schema"][header[-1]] == "float"
    assert summary["columns"][header[1]]["top_values"][0]["value"] in text
    assert codec in _SPLITTABLE_CODECS


def test_signs_of_western_text_are_not_taken_for_windows_1250() -> None:
    # Spanish `¿Qué`, ordinals `Nº`, units `m²` `m³` `25°C`, prices `£100`: a sign beside one letter
    # or none, never between two.
    text = "id;note\n1;¿Qué tal? Nº 1º, 2ª\n2;m² y m³ a 25°C\n3;£100 o ¥500, ½ y ¼\n4;¡Olé! µm\n"
    assert profile_bytes(text.encode("cp1252"))["source"]["encoding"] == "cp1252"


def test_accented_letters_inside_latin_words_are_not_taken_for_hanzi() -> None:
    # `Z³oty` in Windows-1250 bytes is `Z` + a common Big5 character + `ty`: letters alone between
    # ASCII letters are what accents make, not Chinese text (which holds its hanzi in runs).
    data = "".join(f'{i},"Złoty może {i}",Wrocław\n' for i in range(50)).encode("cp1250")
    assert _east_asian_codec(data, at_eof=True) is None
    assert profile_bytes(b"a,b,c\n" + data)["source"]["encoding"] == "cp1250"


@pytest.mark.parametrize(
    "text",
    [
        "oyggj;bygd\nSuðuroy;Fuglafjørður\nEysturoy;Miðvágur gøta\nSandoy;Vágur\n",  # Faroese
        "bær;fjörður\nGarðabær;Seyðisfjörður\nÞórshöfn;Ísafjörður\nHúsavík;Kópavogur\n",  # Icelandic
    ],
    ids=["faroese", "icelandic"],
)
def test_nordic_text_in_windows_1252_is_not_taken_for_baltic(text: str) -> None:
    # `ð þ ø æ á` are Baltic 1257's `š ž ų ę į`, but these languages never write `ą č ė` (`à è ë`).
    assert profile_bytes(text.encode("cp1252"))["source"]["encoding"] == "cp1252"

"""Lines before the header: Excel's `sep=;` hint, `#` comment lines and records of at most half the
table's width (titles, notes) are skipped, reported, and leave every line number right; a header
whose first name starts with "#" is still a header."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from csvpipe.core import ProfileError, profile_stream
from csvpipe.core.dialect import _names_a_table, detect_dialect
from csvpipe.core.parallel import profile_file

from .conftest import check_summary, profile_bytes
from .test_parallel import assert_same, read_in_small_parts


@pytest.mark.parametrize(
    ("sample", "delimiter", "skipped"),
    [
        ("# Data source: Yahoo, 2020\nDate,AAPL,MSFT\n2020-01-01,1,2\n", ",", 1),
        ("sep=;\na;b\n1;2\n", ";", 1),
        ("SEP=|\n# note\na|b|c\n1|2|3\n", "|", 2),  # the hint, then a comment
        ("# one\r\n# two\r\na\tb\r\n1\t2\r\n", "\t", 2),
        ('# it has "one quote\na,b\n1,2\n', ",", 1),  # a comment is a line, whatever its quotes
        ("#,name,score\n1,a,2\n2,b,3\n", ",", 0),  # "#" is the first column's name
        ("# id,name\n1,a\n2,b\n", ",", 0),  # as wide as the records: a header, not a comment
        ("# export\n#,name,score\n1,a,2\n2,b,3\n", ",", 1),  # comments above a header named "#"
        ("# by us, for them, 2024\nid,x,y\n1,2,3\n4,5,6\n", ",", 1),  # a comment as wide: still one
        ("#SampleID\tph\tsite\n# a comment\ns1\t7.1\ta\ns2\t6.5\tb\n", "\t", 0),  # QIIME's header
        ("# QIIME 2\n#SampleID\tph\n#q2:types\tnumeric\ns1\t7.1\ns2\t6.5\n", "\t", 1),
        ("# c\n" * 38 + "a\tb\n1\t2\n", "\t", 38),  # tzdata's zone1970.tab: 38 lines (20 at most before)
        ("#only\n", ",", 0),  # nothing after it: nothing to skip to
        ("a,b\n#1,2\n", ",", 0),  # only lines before the header
        # Records of at most half the table's fields (W >= 3) before it: titles, notes, counts.
        ("Sales report Q1\n\nregion,product,amount\nN,a,1\nS,b,2\n", ",", 1),
        ('Dataset:,x1\nTitle:,"A, B"\nid,a,b,c\n1,2,3,4\n5,6,7,8\n', ",", 2),
        ("569,30,m,b\n" + "1,2,3,4,5,6,7,8\n" * 3, ",", 1),  # scikit-learn's count line
        ('Note:;"two\nlines"\nid;a;b;c\n1;2;3;4\n5;6;7;8\n', ";", 2),  # a note's quoted line break
        ('"x","k"\n"1",0.5,3\n"2",1,4\n', ",", 0),  # one field short: R's row names, a header
        ("a,b,c\n1,2,3,4\n5,6,7,8\n9,1,2,3\n", ",", 0),  # one field short of its rows: a header
        ("Title\na,b\n1,2\n3,4\n", ",", 0),  # two columns: a note cannot be told from a name
        ("t\n" * 41 + "a,b,c\n" + "1,2,3\n" * 99, ",", 0),  # more than 40 lines of them: none
        ("t\n" * 40 + "a,b,c\n" + "1,2,3\n" * 99, ",", 40),  # (20 until 2026-11-27: Alipay's 24)
        ("sep=,\n" + "t\n" * 39 + "a,b,c\n" + "1,2,3\n" * 99, ",", 40),  # 40 in all, the hint too
        ("sep=,\n" + "t\n" * 40 + "a,b,c\n" + "1,2,3\n" * 99, ",", 1),  # 41 in all: only the hint
        ("note\nother\n", ",", 0),  # nothing after them
        ("note\na,b,c\n1,2\n3\n4\n5,6,7\n", ",", 0),  # the rest is not one table
        # Padded to the sheet's width, as spreadsheets export: the fields up to the last filled one count.
        ("Sales Q1,,,\nSource: ERP,,,\n,,,\nregion,product,units,price\nN,a,1,2.5\nS,b,2,3\n", ",", 3),
        (",,,,\nRegion,Product,Units,Price,Total\nNorth,Widget,10,2.5,25\n", ",", 1),  # an empty row
        ("Sum of Sales,Column Labels,,\nRow Labels,East,West,Total\nA,1,2,3\nB,4,5,9\n", ",", 1),  # a pivot
        ("Population,,,\nCountry,2019,2020,2021\nFrance,1.5,1.6,1.7\nSpain,2.5,2.6,2.7\n", ",", 1),  # years
        ("Umsatz;;;\nRegion;Menge;Preis;Summe\nNord;1;2,5;2,5\nSüd;2;3,5;7\n", ";", 1),
        # Notes written in a few cells of the sheet, not only its first: readr's deaths-other.csv.
        (
            'For the sake,,,,,\n,of consistency,,,in the,"data layout,"\nI will,keep notes,,,,up here.\n'
            "Name,Profession,Age,Has kids,Born,Died\nVera Rubin,scientist,88,TRUE,7/23/1928,12/25/2016\n"
            "Jo Cox,politician,41,TRUE,6/22/1974,6/16/2016\n",
            ",",
            3,
        ),
        # ... but only before a header: a header that names its first columns only stays one.
        ("id,name,,,\n1,Alice,x,y,z\n2,Bob,u,v,w\n", ",", 0),  # "1" is an id like those below it
        ("a,b,,\n1,2,3,4\n5,6,7,8\n", ",", 0),  # no name after it
        ("Name,Email,,,,\nAlice,a@x,,,,\nBob,b@x,,,,\n", ",", 0),  # the row after it is padded too
        ("Umsatz;;;\n1;2,5;3,5;4\n2;3,5;4,5;5\n", ";", 0),  # values with decimal commas
        ("Year,,,\nx,2019,2020,2021\ny,1,2,3\nz,4,5,6\n", ",", 0),  # years above years: values
        # Blanks before the names, over the row labels' columns (Destatis' GENESIS exports) ...
        ("Tabelle: 1\nTitel;;;;\n;;m;w;Summe\n1980;Suizid;117;66;183\n1981;Suizid;121;66;187\n", ";", 2),
        # ... but not after a name: `a,,c` above its rows is a header naming two columns of three.
        ("Title,,\nid,,c\n1,2,x\n3,4,y\n", ",", 0),
        # A YAML front matter block (CSVY: data.table's fread reads it), closed by "---" or "...".
        ("---\nname: x\nschema:\n  fields:\n  - name: a\n---\na,b\n1,2\n3,4\n", ",", 6),
        ("---\r\ntitle: x\r\n...\r\na;b\r\n1;2\r\n", ";", 3),
        ("---\n" + "k: v\n" * 30 + "---\nid,x\n1,2\n", ",", 32),  # longer than 20 lines of notes
        ("---\nk: v\n---\nsep=;\na,b;c\n1;2\n", ";", 4),  # then Excel's hint
        ("---\nk: v\n---\n# c\nid,x,y\n1,2,3\n", ",", 4),  # then a comment
        ("---\na,b\n1,2\n3,4\n", ",", 0),  # never closed: not front matter
        ("---\nk: v\n---\n", ",", 0),  # nothing after it
        ("----\nk: v\n----\na,b\n1,2\n", ",", 0),  # a rule of four dashes opens nothing
    ],
)
def test_lines_before_the_header(sample: str, delimiter: str, skipped: int) -> None:
    dialect = detect_dialect(sample)
    assert (dialect.delimiter, len(dialect.preamble)) == (delimiter, skipped)
    assert [line for line, _ in dialect.preamble] == list(range(1, skipped + 1))


def test_a_forced_delimiter_beats_the_excel_hint() -> None:
    assert detect_dialect("sep=;\na,b\n1,2\n", forced_delimiter=",").delimiter == ","


def test_skipped_lines_are_reported_and_line_numbers_count_them() -> None:
    body = "".join(f"{i};x\n" for i in range(40))
    data = ("sep=;\n# exported 2024-01-31\n# by tool\nn;m\n" + body + "oops;x\n1;x\n").encode()
    summary = profile_bytes(data, "export.csv")
    source = summary["source"]
    assert source["preamble"] == [
        {"line": 1, "text": "sep=;"},
        {"line": 2, "text": "# exported 2024-01-31"},
        {"line": 3, "text": "# by tool"},
    ]
    assert (source["header_line"], source["last_line"], summary["row_count"]) == (4, 46, 42)
    assert summary["schema"] == {"n": "int", "m": "string"}
    assert summary["quality_issues"]["type_mismatches"]["n"]["examples"] == [{"value": "oops", "line": 45}]
    assert summary["quality_issues"]["duplicate_rows"]["first_lines"] == [46]


def test_a_long_comment_block_is_skipped_whole_and_counted() -> None:
    """tzdata's .tab files and many instrument logs open with 27-38 comment lines: the 21st was the
    header until 2026-11-27. The summary lists the first 20 and counts them all."""
    comments = "".join(f"# note {i}\n" for i in range(1, 31))
    rows = "".join(f"{i},{i * 2}\n" for i in range(40))
    summary = check_summary(profile_bytes((comments + "t,v\n" + rows + "3,x\n").encode()))
    source = summary["source"]
    assert (source["preamble_lines"], len(source["preamble"]), source["header_line"]) == (30, 20, 31)
    assert source["preamble"][-1] == {"line": 20, "text": "# note 20"}
    assert summary["schema"] == {"t": "int", "v": "int"}
    assert summary["quality_issues"]["type_mismatches"]["v"]["examples"] == [{"value": "x", "line": 72}]


def test_a_csvy_files_metadata_is_its_preamble() -> None:
    """data.table's test_extraneous.csvy (an EIA price series): 22 lines of YAML between "---" lines.
    Until 2026-11-27 "---" was the header of one text column and the metadata 22 of its 45 rows."""
    meta = (
        "---\nnames:\n- Date\n- WTI\ntitle: Cushing, OK WTI Spot Price FOB\nunits: Dollars per Barrel\n---\n"
    )
    body = '"Date","WTI"\n"1986-01-02",25.56\n"1986-01-03",26\n"1986-01-06",26.53\n'
    summary = check_summary(profile_bytes((meta + body).encode()))
    source = summary["source"]
    assert (source["preamble_lines"], source["header_line"], summary["row_count"]) == (7, 8, 3)
    assert source["preamble"][4] == {"line": 5, "text": "title: Cushing, OK WTI Spot Price FOB"}
    assert summary["schema"] == {"Date": "date", "WTI": "float"}


def test_a_long_comment_is_cut_in_the_report() -> None:
    summary = profile_bytes(("# " + "x" * 500 + "\na,b\n1,2\n").encode())
    assert len(summary["source"]["preamble"][0]["text"]) == 200


def test_errors_after_a_preamble_name_the_right_line() -> None:
    with pytest.raises(ProfileError) as caught:
        profile_stream(io.BytesIO(b'# c\na,b\n1,"open\n2,3\n'), "f.csv")
    assert caught.value.code == "UNTERMINATED_QUOTE" and caught.value.where == {"line": 3}


def test_a_file_with_a_preamble_is_profiled_in_one_process_with_the_same_summary(
    tmp_path, monkeypatch
) -> None:
    """The parts of a split file get the header's bytes in front; with a preamble the header is not
    the first line, so such a file is not split."""
    from csvpipe.core import parallel

    monkeypatch.setattr(parallel, "MIN_PART_BYTES", 64)
    path = tmp_path / "log.csv"
    path.write_text("# sensor 7\nt,v\n" + "".join(f"{i},{i % 7}\n" for i in range(3000)), encoding="utf-8")
    with path.open("rb") as stream:
        alone = check_summary(profile_stream(stream, path.name))
    assert_same(check_summary(profile_file(path, jobs=3)), alone)
    assert alone["source"]["header_line"] == 2 and alone["row_count"] == 3000


def test_notes_before_a_table_are_skipped_and_line_numbers_count_their_lines() -> None:
    # A statistics office's export: key/value notes (one spanning lines), a rule, then the table.
    notes = 'Dataset:,"RT1"\nDescription:,"Area and population\n\nfrom Regional Trends"\n=====\n'
    body = "".join(f"{i},r{i},{i * 1.5},{i % 3},{i % 5}\n" for i in range(30))
    summary = profile_bytes((notes + "id,region,area,a,b\n" + body + "x,r,1,1,1\n").encode())
    source = summary["source"]
    assert [entry["line"] for entry in source["preamble"]] == [1, 2, 3, 4, 5]
    assert (source["header_line"], summary["row_count"], source["last_line"]) == (6, 31, 37)
    assert list(summary["schema"].values()) == ["int", "string", "float", "int", "int"]
    assert summary["quality_issues"]["type_mismatches"]["id"]["examples"] == [{"value": "x", "line": 37}]


def test_a_count_line_before_a_table_without_a_header() -> None:
    # scikit-learn's data files: "n_samples,n_features,class names", then rows of numbers.
    rows = "".join(",".join(f"{i}.{j}" for j in range(9)) + f",{i % 2}\n" for i in range(3))
    summary = profile_bytes(("3,9,no,yes\n" + rows).encode())
    source = summary["source"]
    assert source["preamble"] == [{"line": 1, "text": "3,9,no,yes"}] and source["dialect"]["header"] is False
    assert summary["row_count"] == 3 and list(summary["schema"]) == [f"column_{i}" for i in range(1, 11)]


def test_a_spreadsheets_padded_title_rows_are_skipped() -> None:
    # A data.gov export (csvkit's Datagov_FY10_EDU_recp_by_State.csv): an empty row and a title, each
    # padded with commas to the sheet's width. Until 2026-11-27 the title was the header, named one
    # column, and the real header was a row of data that made every count column text.
    head = ",,,,\nNumber of Beneficiaries By State During FY 2010,,,,\n"
    body = "State,Code,GI Bill,Active Duty,Total\nALABAMA,AL,7738,5779,13517\nALASKA,AK,1781,561,2342\n"
    summary = profile_bytes((head + body).encode())
    source = summary["source"]
    assert [entry["line"] for entry in source["preamble"]] == [1, 2] and source["header_line"] == 3
    assert summary["schema"] == {
        "State": "string",
        "Code": "string",
        "GI Bill": "int",
        "Active Duty": "int",
        "Total": "int",
    }
    assert summary["row_count"] == 2 and not summary["quality_issues"]["header"]


def test_a_genesis_export_reads_its_title_as_preamble_and_its_table_as_columns() -> None:
    # Destatis' GENESIS tables (Byggvir/DESTATIS, 23211-0002.csv): a title line, notes padded with
    # semicolons, a header whose first two columns (year, cause) have no names. Until 2026-11-27 it
    # read as one column named by the title, every row one text: the notes rule wanted a header
    # with every field named.
    head = "GENESIS-Tabelle: 23211-0002\nGestorbene: Deutschland, Jahre;;;;\nDeutschland;;;;\n"
    rows = range(1980, 2000)
    body = "".join(f"{year};Suizid;{9000 + year};{4000 + year};{13000 + year}\n" for year in rows)
    summary = profile_bytes((head + ";;männlich;weiblich;Insgesamt\n" + body).encode())
    source = summary["source"]
    assert [entry["line"] for entry in source["preamble"]] == [1, 2, 3] and source["header_line"] == 4
    assert summary["schema"] == {
        "column_1": "int",
        "column_2": "string",
        "männlich": "int",
        "weiblich": "int",
        "Insgesamt": "int",
    }
    assert summary["row_count"] == 20


def test_a_short_bank_export_with_as_many_notes_as_rows_skips_its_notes() -> None:
    # ING's account export (fabolhak/ofxstatement-de-ing): `Key;value` notes above the table. With as
    # many two-field notes as seven-field rows the commonest width tied, the narrower won, and until
    # 2026-11-27 the first note was the header of a two-column table of ragged rows.
    notes = "Umsatzanzeige;Datei erstellt am: 28.12.2018\n\nIBAN;DE12\nKontoname;Giro\nBank;ING\nKunde;M\n"
    notes += "\nHinweis\n\n"
    header = "Buchung;Valuta;Name;Text;Zweck;Betrag;Währung\n"
    row = "{0:02d}.12.2018;{0:02d}.12.2018;N{0};Lastschrift;Z;-{0},49;EUR\n"
    rows = "".join(row.format(day) for day in range(1, 5))
    summary = profile_bytes((notes + header + rows).encode())
    assert summary["source"]["header_line"] == 10 and summary["row_count"] == 4
    assert summary["schema"]["Buchung"] == "date" and summary["schema"]["Betrag"] == "float"


def test_a_payment_apps_banner_of_two_dozen_lines_is_skipped() -> None:
    # The shape of Alipay's and JD's transaction exports (beancount importers' fixtures): a dashed
    # rule, the account, the period, totals and numbered notices — 24 lines — above the table. Until
    # 2026-11-27 notes were looked for in the first 20 lines only, and the rule became the header of
    # a one-column table of ragged rows.
    banner = "-" * 60 + "\nExport\nName: someone\nAccount: 137****0000\nFrom [2024-01-01] to [2024-01-31]\n"
    banner += "Records: 3\nIn: 1 record 10.00\nOut: 2 records 25.00\nNeither: 0\n\nNotes:\n\n"
    banner += "".join(f"{n}. notice number {n}, one sentence long;\n" for n in range(1, 11))
    banner += "\n" + "-" * 20 + " statement " + "-" * 20 + "\n"
    assert banner.count("\n") == 24
    header = "time,kind,counterparty,amount,status,order,\n"
    rows = "".join(
        f"2024-01-{d:02d} 10:00:00,shop,Store {d},{d * 5}.00,done,2024{d:02d}0001,\n" for d in (3, 9, 17)
    )
    summary = profile_bytes((banner + header + rows).encode())
    assert summary["source"]["header_line"] == 25 and summary["row_count"] == 3
    assert summary["source"]["preamble_lines"] == 24 and len(summary["source"]["preamble"]) == 20  # listed
    assert summary["schema"]["time"] == "datetime" and summary["schema"]["amount"] == "float"


def test_notes_above_a_single_transaction_each_line_ending_in_a_delimiter() -> None:
    # DKB's export (siddhantgoel/beancount-dkb): four `"Key:";"value";` notes, a header and one row,
    # every line ending in ";". The notes were the commonest width, so until 2026-11-27 the first was
    # the header of three columns; the table's width now comes from the header and rows ending the file.
    notes = '"Kontonummer:";"DE99 / Giro";\n\n"Von:";"01.01.2018";\n"Bis:";"31.01.2018";\n'
    notes += '"Stand:";"5.000,01 EUR";\n\n'
    table = '"Buchungstag";"Wert";"Text";"Name";"Zweck";"Betrag (EUR)";\n'
    table += '"16.01.2018";"16.01.2018";"Lastschrift";"REWE";"Danke";"-15,37";\n'
    table += '"17.01.2018";"17.01.2018";"Gutschrift";"Lohn";"Januar";"2.500,50";\n'
    summary = profile_bytes((notes + table).encode())
    assert summary["source"]["header_line"] == 7 and summary["row_count"] == 2
    assert list(summary["schema"])[:6] == ["Buchungstag", "Wert", "Text", "Name", "Zweck", "Betrag (EUR)"]
    assert summary["schema"]["Betrag (EUR)"] == "float"


@pytest.mark.parametrize("footer", ["", "\n© Bank, 2017\nDisclaimer: no advice\n"], ids=["none", "footer"])
def test_a_footer_does_not_keep_notes_above_a_short_table(footer: str) -> None:
    # PostFinance's export (starshipfactory/postfinance-export-parser): four `Key:;value` notes, five
    # rows, a two-line footer. Until 2026-11-27 four in five of *all* records below the notes had to
    # be as wide as the table, footer included (six of eight), and the first note was the header.
    notes = "Buchungsart:;Alle\nKonto:;CH22\nWährung:;CHF\nDetails:;Ja\n"
    row = "2017-07-0{0};Text {0};;-{0}00.00;2017-07-0{0};{0}337.10\n"
    rows = "".join(row.format(day) for day in range(1, 6))
    header = "Datum;Text;Gutschrift;Lastschrift;Valuta;Saldo\n"
    summary = profile_bytes((notes + header + rows + footer).encode())
    assert summary["source"]["header_line"] == 5 and summary["schema"]["Saldo"] == "float"


def test_a_commented_header_above_a_first_row_narrower_than_the_rest() -> None:
    # tzdata's zone1970.tab: comments, then `#codes<TAB>coordinates<TAB>TZ<TAB>comments`, then rows of
    # three or four fields (most four). Until 2026-11-27 the first row (three fields) read as the
    # header and every comment was skipped: a record that rows wider than it hold values past is no
    # header of them, so the comment as wide as the table is.
    head = "# tzdb timezone descriptions\n#\n#codes\tcoordinates\tTZ\tcomments\n"
    rows = "AD\t+4230+00131\tEurope/Andorra\nAE,OM\t+2518+05518\tAsia/Dubai\tCrozet\n"
    rows += "AQ\t-6617+11031\tAntarctica/Casey\tCasey\nAR\t-3436-05827\tAmerica/Buenos_Aires\tBuenos Aires\n"
    summary = profile_bytes((head + rows).encode())
    assert summary["source"]["header_line"] == 3
    assert list(summary["schema"]) == ["#codes", "coordinates", "TZ", "comments"]
    assert summary["row_count"] == 4


def test_notes_above_a_header_whose_rows_end_with_a_delimiter_it_lacks() -> None:
    # kmymoney's sample fund export (KDE/kmymoney, contrib/csvimporter/SampleIncFund.csv): a time
    # stamp and `Key,value` notes above a header, each row one field wider with that field empty.
    # The notes were the commonest width and the header and rows differ by one, so until 2026-11-27
    # the time stamp was the header of one column and every row was ragged.
    notes = "\n10:48 16/04/2010\n\nClient Name:,Mr Joe Bloggs\nAccount,Investment funds\n"
    notes += "Holding,An Income Fund\nTotal Transactions,3\n\n"
    header = "Account Number,Deal Date,Reference,Amount,Units,Price,Currency,Status\n"
    row = "AQ000191,2{0}/12/09,INCB0{0},5{0}.71,3{0}.3,155.0,GBP,Completed,\n"
    summary = profile_bytes((notes + header + "".join(row.format(day) for day in range(3))).encode())
    assert summary["source"]["header_line"] == 9 and summary["row_count"] == 3
    assert list(summary["schema"]) == header.strip().split(",")
    assert summary["schema"]["Amount"] == "float"
    assert summary["source"]["dialect"]["trailing_delimiter"] is True
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


def test_a_padded_title_above_a_header_with_an_unnamed_column_is_skipped() -> None:
    # Sharesight's trades report (KapJI/capital-gains-calculator): a title and a blank row padded to
    # the sheet's width above a header that leaves one column unnamed. Until 2026-11-27 the header
    # had to name every column between its first and last names, so the title was the header.
    title = "Test Portfolio - All Trades Report between 2019-01-01 and 2021-11-27,,,,,,\n,,,,,,\n"
    header = "Market,Code,Date,Quantity,Value,,Comments\n"
    rows = "".join(f"NYSE,BAR,0{day}/10/2020,3.15,731.9{day},All Trades,\n" for day in range(1, 6))
    summary = profile_bytes((title + header + rows).encode())
    assert summary["source"]["header_line"] == 3 and summary["row_count"] == 5
    assert list(summary["schema"])[:5] == ["Market", "Code", "Date", "Quantity", "Value"]
    assert summary["schema"]["Value"] == "float"


def test_a_note_in_a_few_cells_of_a_sheet_is_no_header() -> None:
    # Names in fewer than three in four of the fields they span: cells of a note, not a header.
    assert not _names_a_table([["x", "", "", "y", "", "z"], ["1", "2", "3", "4", "5", "6"]], ".")
    assert _names_a_table([["a", "b", "", "c", "d"], ["1", "2", "3", "4", "5"]], ".")


def test_a_short_first_line_above_one_record_is_its_header_not_a_note() -> None:
    # discourse's bulk-invite fixture: an address alone, then `address,groups,topic`. Until 2026-11-27
    # the first line was a note above a header with no rows, and the file was refused (HEADER_ONLY).
    summary = profile_bytes(b"test2@discourse.org\ntest@discourse.org,group1;group2,999\n")
    assert summary["source"]["header_line"] == 1 and summary["row_count"] == 1
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 1


def test_a_metadata_line_wider_than_half_the_table_is_skipped_above_a_header() -> None:
    # NREL's wind resource files (hopp's `…_WTK_Alaksa_2019_60min_80m_100m.csv`): key,value pairs in
    # 10 fields above a header of 12. Until 2026-11-27 the pairs were the header, and every row had
    # two fields too many.
    meta = "SiteID,525331,Site Timezone,-9,Data Timezone,0,Longitude,-162.50232,Latitude,66.67967\n"
    header = "Year,Month,Day,Hour,Minute,pressure,t80,ws80,wd80,t100,ws100,wd100\n"
    rows = "".join(f"2019,1,1,{hour},0,95660,-4,9.56,114.17,-4.05,10.1,114.12\n" for hour in range(6))
    summary = profile_bytes((meta + header + rows).encode())
    assert summary["source"]["header_line"] == 2 and summary["row_count"] == 6
    assert summary["schema"]["Year"] == "int" and summary["schema"]["wd100"] == "float"
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


def test_account_lines_of_a_bank_export_above_its_header_are_skipped() -> None:
    # Caisse d'Epargne's export (OCA/bank-statement-import): four `key : value` fields, an account
    # line, a blank row and a balance, above a six-column table: until 2026-11-27 the first was the
    # header and the table's own header a row.
    head = "Bank code : 1,Agency : 2,Start : 01/04/2020,End : 02/04/2020,,\nAccount : 8,Name : O,: EUR,,,\n"
    head += ',,,,,\nBalance at end of period,,,,"+31070,11",\n'
    table = "Date,Number,Label,Debit,Credit,Detail\n" + "".join(
        f'0{day}/04/20,OP {day},LABEL,"-5{day},00",,D\n' for day in range(1, 5)
    )
    summary = profile_bytes((head + table).encode())
    assert summary["source"]["header_line"] == 5 and summary["row_count"] == 4
    assert list(summary["schema"]) == ["Date", "Number", "Label", "Debit", "Credit", "Detail"]


def test_a_header_two_fields_short_above_rows_of_values_stays_the_header() -> None:
    # Too narrow for its rows, but the record after it is no header: the first line is the header.
    summary = profile_bytes(b"a,b,c\n1,2,3,4,5\n6,7,8,9,10\n11,12,13,14,15\n")
    assert summary["source"]["header_line"] == 1 and summary["row_count"] == 3
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 3


def test_the_upper_row_of_a_two_row_header_under_notes_is_the_header() -> None:
    # GENESIS 23211-0002: notes, then `;;Geschlecht;…` above `;;männlich;…`. Both header rows are two
    # fields short of the table; the notes end at the upper one, which stays the header as before
    # (wider notes are looked for only where no notes of at most half the width are found). The lower
    # one, text over columns of numbers, is a row of the header (until 2026-11-28 a row of data:
    # row_count 11, and `männlich` a type mismatch of its column).
    head = "GENESIS-Tabelle: 23211-0002\nGestorbene: Deutschland;;;;\nDeutschland;;;;\n"
    head += ";;Geschlecht;Geschlecht;Geschlecht\n;;männlich;weiblich;Insgesamt\n"
    body = "".join(
        f"{year};Suizid;{9000 + year};{4000 + year};{13000 + year}\n" for year in range(1980, 1990)
    )
    summary = profile_bytes((head + body).encode())
    assert summary["source"]["header_line"] == 4 and summary["row_count"] == 10
    assert summary["source"]["header_rows"] == [{"line": 5, "text": ";;männlich;weiblich;Insgesamt"}]
    assert summary["columns"]["Geschlecht"]["header_rows"] == ["männlich"]
    assert summary["schema"]["Geschlecht_3"] == "int" and not summary["quality_issues"]["type_mismatches"]


def test_a_first_row_whose_empty_cells_recur_below_is_a_row_not_a_note() -> None:
    # w1retap's `meteo-sensors.csv`: a headerless list of sensors, short rows leaving the same cells
    # empty. Its first row (5 of 9 fields) read as a note above the second, taken as the header and
    # reported as repeated where it recurs; a note fills cells of its own.
    short = '"{0}","DS18S20","Temp {0}","Temperature","C",,,,\n'
    full = '"{0}","MPX4115A","Baro {0}","Pressure","hPa","T","Temperature","C","34.2 762.3"\n'
    lines = [(short if n % 3 != 2 else full).format(f"{n:02X}4E1169000000B5") for n in range(1, 13)]
    summary = profile_bytes("".join(lines).encode())
    assert summary["source"]["preamble"] == [] and summary["source"]["header_line"] == 1
    assert summary["row_count"] == 11 and len(summary["schema"]) == 9


def test_the_rows_of_a_multi_row_header_under_notes_do_not_make_a_note_a_row() -> None:
    # frappe's data import template: notes, then labels, names, "Mandatory:" and "Type:" rows that
    # fill the same cells; the labels row is a note of the second try, and the names the header.
    head = "Data Import Template,,,,,\nNotes:,,,,,\nColumn Labels:,ID,Email,First,,\n"
    head += "Column Name:,name,email,first,middle,last\nMandatory:,Yes,Yes,No,,\nType:,Data,Data,Data,,\n"
    rows = "".join(f",id{n},u{n}@example.com,Ann,,Lee\n" for n in range(8))
    summary = profile_bytes((head + rows).encode())
    assert summary["source"]["header_line"] == 4 and summary["schema"]["email"] == "string"


def test_notes_holding_an_account_summary_as_wide_as_the_table_are_skipped() -> None:
    # Sparda-Bank's export (Holzhaus/ofxstatement-spardabank): a title, two `"Key:";"value"` lines, an
    # account summary (a header and one row as wide as the transactions), a note, two blank lines, then
    # the transactions, each row ending in an empty field the header lacks. Read as one column of
    # ragged rows until 2026-11-27.
    head = (
        '"Kontoumsätze SpardaGiro Online"\n\n"Kontoinhaber:";"Max Mustermann"\n"Kundennummer:";"1234567"\n\n'
    )
    head += '"Umsätze ab";"Enddatum";"Kontonummer";"Saldo";"Währung"\n'
    head += '"01.01.2024";"15.02.2024";"1234567";"12.345,67";"EUR"\n'
    head += '"Weitere gewählte Suchoptionen:";"keine"\n\n\n'
    header = '"Buchungstag";"Wertstellungstag";"Verwendungszweck";"Umsatz";"Währung"\n'
    texts = ["EC 11,99 EUR", "SEPA-LASTSCHRIFT", "LOHN/GEHALT, 01.2024, AB", "MIETE"] * 2
    rows = "".join(
        f'"{d:02}.01.2024";"{d:02}.01.2024";"{texts[d - 10]}";"-{d},99";"EUR";""\n' for d in range(10, 17)
    )
    summary = profile_bytes((head + header + rows).encode())
    assert summary["source"]["header_line"] == 11 and summary["row_count"] == 7
    assert summary["schema"] == {
        "Buchungstag": "date",
        "Wertstellungstag": "date",
        "Verwendungszweck": "string",
        "Umsatz": "float",
        "Währung": "string",
    }


def test_two_tables_one_above_the_other_are_not_notes() -> None:
    # The summary-row rule takes at most a header and one row as notes: a first table of more rows
    # stays the table (its rows are read; the second table's are ragged or repeated, and reported).
    first = "Report\n\nid;name;score;city;team\n" + "".join(f"{n};a{n};{n * 2};X;T\n" for n in range(3))
    second = "\n\nid;name;score;city;team\n" + "".join(f"{n};b{n};{n * 3};Y;U\n" for n in range(10))
    summary = profile_bytes((first + second).encode())
    assert summary["source"]["header_line"] == 3


def test_a_blank_first_line_does_not_make_a_wide_first_table_notes() -> None:
    # airodump-ng's capture (a blank line, its access points' header and one row, a blank line, then
    # its stations): the first table is no title, so the summary-row rule leaves it the table (its
    # first draft counted the blank line as the first record and skipped the access points).
    aps = "\nBSSID, First seen, Last seen, channel, Speed, Privacy, Cipher, Auth, Power\n"
    aps += "A6:8E:DC:82:EB:7B, 2026-05-16 12:56:33, 2026-05-16 12:57:12, 6, 130, WPA2, CCMP, PSK, -78\n\n"
    stations = "Station MAC, First seen, Last seen, Power, # packets, BSSID, Probed ESSIDs\n" + "".join(
        f"24:EB:16:56:E1:C{n}, 2026-05-16 12:56:33, 2026-05-16 12:57:12, -76, 31{n}, A6:8E:DC:82:EB:7B,\n"
        for n in range(3)
    )
    summary = profile_bytes((aps + stations).encode())
    assert summary["source"]["header_line"] == 2


def test_a_title_above_the_first_of_several_tables_is_skipped() -> None:
    # Matomo's scheduled report: a title, a table of 15 columns, a blank line, then more titled tables
    # of other widths (one wider than half of it but narrower: the sample's commonest width is theirs).
    first = "All Websites dashboard\nlabel,nb_visits,nb_actions,revenue,bounce_rate\n"
    first += "Site 1,11,43,$ 0,27%\nSite 2,1,3,$ 0,100%\n\n"
    others = "".join(
        f"Report {n}\nlabel,nb_visits,bounce_rate\n" + "".join(f"Row {r},{r},{r}%\n" for r in range(4)) + "\n"
        for n in range(4)
    )
    summary = profile_bytes((first + others).encode())
    assert summary["source"]["header_line"] == 2
    assert list(summary["schema"]) == ["label", "nb_visits", "nb_actions", "revenue", "bounce_rate"]


def test_a_meter_export_with_a_title_line_and_an_empty_row_skips_both() -> None:
    # EnergyControl's water meter export: `Wasser;19.09.24;` and `;;` above `Datum;Zeit;Zählerstand`.
    text = "Wasser;19.09.24;\n;;\nDatum;Zeit;Zählerstand\n" + "".join(
        f"{d:02}.10.22;11:39;{380 + d},000\n" for d in range(1, 9)
    )
    summary = profile_bytes(text.encode())
    assert summary["source"]["header_line"] == 3 and summary["schema"]["Zählerstand"] == "float"


@pytest.mark.parametrize(
    "text",
    [
        '"","body","brain"\n"Mountain beaver",1.35,8.1\n"Cow",465,423\n"Grey wolf",36.33,119.5\n',
        "notanartist,In Dreams,\nbelongtogether,Darth & Vader,\n"
        "replacetitle,A,B\nreplaceartist,C,D\ncountas,E,F\n",
    ],
    ids=["r-row-names", "headerless-rows-of-two-and-three"],
)
def test_the_several_tables_rule_leaves_a_first_line_that_is_no_title(text: str) -> None:
    # R's header names its row-name column "" (a first field empty, not a title of two fields), and a
    # two-field row right above a three-field one with a delimiter ending it is as wide: a row.
    assert profile_bytes(text.encode())["source"]["header_line"] == 1


@pytest.mark.parametrize(
    "titles",
    ["Category: All categories\n\n", "Interest over time\n\nCategory: All categories\n\n", "Title,\n\n"],
    ids=["trends", "two-titles", "padded"],
)
def test_titles_over_a_blank_line_above_two_columns_are_notes(titles: str) -> None:
    # Google Trends' multiTimeline.csv: until 2026-11-28 the title was a one-field header (every row one
    # field wider: R's row names) and `Week,pizza: …` a row of text.
    rows = "".join(f"2023-01-{day:02d},{60 + day}\n" for day in range(1, 29))
    summary = profile_bytes((titles + "Week,pizza: (United States)\n" + rows).encode())
    assert summary["schema"] == {"Week": "date", "pizza: (United States)": "int"}
    assert summary["row_count"] == 28 and summary["source"]["preamble"][0]["line"] == 1


def test_r_row_names_over_one_column_stay_a_header_one_field_short() -> None:
    # R's write.table of a one-column frame: `"x"` above `"1",5` — no blank line: the header is short.
    rows = "".join(f'"{n}",{n * 0.5}\n' for n in range(1, 30))
    summary = profile_bytes(('"x"\n' + rows).encode())
    assert list(summary["schema"]) == ["column_1", "x"] and summary["row_count"] == 29
    headerless = profile_bytes(("Title\n\n" + "".join(f"{n},{n * 2}\n" for n in range(30))).encode())
    assert headerless["source"]["preamble"] == []  # values below the blank line: no header to skip to


ZOOM_SUMMARY = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "812 3456 7890,Weekly sync,06/03/2024 09:58:12 AM,06/03/2024 11:02:40 AM,host@example.com,65,12\n"
)
ZOOM_PARTICIPANTS = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    + "".join(
        f"P{i},p{i}@example.com,06/03/2024 09:{50 + i % 9}:12 AM,"
        f"06/03/2024 11:0{i % 3}:40 AM,{60 + i % 6},No\n"
        for i in range(12)
    )
)


def test_a_one_row_summary_above_a_blank_line_and_the_table_is_notes() -> None:
    # Zoom's participants report: until 2026-11-28 the meeting's header was the file's, and each of
    # the participants a ragged row (six fields under seven names).
    summary = profile_bytes((ZOOM_SUMMARY + "\n" + ZOOM_PARTICIPANTS).encode())
    assert [line["line"] for line in summary["source"]["preamble"]] == [1, 2]
    assert summary["source"]["header_line"] == 4 and summary["row_count"] == 12
    assert summary["schema"]["Join Time"] == "datetime" and summary["schema"]["Guest"] == "bool"
    assert summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"] == 0


@pytest.mark.parametrize(
    "data",
    [
        ZOOM_SUMMARY + ZOOM_PARTICIPANTS,  # no blank line between: one table and ragged rows
        "a,b,c,d,e,f\n1,2,3,4,5,6\n\n" + ZOOM_PARTICIPANTS,  # as wide as the table: a table of its own
        ZOOM_SUMMARY
        + "813 1,Other,06/04/2024 09:00:00 AM,06/04/2024 10:00:00 AM,h@x.com,60,3\n\n"
        + ZOOM_PARTICIPANTS,  # two rows: a table, not a summary
    ],
    ids=["no-blank-line", "same-width", "two-rows"],
)
def test_other_tables_above_a_table_are_not_a_summary(data: str) -> None:
    summary = profile_bytes(data.encode())
    assert summary["source"]["preamble"] == [] and summary["source"]["header_line"] == 1


TEAMS_SUMMARY = (
    "1. Summary\nMeeting title\tWeekly sync\nAttended participants\t4\nStart time\t6/3/24, 9:58:12 AM\n"
    "End time\t6/3/24, 11:02:40 AM\nMeeting duration\t1h 4m 28s\n\n2. Participants\n"
)
TEAMS_PARTICIPANTS = "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n" + "".join(
    f"P{i}\t6/3/24, 9:5{i}:12 AM\t6/3/24, 11:0{i}:40 AM\t1h {i}m 2s\tp{i}@x.com\tAttendee\n" for i in range(6)
)


TEAMS_ACTIVITIES = "\n3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\n" + "".join(
    f"P{i % 6}\t6/3/24, 9:5{i}:12 AM\t6/3/24, 10:0{i}:40 AM\t{10 + i}m 2s\tp{i % 6}@x.com\n" for i in range(8)
)


def test_a_teams_attendance_report_reads_its_participants() -> None:
    # Microsoft Teams: `1. Summary` and its `Key<TAB>value` lines, a blank line, `2. Participants` and
    # their table, then `3. In-Meeting Activities` and a narrower table. Until 2026-11-28 one column
    # named `1. Summary` of ragged rows (the activities outnumber the participants, so the table was
    # measured by them and the notes rule found no table below its notes).
    data = TEAMS_SUMMARY + TEAMS_PARTICIPANTS + TEAMS_ACTIVITIES
    summary = profile_bytes(b"\xff\xfe" + data.encode("utf-16-le"))
    assert summary["source"]["dialect"]["delimiter"] == "\t"
    assert len(summary["source"]["preamble"]) == 8 and summary["source"]["header_line"] == 9
    assert list(summary["schema"])[:2] == ["Name", "First Join"]
    # The activities are a later table (after a blank line, under its title): listed, not rows of this
    # one (until 2026-11-28 they were its rows, ragged).
    assert summary["row_count"] == 6 and summary["source"]["last_line"] == 15
    assert summary["source"]["later_tables"] == [{"line": 17, "text": "3. In-Meeting Activities"}]
    assert not summary["quality_issues"]["ragged_rows"]["too_few_fields"]["count"]


@pytest.mark.parametrize(
    "head",
    [
        "Meeting title\tWeekly sync\nStart time\t9:58\n2. Participants\n",  # no blank line after the pairs
        "1. Summary\nMeeting title\tWeekly sync\n\n",  # no title right above the table
        "Meeting title\tWeekly sync\n\n2. Participants\n\n",  # a blank line between title and table
        "Meeting title\tWeekly sync\nStart time\t9:58\n\n2. Participants\n",  # no title opens the pairs
        "1. Summary\nMeeting title\tWeekly sync\n\n2\n",  # a number is no title
    ],
    ids=["no-blank", "no-title", "blank-under-title", "no-opening-title", "number-title"],
)
def test_key_values_are_skipped_only_in_the_titled_report_s_shape(head: str) -> None:
    from csvpipe.core.dialect import _first_lines, _key_values_above_a_titled_table

    sample = head + TEAMS_PARTICIPANTS
    assert _key_values_above_a_titled_table(sample, _first_lines(sample), "\t", '"') == 0


def test_a_summary_line_above_headerless_rows_is_a_note() -> None:
    """PNC's account activity export: the account, the period and two balances in five fields above
    transactions in six, no header. Until 2026-11-28 the first line set the width: every
    transaction had one field too many, and the balances were a row."""
    rows = "".join(
        f"2024/01/{1 + i % 28:02d},{i * 3.25 + 1:.2f},POS PURCHASE {i},,{100000 + i},{'DC'[i % 2]}\n"
        for i in range(30)
    )
    summary = profile_bytes(("1234567890,2024/01/01,2024/01/31,1000.00,1500.00\n" + rows).encode())
    assert summary["source"]["preamble"] == [
        {"line": 1, "text": "1234567890,2024/01/01,2024/01/31,1000.00,1500.00"}
    ]
    assert summary["source"]["dialect"]["header"] is False
    assert summary["row_count"] == 30
    assert summary["schema"]["column_1"] == "date"
    assert len(summary["schema"]) == 6
    assert summary["quality_issues"]["ragged_rows"]["too_many_fields"]["count"] == 0


@pytest.mark.parametrize(
    "text",
    [
        # One short row among rows of one width further down: ragged rows, not a note.
        "1,2,3\n" + "4,5,6\n" * 3 + "7,8\n" + "9,10,11\n" * 5,
        # A first row one field short of too few rows below to tell.
        "1,2\n" + "3,4,5\n" * 4,
    ],
)
def test_a_first_row_of_another_width_stays_a_row_without_a_consistent_table_below(text: str) -> None:
    summary = profile_bytes(text.encode())
    assert summary["source"]["preamble"] == []


def test_a_split_file_with_a_summary_line_reads_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(
        f"2024/01/{1 + i % 28:02d},{i * 3.25 + 1:.2f},POS {i},,{100000 + i},{'DC'[i % 2]}\n"
        for i in range(3000)
    )
    text = "1234567890,2024/01/01,2024/01/31,1000.00,1500.00\n" + rows
    assert read_in_small_parts(tmp_path / "activity.csv", text, monkeypatch)["row_count"] == 3000


def _percent_commented(rows: int = 40) -> str:
    """Shaped as Berkeley Earth's summaries: "%" lines describing the series (one with a "%" of its
    own), a blank line, aligned monthly anomalies with NaN for what is not known."""
    notes = "% This file contains a brief summary of the land-surface average results\n%\n"
    notes += "% Uncertainties represent the 95% confidence interval.\n% Year, Month,  Anomaly, Unc.\n%\n\n"
    body = "".join(
        f"  {1850 + i // 12}   {1 + i % 12:>2}   {'NaN' if i < 3 else f'{i % 7 - 3}.25':>7}  0.{i % 9}00\n"
        for i in range(rows)
    )
    return notes + body


def test_a_block_of_percent_comments_is_skipped() -> None:
    """MATLAB's, Octave's and Berkeley Earth's comments. Until 2026-11-28 the file was one column of
    text named after its first comment."""
    summary = profile_bytes(_percent_commented().encode())
    source = summary["source"]
    assert source["preamble_lines"] == 5  # (the blank line under them is a blank line)
    assert source["dialect"]["delimiter_name"] == "space"
    assert source["dialect"]["comment"] == "#"  # (runs of spaces always take "#" lines for comments)
    assert summary["row_count"] == 40
    assert list(summary["schema"].values()) == ["int", "int", "float", "float"]
    assert summary["columns"]["column_3"]["missing"] == 3


def test_a_single_percent_line_stays_the_header() -> None:
    summary = profile_bytes(("%Change,Value\n" + "".join(f"{i}.5,{i}\n" for i in range(10))).encode())
    assert summary["source"]["preamble"] == []
    assert summary["schema"] == {"%Change": "float", "Value": "int"}


def test_values_that_open_with_percent_are_no_comments() -> None:
    """A "%" block with no end in the sample is values (a first draft skipped all but the last line
    and refused the file as HEADER_ONLY)."""
    summary = profile_bytes(("pattern\n" + "".join(f"%abc{i}%\n" for i in range(30))).encode())
    assert summary["row_count"] == 30
    summary = profile_bytes("".join(f"%{i}\n" for i in range(30)).encode())
    assert summary["source"]["preamble"] == []
    assert summary["row_count"] == 29


def test_a_split_file_under_percent_comments_reads_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Complete_TAVG_summary.txt"
    assert read_in_small_parts(path, _percent_commented(rows=3000), monkeypatch)["row_count"] == 3000

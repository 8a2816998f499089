"""The benchmark's CSV as an .xlsx workbook, as a spreadsheet program saves it: dates as date
cells, scores as numbers (empty when skipped), the rest as text.

Usage: bench_workbook.py FILE.csv FILE.xlsx
"""
import csv
import sys
from datetime import datetime

from openpyxl import Workbook

source, target = sys.argv[1], sys.argv[2]
book = Workbook(write_only=True)
sheet = book.create_sheet("Responses")
with open(source, newline="", encoding="utf-8") as f:
    rows = csv.reader(f)
    header = next(rows)
    sheet.append(header)
    date, score = header.index("submitted_at"), header.index("score")
    for row in rows:
        cells = list(row)
        cells[date] = datetime.fromisoformat(row[date].replace("Z", "+00:00")).replace(tzinfo=None)
        cells[score] = int(row[score]) if row[score] else None
        sheet.append(cells)
book.save(target)

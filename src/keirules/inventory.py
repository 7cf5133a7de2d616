"""Inventories: the routes into a market for every vehicle of a catalog, row by row.

``keirules routes STOCK.csv --market US --state CO`` reads the catalog as ``keirules check``
does (a CSV header naming spec fields, a quantity column carrying its unit in brackets; a
Parquet file with the same column names and typed columns; or one spec object a line in JSON
Lines), decides every route for each vehicle, and streams one output
row per input row: each route's status and ``opens_on``. A bad row gets its error and the others
their results. A summary for people says how many vehicles can come in now, how many open in the
next twelve months, and how many each route opens for.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from keirules.errors import InputFileError, KeirulesError
from keirules.serialize import inventory_row_json, inventory_summary_json, to_json
from keirules.vehicle import Vehicle, vehicle_from_mapping

__all__ = ["InventoryRow", "InventorySummary", "read_vehicles",
           "route_inventory"]

_MAX_ROWS_SHOWN: Final = 20


@dataclass(frozen=True)
class InventoryRow:
    """One vehicle of an inventory: its routes' statuses and opening days, or its error."""

    row: int
    name: str | None
    statuses: dict[str, str] = field(default_factory=dict)
    opens_on: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None

    @property
    def best(self) -> str:
        if self.error is not None:
            return "error"
        for status in ("open", "undetermined"):
            if status in self.statuses.values():
                return status
        return "closed"

    def first_opening(self) -> dt.date | None:
        days = [dt.date.fromisoformat(d) for d in self.opens_on.values() if d]
        return min(days) if days else None

    def as_dict(self) -> dict[str, Any]:
        return inventory_row_json(self)


@dataclass
class InventorySummary:
    """Counts over the whole inventory, for the table people read."""

    market: str
    region: str | None
    on: dt.date
    rows: int = 0
    errors: int = 0
    now: int = 0
    within_year: int = 0
    undetermined: int = 0
    opened_by_route: Counter[str] = field(default_factory=Counter)
    bad_rows: list[str] = field(default_factory=list)

    def add(self, result: InventoryRow) -> None:
        self.rows += 1
        if result.error is not None:
            self.errors += 1
            if len(self.bad_rows) < _MAX_ROWS_SHOWN:
                self.bad_rows.append(f"row {result.row}: {result.error}")
            return
        for route, status in result.statuses.items():
            if status == "open":
                self.opened_by_route[route] += 1
        best = result.best
        if best == "open":
            self.now += 1
            return
        if best == "undetermined":
            self.undetermined += 1
        first = result.first_opening()
        if first is not None and first <= _a_year_after(self.on):
            self.within_year += 1

    @property
    def exit_code(self) -> int:
        """2 if a row was bad, else 1 if some vehicle has no route that is open or may be, else
        3 if some has none open, else 0: the worst of the vehicles'."""
        if self.errors:
            return 2
        closed = self.rows - self.now - self.undetermined
        if closed:
            return 1
        return 3 if self.undetermined else 0

    def as_dict(self) -> dict[str, Any]:
        return inventory_summary_json(self)


def _a_year_after(day: dt.date) -> dt.date:
    from keirules.dates import add_years

    return add_years(day, 1)


def read_vehicles(path: str | Path) -> Iterator[tuple[int, Vehicle | KeirulesError]]:
    """Each row of a CSV or JSON Lines catalog as a vehicle, or the error that row has.

    A file that cannot be read at all (no header, an unknown column) raises at once.
    """
    name = str(path)
    if name.lower().endswith(".jsonl"):
        yield from _jsonl(name)
    elif name.lower().endswith(".csv"):
        yield from _csv(name)
    elif name.lower().endswith(".parquet"):
        yield from _parquet(name)
    else:
        raise InputFileError("is not a catalog: the file name ends in none of .csv, .jsonl "
                             "and .parquet.", file=name)


def _open(name: str) -> TextIO:
    try:
        return open(name, encoding="utf-8", newline="", errors="strict")
    except FileNotFoundError:
        raise InputFileError("no such file.", file=name) from None
    except OSError as exc:
        raise InputFileError(f"cannot be read: {exc.strerror}.", file=name) from None


def _lines(handle: TextIO, name: str) -> Iterator[str]:
    number = 0
    while True:
        number += 1
        try:
            line = handle.readline()
        except UnicodeDecodeError:
            raise InputFileError("is not UTF-8 text.", file=name, line=number) from None
        if not line:
            return
        yield line


def _jsonl(name: str) -> Iterator[tuple[int, Vehicle | KeirulesError]]:
    from keirules.yamlload import load_json_text

    with _open(name) as handle:
        row = 0
        for number, line in enumerate(_lines(handle, name), start=1):
            if not line.strip():
                continue
            row += 1
            try:
                data = load_json_text(line, name)
            except KeirulesError as exc:  # its line is within the line: give the file's
                yield row, InputFileError(exc.message, file=name, line=number)
                continue
            try:
                yield row, vehicle_from_mapping(data, file=name)
            except KeirulesError as exc:
                yield row, exc.located(file=name, line=number)


def _csv(name: str) -> Iterator[tuple[int, Vehicle | KeirulesError]]:
    from keirules.batch.read.header import parse_header
    from keirules.batch.read.lines import sniff_delimiter

    delimiter = sniff_delimiter(name, None)  # as keirules check: ';', tab or '|' if no comma
    with _open(name) as handle:
        reader = csv.reader(_lines(handle, name), delimiter=delimiter)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputFileError(f"has a header that cannot be read as CSV: {exc}.",
                                 file=name, line=1) from None
        if header is None:
            raise InputFileError("is empty; a catalog starts with a header naming its "
                                 "columns.", file=name)
        columns = parse_header(header, file=name)
        row = 0
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                row += 1
                yield row, InputFileError(f"cannot be read as CSV: {exc}.", file=name,
                                          line=start)
                return
            if cells is None:
                return
            if not any(cell.strip() for cell in cells):
                continue
            row += 1
            if len(cells) != len(columns):
                yield row, InputFileError(f"has {len(cells)} cells; the header names "
                                          f"{len(columns)} columns.", file=name, line=start)
                continue
            try:
                yield row, vehicle_from_mapping(_mapping(columns, cells), file=name)
            except KeirulesError as exc:
                yield row, exc.located(file=name, line=start)


def _parquet(name: str) -> Iterator[tuple[int, Vehicle | KeirulesError]]:
    """A Parquet catalog: its typed columns written as cells exactly as ``keirules check``
    writes them (floats by their shortest text, dates ISO), then read as a CSV row is."""
    from keirules.batch.read import arrow as arrow_read

    arrow_read.require(f"{name}, a Parquet catalog,")
    from keirules.batch.read.header import parse_header
    from keirules.frames.arrow_table import arrow_reader

    names, tables = arrow_read.parquet_batches(name)
    columns = parse_header(names, file=name)
    row = 0
    for table in tables:
        readers = [arrow_reader(table.column(j), column) for j, column in enumerate(columns)]
        read = [reader(0, table.num_rows) for reader in readers]
        for index in range(table.num_rows):
            row += 1
            problem = next((errors[index] for _, errors in read if index in errors), None)
            if problem is not None:
                yield row, problem.located(file=name)
                continue
            cells = [cells[index] or "" for cells, _ in read]
            try:
                yield row, vehicle_from_mapping(_mapping(columns, cells), file=name)
            except KeirulesError as exc:
                yield row, exc.located(file=name)


def _mapping(columns: Sequence[Any], cells: Sequence[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    features: dict[str, Any] = {}
    from keirules.batch.check.text_cells import missing_spellings

    for column, raw in zip(columns, cells, strict=True):
        cell = raw.strip()
        if not cell or cell in missing_spellings(column.field, column.spec.kind):
            continue  # as keirules check: never in the name column; NA is Namibia in market
        if column.field.startswith("features."):
            features[column.field[len("features."):]] = {"true": True, "false": False}.get(
                cell.lower(), cell)
        elif column.unit is not None:
            spec[column.field] = {"value": cell, "unit": column.unit.symbol}
        elif column.spec.kind == "integer" and cell.isascii() and cell.isdigit():
            spec[column.field] = int(cell)
        else:
            spec[column.field] = cell
    if features:
        spec["features"] = features
    return spec


def route_inventory(path: str | Path, market: str = "US", on: Any = None, *,
                    region: str | None = None, markets_dir: Sequence[str | Path] = (),
                    ) -> tuple[InventorySummary, list[str], Iterator[InventoryRow]]:
    """The summary (filled as the rows are consumed), the route ids, and the rows."""
    from keirules.api import resolve_on
    from keirules.markets import find_market
    from keirules.regions import find_region
    from keirules.rulesets.registry import default_catalog

    found = find_market(market, markets_dir)
    route_ids = [route.id for route in found.routes]
    if region is not None:  # an unknown region is refused before any row is read
        route_ids += [route.id for route in find_region(found, region).routes]
    day = resolve_on(on)
    summary = InventorySummary(found.code, region.upper() if region else None, day)
    vehicles = read_vehicles(path)

    def rows() -> Iterator[InventoryRow]:
        from keirules.routing import routes

        catalog = default_catalog()
        for row, item in vehicles:
            if isinstance(item, KeirulesError):
                result = InventoryRow(row, None, error=_one_line(item))
            else:
                try:
                    report = routes(item, found, day, region=region, catalog=catalog)
                except KeirulesError as exc:
                    result = InventoryRow(row, item.name, error=_one_line(exc))
                else:
                    result = InventoryRow(
                        row, item.name,
                        {r.route.id: r.status for r in report.routes},
                        {r.route.id: r.opens_on.isoformat() if r.opens_on else None
                         for r in report.routes})
            summary.add(result)
            yield result

    return summary, route_ids, rows()


def _one_line(error: KeirulesError) -> str:
    return " ".join(str(error).split())


def write_csv(route_ids: Sequence[str], rows: Iterator[InventoryRow], out: TextIO) -> None:
    """One line per vehicle: row, name, best, then each route's status and opens_on, error."""
    writer = csv.writer(out, lineterminator="\n")
    header = ["row", "name", "best"]
    for route in route_ids:
        header += [f"{route}.status", f"{route}.opens_on"]
    writer.writerow([*header, "error"])
    for result in rows:
        cells: list[Any] = [result.row, result.name or "", result.best]
        for route in route_ids:
            cells += [result.statuses.get(route, ""), result.opens_on.get(route) or ""]
        cells.append(result.error or "")
        writer.writerow(cells)


def write_jsonl(rows: Iterator[InventoryRow], out: TextIO) -> None:
    for result in rows:
        out.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")


to_json.register(InventoryRow, inventory_row_json)
to_json.register(InventorySummary, inventory_summary_json)

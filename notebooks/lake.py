"""Shared helpers for the CreditLake notebooks: read the lake's Delta tables with delta-rs.

No Spark and no cluster: `deltalake` (delta-rs) reads the Delta log and the Parquet files
directly, from a local folder or from S3. The notebooks use three things from here:

    lake = Lake(LAKE, STORAGE_OPTIONS)          # a local path, file://, s3:// or s3a://
    df = lake.read("gold/risk_scores", columns=[...], filters=[("snapshot_date", "=", "2026-11-21")])
    setup()                                     # pandas display options, a CJK font for charts

`read` gives an empty DataFrame (and says so once) for a table the lake does not have, so a
notebook can show "no model yet" instead of failing. Dates come back as datetime64, Delta
decimals (the amounts) as floats.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

SOURCES = ["registration", "tax", "loan", "litigation"]

# Every table the pipeline writes (README, "The lake").
TABLES = (
    [f"bronze/{s}" for s in SOURCES]
    + [f"silver/{s}" for s in SOURCES]
    + ["quarantine", "ops/runs"]
    + [f"gold/{t}" for t in ("entity_profiles", "abnormal_list_history", "abnormal_list_stats", "risk_flags",
                             "risk_scores", "model_metrics", "model_monitoring", "submission_rates")]
)

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "SimHei"]

# conf/reference next to the notebooks (district and industry names); optional.
REFERENCE = Path(__file__).resolve().parent.parent / "conf" / "reference"


# ---------------------------------------------------------------------------------------------
# Where the lake is

def lake_uri(lake: str) -> str:
    """The URI delta-rs understands: s3a:// (Hadoop's spelling, as in conf/cluster-s3.yaml) becomes
    s3://; a local path becomes absolute; other URIs (s3://, file://, gs://, az://) pass."""
    lake = str(lake).strip().rstrip("/")
    if lake.startswith("s3a://"):
        return "s3://" + lake[len("s3a://"):]
    if "://" in lake:
        return lake
    return str(Path(lake).expanduser().resolve())


def storage_options_from_env() -> dict:
    """delta-rs storage options for S3 from the environment: AWS_ENDPOINT_URL (or the cluster
    profile's CREDITLAKE_S3_ENDPOINT), AWS_ALLOW_HTTP (or CREDITLAKE_S3_SSL=false), AWS_REGION and
    the credentials AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN. Nothing is
    written anywhere; delta-rs also falls back to instance or pod roles by itself."""
    env = os.environ
    opts = {}
    endpoint = env.get("AWS_ENDPOINT_URL") or env.get("CREDITLAKE_S3_ENDPOINT")
    if endpoint:
        opts["AWS_ENDPOINT_URL"] = endpoint
        if endpoint.startswith("http://"):
            opts["AWS_ALLOW_HTTP"] = "true"
    if env.get("AWS_ALLOW_HTTP"):
        opts["AWS_ALLOW_HTTP"] = env["AWS_ALLOW_HTTP"]
    elif env.get("CREDITLAKE_S3_SSL", "").lower() == "false":
        opts["AWS_ALLOW_HTTP"] = "true"
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    opts["AWS_REGION"] = region or "us-east-1"  # S3-compatible stores (MinIO, Ceph) accept any
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        if env.get(key):
            opts[key] = env[key]
    return opts


# ---------------------------------------------------------------------------------------------
# Reading tables

class Lake:
    """A CreditLake lake: `read(name)` gives a table (e.g. "gold/risk_scores") as a DataFrame."""

    def __init__(self, lake: str, storage_options: dict | None = None):
        self.uri = lake_uri(lake)
        if storage_options is None and self.uri.startswith("s3://"):
            storage_options = storage_options_from_env()
        self.storage_options = storage_options or None
        self._said_missing: set[str] = set()

    def __repr__(self) -> str:
        return f"Lake({self.uri!r})"

    def path(self, name: str) -> str:
        return f"{self.uri}/{name.strip('/')}"

    def table(self, name: str) -> DeltaTable | None:
        """The Delta table, or None when the lake has no such table (yet)."""
        try:
            return DeltaTable(self.path(name), storage_options=self.storage_options)
        except TableNotFoundError:
            return None

    def exists(self, name: str) -> bool:
        return self.table(name) is not None

    def read(self, name: str, columns: list[str] | None = None, filters=None) -> pd.DataFrame:
        """The table as a pandas DataFrame: only `columns` when given; `filters` in pyarrow's DNF
        form, e.g. [("snapshot_date", "=", "2026-11-21")] or [("source", "in", ["tax", "loan"])]
        (ISO strings are fine for date columns; a filter on a partition column skips the other
        partitions' files). A missing table gives an empty DataFrame and a note, once."""
        dt = self.table(name)
        if dt is None:
            if name not in self._said_missing:
                print(f"note: the lake has no table {name} ({self.path(name)})")
                self._said_missing.add(name)
            return pd.DataFrame(columns=columns or [])
        schema = pa.schema(dt.schema())
        table = dt.to_pyarrow_table(columns=columns, filters=_typed_filters(filters, schema))
        return to_pandas(table)

    def latest(self, name: str, column: str):
        """The greatest value of `column` (e.g. the latest snapshot_date), or None for an empty or
        missing table."""
        df = self.read(name, columns=[column])
        return None if df.empty else df[column].max()

    def overview(self) -> pd.DataFrame:
        """One row per table of the lake: version, files, rows, partition columns, last commit."""
        rows = []
        for name in TABLES:
            dt = self.table(name)
            if dt is None:
                rows.append({"table": name, "exists": False})
                continue
            adds = pa.table(dt.get_add_actions(flatten=True))
            last = dt.history(1)[0]
            rows.append({
                "table": name,
                "exists": True,
                "version": dt.version(),
                "files": adds.num_rows,
                "rows": sum(v or 0 for v in adds.column("num_records").to_pylist()) if adds.num_rows else 0,
                "MB": round(sum(adds.column("size_bytes").to_pylist()) / 1e6, 2) if adds.num_rows else 0.0,
                "partitioned by": ", ".join(dt.metadata().partition_columns),
                "last commit": pd.Timestamp(last["timestamp"], unit="ms", tz="UTC"),
                "last operation": last.get("operation"),
            })
        return pd.DataFrame(rows)


def _typed_filters(filters, schema: pa.Schema):
    """ISO strings (or pandas Timestamps) compared with a date or timestamp column become dates;
    pyarrow does not compare a date32 column with a string."""
    if not filters:
        return None
    if isinstance(filters, pc.Expression):
        return filters

    def conv(col, value):
        if col not in schema.names:
            return value
        typ = schema.field(col).type
        if isinstance(value, (list, tuple, set)):
            return [conv(col, v) for v in value]
        if pa.types.is_date(typ):
            if isinstance(value, str):
                return _dt.date.fromisoformat(value[:10])
            if isinstance(value, (pd.Timestamp, _dt.datetime)):
                return value.date()
        if pa.types.is_timestamp(typ) and isinstance(value, str):
            return pd.Timestamp(value, tz="UTC").to_pydatetime()
        return value

    def one(f):
        col, op, value = f
        return (col, op, conv(col, value))

    if filters and isinstance(filters[0], list):   # OR of ANDs
        return [[one(f) for f in conj] for conj in filters]
    return [one(f) for f in filters]


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Decimals (the amounts) become floats; dates become datetime64 (plots and comparisons work)."""
    fields = []
    for f in table.schema:
        fields.append(pa.field(f.name, pa.float64()) if pa.types.is_decimal(f.type) else f)
    table = table.cast(pa.schema(fields))
    return table.to_pandas(date_as_object=False)


# ---------------------------------------------------------------------------------------------
# Presentation

_cjk_font: str | None = None
_cjk_checked = False


def setup(max_rows: int = 60) -> str | None:
    """pandas display options and matplotlib defaults; returns the CJK font used, or None."""
    pd.set_option("display.max_rows", max_rows)
    pd.set_option("display.max_columns", 40)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 120)
    import matplotlib
    matplotlib.rcParams.update({"figure.figsize": (10, 4.5), "figure.dpi": 100, "axes.grid": True,
                                "grid.alpha": 0.3, "axes.spines.top": False, "axes.spines.right": False})
    return cjk_font()


def cjk_font() -> str | None:
    """Make matplotlib draw Chinese (business names, districts, abnormal-list grounds) with the
    first installed of CJK_FONTS. Without one, say so once (stderr) and draw on: the characters show as
    boxes and matplotlib's per-glyph warnings are silenced. Never fails."""
    global _cjk_font, _cjk_checked
    if _cjk_checked:
        return _cjk_font
    _cjk_checked = True
    try:
        import matplotlib
        from matplotlib import font_manager
        installed = {f.name for f in font_manager.fontManager.ttflist}
        if not installed.intersection(CJK_FONTS):
            # matplotlib's font cache predates a font installed since: add the CJK ones directly
            for path in font_manager.findSystemFonts():
                if any(k in Path(path).name.lower() for k in ("notosanscjk", "wqy-zenhei", "simhei")):
                    try:
                        font_manager.fontManager.addfont(path)
                    except Exception:
                        pass
            installed = {f.name for f in font_manager.fontManager.ttflist}
        for name in CJK_FONTS:
            if name in installed:
                matplotlib.rcParams["font.family"] = "sans-serif"
                matplotlib.rcParams["font.sans-serif"] = [name] + list(matplotlib.rcParams["font.sans-serif"])
                matplotlib.rcParams["axes.unicode_minus"] = False   # CJK fonts often lack U+2212
                logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # "weight normal … using 500"
                _cjk_font = name
                return name
    except Exception as e:  # a broken font cache must not stop a notebook
        warnings.warn(f"could not look for a CJK font: {e}")
    print("warning: no CJK font found (tried " + ", ".join(CJK_FONTS) + "): charts label districts and sections "
          "in English, and Chinese text in a chart shows as boxes. Install one (e.g. `apt-get install fonts-noto-cjk`) "
          "to get Chinese labels.", file=sys.stderr)
    warnings.filterwarnings("ignore", message=r"Glyph .* missing from (current )?font")
    return None


def _reference(file: str, key: str) -> pd.DataFrame | None:
    path = REFERENCE / file
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str).drop_duplicates(key, keep="last").set_index(key)


def district_names(chinese: bool | None = None) -> dict[str, str]:
    """District code → name (conf/reference/shenzhen_districts.csv): Chinese when a CJK font is
    installed (or chinese=True), English otherwise. Empty when the file is not there."""
    ref = _reference("shenzhen_districts.csv", "code")
    if ref is None:
        return {}
    zh = cjk_font() is not None if chinese is None else chinese
    return {code: (r["name_zh"] if zh else r["name_en"]) for code, r in ref.iterrows()}


def section_names(chinese: bool | None = None) -> dict[str, str]:
    """GB/T 4754 section letter → name (conf/reference/gbt4754_sections.csv), like district_names."""
    ref = _reference("gbt4754_sections.csv", "section")
    if ref is None:
        return {}
    zh = cjk_font() is not None if chinese is None else chinese
    return {code: (r["name_zh"] if zh else r["name_en"]) for code, r in ref.iterrows()}


def label(codes, names: dict[str, str], width: int = 28):
    """'440303 Luohu' style labels for a chart axis."""
    def one(code):
        name = names.get(str(code))
        text = f"{code} {name}" if name else str(code)
        return text if len(text) <= width else text[: width - 1] + "…"
    return [one(c) for c in codes]


def say(text: str):
    """A sentence in the output as Markdown (e.g. that a table is empty)."""
    from IPython.display import Markdown, display
    display(Markdown(text))

"""Checks conf/airflow/creditlake_nightly.py the way Airflow 3 loads it; run by .ci/check-airflow.

Loads the folder through Airflow's DagBag (no scheduler, no metadata database: AIRFLOW_HOME is a
fresh temporary folder), checks the DAG's shape and renders every task's templates through
Airflow's own templating for the night that starts 01:30 on 2026-11-27 in Shanghai. Exit 0 when
all is well, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
DAG_FOLDER = REPO / "conf" / "airflow"
DAG_ID = "creditlake_nightly"
STEPS = ["ingest", "profiles", "flags", "train", "score", "rates", "report"]
MAIN_CLASS = "io.creditlake.jobs.cli.CreditLakeCommand"

# Before Airflow is imported: never the developer's ~/airflow or its database.
home = tempfile.mkdtemp(prefix="creditlake-airflow-")
atexit.register(shutil.rmtree, home, ignore_errors=True)
os.environ["AIRFLOW_HOME"] = home
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAG_FOLDER)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__LOGGING__LOGGING_LEVEL"] = "WARNING"
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{home}/airflow.db"
for k in [k for k in os.environ if k.startswith(("AIRFLOW_VAR_CREDITLAKE_", "CREDITLAKE_SPARK_CONN_ID"))]:
    del os.environ[k]  # the defaults are what is checked

t0 = time.monotonic()
import pendulum  # noqa: E402
from airflow.dag_processing.dagbag import DagBag  # noqa: E402
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator  # noqa: E402
from airflow.sdk.definitions.param import process_params  # noqa: E402
from airflow.sdk.execution_time.context import VariableAccessor  # noqa: E402
from airflow.serialization.serialized_objects import DagSerialization  # noqa: E402
from airflow.timetables.base import TimeRestriction  # noqa: E402
from airflow.timetables.trigger import CronTriggerTimetable  # noqa: E402

problems: list[str] = []


def check(ok: bool, message: str) -> None:
    if not ok:
        problems.append(message)


def fail_now() -> None:
    for p in problems:
        print(f"check-airflow: FAIL: {p}", file=sys.stderr)
    sys.exit(1)


bag = DagBag(dag_folder=str(DAG_FOLDER))
print(f"check-airflow: DagBag parsed {DAG_FOLDER.relative_to(REPO)} in {time.monotonic() - t0:.1f}s (imports included)")
for path, error in bag.import_errors.items():
    problems.append(f"import error in {path}:\n{error}")
# Warnings while parsing (deprecated Airflow 2 imports still work in Airflow 3 through shims that
# only warn) fail too: the pins make them deterministic, and the shims go away in later versions.
for path, warnings in bag.captured_warnings.items():
    problems.extend(f"warning while parsing {path}: {w}" for w in warnings)
check(DAG_ID in bag.dags, f"no DAG '{DAG_ID}' in {DAG_FOLDER} (found: {sorted(bag.dags)})")
if problems:
    fail_now()
dag = bag.dags[DAG_ID]

# --- shape -----------------------------------------------------------------------------------------
check(sorted(dag.task_ids) == sorted(STEPS), f"task ids are {sorted(dag.task_ids)}, expected {STEPS}")
for i, step in enumerate(STEPS):
    if not dag.has_task(step):
        continue
    t = dag.get_task(step)
    up = {STEPS[i - 1]} if i > 0 else set()
    down = {STEPS[i + 1]} if i + 1 < len(STEPS) else set()
    check(set(t.upstream_task_ids) == up, f"{step}: upstream {sorted(t.upstream_task_ids)}, expected {sorted(up)}")
    check(set(t.downstream_task_ids) == down, f"{step}: downstream {sorted(t.downstream_task_ids)}, expected {sorted(down)}")
    check(isinstance(t, SparkSubmitOperator), f"{step}: is a {type(t).__name__}, expected SparkSubmitOperator")
    check(getattr(t, "_java_class", None) == MAIN_CLASS, f"{step}: java_class {getattr(t, '_java_class', None)!r}, expected {MAIN_CLASS}")
    check((t.retries or 0) > 0, f"{step}: retries is {t.retries}, expected > 0")
    args = list(t.application_args or [])
    only = [args[j + 1] for j in range(len(args) - 1) if args[j] == "--only"]
    check(args[:1] == ["run"] and only == [step], f"{step}: application_args {args}, expected 'run' … '--only {step}'")
    rule = "all_done" if step == "report" else "all_success"
    check(str(t.trigger_rule).split(".")[-1].lower() == rule, f"{step}: trigger_rule {t.trigger_rule}, expected {rule}")
check(dag.max_active_runs == 1, f"max_active_runs is {dag.max_active_runs}, expected 1 (one writer on the lake)")
# The scheduler's view, through the serialized DAG as the DAG processor stores it: which logical
# date does the night that starts 01:30 on 2026-11-27 in Shanghai get? With a CronTriggerTimetable
# it is the trigger time itself, 2026-11-26T17:30Z, and that night processes business date 2026-11-26.
serialized = DagSerialization.from_dict(DagSerialization.to_dict(dag))
tt = serialized.timetable
check(isinstance(tt, CronTriggerTimetable), f"timetable is {type(tt).__name__}, expected CronTriggerTimetable "
      "(logical_date = trigger time; the business-date template relies on it)")
check(tt.summary == "30 1 * * *" and str(getattr(tt, "_timezone", "")) == "Asia/Shanghai",
      f"schedule is {tt.summary!r} in {getattr(tt, '_timezone', None)}, expected '30 1 * * *' in Asia/Shanghai")
after = pendulum.datetime(2026, 11, 26, 12, 0, tz="UTC")  # some time in the day before that night
info = tt.next_dagrun_info(last_automated_data_interval=None,
                           restriction=TimeRestriction(earliest=after, latest=None, catchup=True))
logical = info.logical_date if info else None
check(info is not None and info.run_after == pendulum.datetime(2026, 11, 26, 17, 30, tz="UTC"),
      f"the run after 2026-11-26T12:00Z starts at {info and info.run_after}, expected 2026-11-26T17:30Z (01:30 Shanghai)")
check(logical == pendulum.datetime(2026, 11, 26, 17, 30, tz="UTC"),
      f"the night of 2026-11-27 01:30 Shanghai gets logical date {logical}, expected 2026-11-26T17:30:00Z")
if problems:
    fail_now()


RUN_AFTER = datetime(2026, 11, 26, 17, 30, tzinfo=timezone.utc)


def render(task, conf: dict | None, logical_date):
    """Renders a copy of the task's templated fields the way a worker does, minus the server."""
    t = copy.copy(task)
    context = {
        "dag": dag, "task": t, "run_id": "scheduled__check",
        "params": process_params(dag, t, conf, suppress_exception=False),
        "var": {"value": VariableAccessor(deserialize_json=False), "json": VariableAccessor(deserialize_json=True)},
        # as a worker gets it from the API server: plain datetimes, run_after always set
        "dag_run": SimpleNamespace(logical_date=logical_date, run_after=RUN_AFTER, conf=conf or {}),
    }
    if logical_date is not None:  # Airflow 3 leaves logical_date out of the context when a run has none
        context["logical_date"] = logical_date
    t.render_template_fields(context, jinja_env=dag.get_template_env())
    return t


cases = [
    ("scheduled run", None, logical, "2026-11-26"),
    ("manual run without logical date", None, None, "2026-11-26"),
    ("trigger with params.date", {"date": "2026-11-20"}, logical, "2026-11-20"),
]
for label, conf, ld, want in cases:
    for step in STEPS:
        if not dag.has_task(step):
            continue
        try:
            t = render(dag.get_task(step), conf, ld)
        except Exception as e:  # a template that does not render is a failure like any other
            problems.append(f"{step} ({label}): rendering failed: {type(e).__name__}: {e}")
            continue
        want_args = ["run", "--date", want, "--only", step, "--config", "/opt/creditlake/conf/cluster-s3.yaml"]
        check(t.application_args == want_args, f"{step} ({label}): application_args {t.application_args}, expected {want_args}")
        check(t.name == f"creditlake-{step}-{want}", f"{step} ({label}): name {t.name!r}, expected 'creditlake-{step}-{want}'")
        check(t.application == "/opt/creditlake/jobs/target/creditlake-cluster.jar", f"{step} ({label}): application {t.application!r}")
        if step == STEPS[0] and label == cases[0][0]:
            print(f"check-airflow: {step} renders to: {t.application} {' '.join(t.application_args)} conf={t.conf}")

# A Variable overrides the default, and a trigger's param overrides the Variable.
os.environ["AIRFLOW_VAR_CREDITLAKE_CONFIG"] = "/etc/creditlake/from-variable.yaml"
try:
    got = render(dag.get_task(STEPS[0]), None, logical).application_args[-1]
    check(got == "/etc/creditlake/from-variable.yaml", f"Variable creditlake_config is not used: --config {got}")
    got = render(dag.get_task(STEPS[0]), {"config": "/tmp/from-param.yaml"}, logical).application_args[-1]
    check(got == "/tmp/from-param.yaml", f"param config does not win over the Variable: --config {got}")
except Exception as e:
    problems.append(f"rendering with overrides failed: {type(e).__name__}: {e}")
finally:
    del os.environ["AIRFLOW_VAR_CREDITLAKE_CONFIG"]

if problems:
    fail_now()
checks = f"{len(STEPS)} steps, linear chain, max_active_runs=1, business date rendered for {len(cases)} cases"
print(f"check-airflow: OK: DAG {DAG_ID}: {checks} ({time.monotonic() - t0:.1f}s)")

"""CreditLake's nightly run on Airflow 3: one spark-submit of `creditlake run --only STEP` per step.

Set-up, settings and what to do when a step fails: conf/airflow/README.md in the repository.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG, CronTriggerTimetable, Param, chain

TZ = "Asia/Shanghai"
STEPS = ["ingest", "profiles", "flags", "train", "score", "rates", "report"]  # the order `creditlake run` uses
MAIN_CLASS = "io.creditlake.jobs.cli.CreditLakeCommand"

# conn_id is not a templated field of SparkSubmitOperator, so it is read when this file is parsed;
# set it in the environment of the DAG processor and the workers alike (both parse this file).
SPARK_CONN_ID = os.environ.get("CREDITLAKE_SPARK_CONN_ID", "spark_creditlake")

# Run-time settings: the trigger's param if given, else the Airflow Variable creditlake_<key>, else
# this default. Read in templates, i.e. when a task runs, not at every parse of this file.
DEFAULTS = {
    "jar": "/opt/creditlake/jobs/target/creditlake-cluster.jar",
    "config": "/opt/creditlake/conf/cluster-s3.yaml",
    "driver_memory": "4g",
    "executor_memory": "8g",
    "shuffle_partitions": "64",
}


def setting(key: str) -> str:
    return "{{ params.%s or var.value.get('creditlake_%s', '%s') }}" % (key, key, DEFAULTS[key])


def business_date(run_time) -> str:
    """The day before `run_time` in Asia/Shanghai: a run starting 01:30 on Nov 27 is for Nov 26."""
    return pendulum.instance(run_time).in_timezone(TZ).subtract(days=1).to_date_string()


# The business date D. The schedule is a CronTriggerTimetable, so logical_date is the trigger time
# itself (2026-11-26T17:30Z = 01:30 on Nov 27 in Shanghai), not the start of a data interval, and
# D = logical_date in Shanghai minus one day. Airflow 3 lets a manual run have no logical date: it
# then counts from the time it was triggered (run_after). A trigger's `date` param wins over both.
BUSINESS_DATE = "{{ params.date or business_date(logical_date | default(dag_run.run_after, true)) }}"

with DAG(
    dag_id="creditlake_nightly",
    # Explicit timetable, not the string "30 1 * * *": what a cron string means depends on
    # [scheduler] create_cron_data_intervals, and the interval flavour would shift D by a day.
    schedule=CronTriggerTimetable("30 1 * * *", timezone=TZ),
    start_date=pendulum.datetime(2026, 11, 27, tz=TZ),  # go-live; history is loaded outside Airflow
    # Every business date needs its night: nights missed while Airflow was down run afterwards,
    # oldest first. (catchup defaults to False in Airflow 3.)
    catchup=True,
    # One run at a time, manual ones included: two writers on one Delta lake on S3 are unsafe
    # (Delta's default S3 log store is safe for one writing driver only; concurrent commits can be
    # lost). It does not see runs started outside Airflow, e.g. bin/creditlake-nightly from cron.
    max_active_runs=1,
    default_args={
        "retries": 2,  # transient S3 / cluster failures; a rerun of a step is idempotent
        "retry_delay": timedelta(minutes=10),
        # A step for D runs only after the same step succeeded for D-1: each night builds on the
        # last (point-in-time profiles, flags against the previous snapshot), so a failed night
        # stops the line instead of publishing scores computed without that night's data. (If the
        # next night already waits behind a failure, it holds the one run slot: README, failures.)
        "depends_on_past": True,
    },
    params={
        "date": Param(None, type=["null", "string"], pattern=r"^\d{4}-\d{2}-\d{2}$",
                      description="Business date YYYY-MM-DD; empty: the day before the run, Shanghai time"),
        **{k: Param(None, type=["null", "string"],
                    description=f"Empty: Variable creditlake_{k}, else {v}") for k, v in DEFAULTS.items()},
    },
    user_defined_macros={"business_date": business_date},
    tags=["creditlake"],
    doc_md=__doc__,
) as dag:
    chain(*[
        SparkSubmitOperator(
            task_id=step,
            conn_id=SPARK_CONN_ID,
            application=setting("jar"),
            java_class=MAIN_CLASS,
            name=f"creditlake-{step}-{BUSINESS_DATE}",  # the step and date, in the cluster's UI
            conf={
                "spark.driver.memory": setting("driver_memory"),
                "spark.executor.memory": setting("executor_memory"),
                "spark.sql.shuffle.partitions": setting("shuffle_partitions"),
            },
            application_args=["run", "--date", BUSINESS_DATE, "--only", step, "--config", setting("config")],
            # the report shows a failed night too, so it runs whatever happened before it
            trigger_rule="all_done" if step == "report" else "all_success",
        )
        for step in STEPS
    ])
